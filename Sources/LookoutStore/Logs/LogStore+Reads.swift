import Foundation
import GRDB
import LookoutCore

/// One step of log volume from the minute rollups.
public struct LogCountRow: Sendable, Hashable {
  /// Step start, µs since epoch.
  public var time: Int64
  /// The entries' environment.
  public var environment: String
  /// The entries' service.
  public var service: String
  /// The entries' source (file path, Loki `job`, `otlp`).
  public var source: String
  /// The entries' severity label.
  public var severity: LogSeverity
  /// Entries in the step.
  public var count: Int64
}

extension LogStore {
  /// The names a query can use on logs: the columns (``LogColumn/name``, with the trace
  /// and span ids as `trace_id` and `span_id`) then the attribute keys seen in `project`
  /// (at most ``LogFieldTable/maxKeysPerProject``), sorted.
  public func fieldNames(project: Int64) throws -> [String] {
    let columns = [
      "ts", "observed_ts", "severity_number", "level", "service", "env", "source", "body",
      "trace_id", "span_id", "pattern_id",
    ]
    let keys = try database.read { db in
      try String.fetchAll(
        db, sql: "SELECT name FROM log_field WHERE project = ? ORDER BY name", arguments: [project])
    }
    return columns + keys
  }

  /// Reads the blocks of `project` overlapping `range` on all cores and folds each into a
  /// partial result with `body` (see ``BlockStore/scan(_:project:range:columns:where:_:)``):
  /// the entry point of the query language. `body` gets every row of a block, also those
  /// outside `range`, with the `columns` asked for, keyed by ``LogColumn/rawValue``;
  /// dictionary columns hold ids (``dictionary`` turns them into strings and a filter's
  /// strings into ids).
  ///
  /// ```swift
  /// let columns: [LogColumn] = [.timestamp, .severity]
  /// let errors = try await store.scan(project: 1, range: range, columns: columns) { _, vectors in
  ///   let error = store.dictionary.existingID("ERROR", column: LogColumn.severity.name)
  ///   return zip(vectors[0]!.int64Values!, vectors[3]!.dictionaryIDs!)
  ///     .filter { range.contains($0.0) && $0.1 == error }.count
  /// }.reduce(0, +)
  /// ```
  public func scan<Partial: Sendable>(
    project: Int64, range: TimeRange, columns: [LogColumn],
    where keep: @Sendable (BlockInfo) -> Bool = { _ in true },
    _ body: @Sendable (BlockInfo, [Int: ColumnVector]) throws -> Partial
  ) async throws -> [Partial] {
    try await blocks.scan(
      database, project: project, range: range, columns: columns.map(\.rawValue), where: keep, body)
  }

  /// The newest entries in `range`, newest first, at most `limit`; entries with the same
  /// time keep their stored order.
  public func records(project: Int64, range: TimeRange, limit: Int = 1000) async throws
    -> [LogRecord]
  {
    let all = LogColumn.allCases
    let perBlock = try await scan(project: project, range: range, columns: all) {
      _, vectors -> [(Int64, Int, LogRecord)] in
      let times = vectors[LogColumn.timestamp.rawValue]?.int64Values ?? []
      var rows = times.indices.filter { range.contains(times[$0]) }
      rows.sort { times[$0] > times[$1] || (times[$0] == times[$1] && $0 > $1) }
      return rows.prefix(limit).map { (times[$0], $0, self.record(vectors, row: $0)) }
    }
    return perBlock.enumerated()
      .flatMap { block, rows in rows.map { (time: $0.0, block: block, row: $0.1, record: $0.2) } }
      .sorted { ($0.time, $0.block, $0.row) > ($1.time, $1.block, $1.row) }
      .prefix(limit).map(\.record)
  }

  /// The entry at `row` of vectors that hold every column (``LogColumn/allCases``).
  public func record(_ vectors: [Int: ColumnVector], row: Int) -> LogRecord {
    func int(_ column: LogColumn) -> Int64 { vectors[column.rawValue]?.int64Values?[row] ?? 0 }
    func word(_ column: LogColumn) -> String {
      dictionary.value(vectors[column.rawValue]?.dictionaryIDs?[row] ?? 0, column: column.name)
    }
    func text(_ column: LogColumn) -> String {
      vectors[column.rawValue]?.stringValues?[row] ?? ""
    }
    let high = int(.traceHigh)
    let low = int(.traceLow)
    let span = int(.spanID)
    return LogRecord(
      timestamp: int(.timestamp), observedTimestamp: int(.observedTimestamp),
      severityNumber: Int(int(.severityNumber)),
      severity: LogSeverity(rawValue: word(.severity)) ?? .unknown, body: text(.body),
      bodyTruncated: int(.flags) & LogColumn.bodyTruncatedFlag != 0, service: word(.service),
      environment: word(.environment), source: word(.source),
      attributes: LogAttributeText.decode(text(.attributes)),
      traceID: high == 0 && low == 0 ? nil : TraceKey(high: high, low: low).hex,
      spanID: span == 0 ? nil : SpanHex.format(UInt64(bitPattern: span)))
  }

  /// Entry counts per `step` over `range` by environment, service, source and severity,
  /// from the minute rollups, in time order; steps without entries are absent.
  public func counts(
    project: Int64, range: TimeRange, step: Int64 = Micros.perMinute, environment: String? = nil
  ) throws -> [LogCountRow] {
    let step = max(Micros.perMinute, step)
    var sql = "SELECT * FROM log_rollup WHERE project = ? AND minute >= ? AND minute < ?"
    var arguments: StatementArguments = [project, range.from, range.to]
    if let environment {
      guard let id = dictionary.existingID(environment, column: LogColumn.environment.name)
      else { return [] }
      sql += " AND env = ?"
      arguments += [Int64(id)]
    }
    let rows = try database.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
    var merged: [LogCountRow: Int64] = [:]
    for row in rows {
      func word(_ name: String, _ column: LogColumn) -> String {
        dictionary.value(UInt32(truncatingIfNeeded: row[name] as Int64), column: column.name)
      }
      let key = LogCountRow(
        time: Micros.floor(row["minute"], to: step), environment: word("env", .environment),
        service: word("service", .service), source: word("source", .source),
        severity: LogSeverity(rawValue: word("level", .severity)) ?? .unknown, count: 0)
      merged[key, default: 0] += row["count"] as Int64
    }
    return merged.map { key, count in
      var row = key
      row.count = count
      return row
    }.sorted {
      ($0.time, $0.environment, $0.service, $0.source, $0.severity.rawValue)
        < ($1.time, $1.environment, $1.service, $1.source, $1.severity.rawValue)
    }
  }

  /// Environments seen in the data.
  public func environments() -> [String] {
    dictionary.values(column: LogColumn.environment.name).filter { !$0.isEmpty }.sorted()
  }

  /// Services seen in the data.
  public func services() -> [String] {
    dictionary.values(column: LogColumn.service.name).filter { !$0.isEmpty }.sorted()
  }

  /// Sources seen in the data.
  public func sources() -> [String] {
    dictionary.values(column: LogColumn.source.name).filter { !$0.isEmpty }.sorted()
  }
}
