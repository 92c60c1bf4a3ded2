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
  public static func make(_ store: LogStore, project: Int64) -> BlockQuerySource {
    // Read only when a query names `@pattern`; an unreadable table shows no templates.
    let templates = LoadedOnce { (try? store.patternTemplates(project: project)) ?? [:] }
    let answerFromRollups: @Sendable (RollupStatsRequest) async throws -> QueryBatch? = {
      request in try answer(request, store: store, project: project)
    }
    return BlockQuerySource(
      name: "logs", store: store.blocks, reader: store.database, dictionary: store.dictionary,
      project: project, fields: fields(templates: templates),
      undeclared: { key in .attribute(key, column: LogColumn.attributes.rawValue) },
      rollups: answerFromRollups)
  }

  static func fields(templates: LoadedOnce<[Int64: String]>) -> [BlockField] {
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
          let names = templates.value
          let values = ids.map { names[$0] ?? "" }
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
    guard RollupGrouping<Int64>.fits(request, fields: Set(columns.keys)),
      request.aggregates.allSatisfy({ $0.function == .count && $0.field == nil })
    else { return nil }
    let names = columns.mapValues { store.dictionary.values(column: $0.name) }
    var grouping = RollupGrouping(request, empty: Int64(0))
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
        let count: Int64 = row[5]
        grouping.add(minute: row[0]) { field in
          guard let column = columns[field], let id = ids[column], let list = names[field],
            id >= 0, Int(id) < list.count
          else { return "" }
          return list[Int(id)]
        } _: {
          $0 += count
        }
      }
    }
    return grouping.batch { count, _ in .int(count) }
  }
}
