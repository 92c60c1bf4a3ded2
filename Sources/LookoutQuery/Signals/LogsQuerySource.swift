import GRDB
import LookoutCore
import LookoutStore

/// `source logs`: log entries of one project (OTLP logs, Loki push, tailed files).
///
/// Fields: `@timestamp`, `@message` (the body), `level` (`ERROR`, `WARN`... also as
/// `severity`), `severity_number`, `service`, `env`, `source` (dictionary), `trace_id`,
/// `span_id`, `@observed`, `pattern_id` and `@pattern` (the continuously mined pattern of
/// the entry's source: its id, 0 when none, and its template), and
/// every attribute by its key (`label.job`, `resource.host.name`, `user_id`), null where an
/// entry lacks it.
///
/// Minute rollups answer `stats count(*)` grouped by `env`, `service`, `source`, `level`
/// and whole-minute bins, under filters on those fields, over whole minutes.
public enum LogsQuerySource {
  /// The source over `store` for `project`.
  public static func make(_ store: LogStore, project: Int64) throws -> BlockQuerySource {
    let templates = try store.patternTemplates(project: project)
    let answerFromRollups: @Sendable (RollupStatsRequest) async throws -> QueryBatch? = {
      request in try answer(request, store: store, project: project)
    }
    return BlockQuerySource(
      name: "logs", store: store.blocks, reader: store.database, dictionary: store.dictionary,
      project: project, fields: fields(templates: templates),
      undeclared: { key in .attribute(key, column: LogColumn.attributes.rawValue) },
      rollups: answerFromRollups)
  }

  static func fields(templates: [Int64: String]) -> [BlockField] {
    @Sendable func column(_ column: LogColumn) -> Int { column.rawValue }
    func dictionaryField(_ name: String, _ logColumn: LogColumn) -> BlockField {
      .dictionary(name, logColumn.rawValue, dictionaryColumn: logColumn.name)
    }
    return [
      .integer("@timestamp", column(.timestamp), type: .timestamp),
      .text("@message", column(.body)),
      dictionaryField("level", .severity), dictionaryField("severity", .severity),
      .integer("severity_number", column(.severityNumber)),
      dictionaryField("service", .service), dictionaryField("env", .environment),
      dictionaryField("source", .source),
      BlockField(
        QueryFieldInfo(name: "trace_id", type: .string),
        columns: [column(.traceHigh), column(.traceLow)],
        .derived { vectors, count in
          guard let highs = vectors[column(.traceHigh)]?.int64Values,
            let lows = vectors[column(.traceLow)]?.int64Values
          else { return .nulls(count) }
          let present = zip(highs, lows).map { $0 != 0 || $1 != 0 }
          return QueryColumn(
            .string(
              zip(highs, lows).map { $0 == 0 && $1 == 0 ? "" : TraceKey(high: $0, low: $1).hex }),
            present: present.contains(false) ? present : nil)
        }),
      BlockField(
        QueryFieldInfo(name: "span_id", type: .string), columns: [column(.spanID)],
        .derived { vectors, count in
          guard let ids = vectors[column(.spanID)]?.int64Values else { return .nulls(count) }
          return QueryColumn(
            .string(ids.map { $0 == 0 ? "" : SpanHex.format(UInt64(bitPattern: $0)) }),
            present: ids.contains(0) ? ids.map { $0 != 0 } : nil)
        }),
      .integer("@observed", column(.observedTimestamp), type: .timestamp),
      .integer("pattern_id", column(.patternID)),
      BlockField(
        QueryFieldInfo(name: "@pattern", type: .string), columns: [column(.patternID)],
        .derived { vectors, count in
          guard let ids = vectors[column(.patternID)]?.int64Values else { return .nulls(count) }
          let values = ids.map { templates[$0] ?? "" }
          return QueryColumn(
            .string(values), present: values.contains("") ? values.map { !$0.isEmpty } : nil)
        }),
    ]
  }

  /// Counts from `log_rollup`, or nil when the question needs raw entries.
  static func answer(_ request: RollupStatsRequest, store: LogStore, project: Int64) throws
    -> QueryBatch?
  {
    let columns: [String: LogColumn] = [
      "env": .environment, "service": .service, "source": .source, "level": .severity,
      "severity": .severity,
    ]
    guard request.groupBy.allSatisfy({ columns[$0] != nil }),
      request.predicates.allSatisfy({ columns[$0.field] != nil }),
      request.aggregates.allSatisfy({ $0.function == .count && $0.field == nil }),
      Micros.floor(request.range.from, to: Micros.perMinute) == request.range.from,
      Micros.floor(request.range.to, to: Micros.perMinute) == request.range.to
    else { return nil }
    if let width = request.binWidth, width <= 0 || width % Micros.perMinute != 0 { return nil }
    let names = columns.mapValues { store.dictionary.values(column: $0.name) }
    var counts: [[String]: Int64] = [:]
    var order: [[String]] = []
    try store.database.read { db in
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT minute, env, service, source, level, count FROM log_rollup
          WHERE project = ? AND minute >= ? AND minute < ?
          """, arguments: [project, request.range.from, request.range.to])
      while let row = try rows.next() {
        let ids: [LogColumn: Int64] = [
          .environment: row[1], .service: row[2], .source: row[3], .severity: row[4],
        ]
        func value(_ field: String) -> String {
          guard let column = columns[field], let id = ids[column], let list = names[field],
            id >= 0, Int(id) < list.count
          else { return "" }
          return list[Int(id)]
        }
        let matches = request.predicates.allSatisfy { predicate in
          let actual = value(predicate.field)
          return predicate.values.contains { $0 == .string(actual) }
        }
        guard matches else { continue }
        var key = request.groupBy.map(value)
        if let width = request.binWidth {
          let minute: Int64 = row[0]
          let remainder = minute % width
          key.append(String(remainder < 0 ? minute - remainder - width : minute - remainder))
        }
        if counts[key] == nil { order.append(key) }
        counts[key, default: 0] += row[5] as Int64
      }
    }
    var output: [(String, QueryColumn)] = []
    for (position, field) in request.groupBy.enumerated() {
      let values = order.map { $0[position] }
      output.append((field, QueryColumn(.string(values), present: values.map { !$0.isEmpty })))
    }
    if request.binWidth != nil {
      let position = request.groupBy.count
      output.append(
        (request.binName ?? "bin", QueryColumn(.int(order.map { Int64($0[position]) ?? 0 }))))
    }
    for aggregate in request.aggregates {
      output.append((aggregate.outputName, QueryColumn(.int(order.map { counts[$0] ?? 0 }))))
    }
    return QueryBatch(rowCount: order.count, columns: output)
  }
}
