import Foundation
import GRDB
import LookoutAnalysis
import LookoutCore
import LookoutStore

/// Reads `request_rollup` rows of a filter.
enum RollupReader {
  struct Row {
    var minute: Int64
    var environment: UInt32
    var domain: UInt32
    var method: UInt32
    var route: UInt32
    var statusClass: Int
    var count: Int64
    var timedCount: Int64
    var sumMicros: Int64
    var maxMicros: Int64
    var sketch: QuantileSketch
  }

  /// Calls `body` for every rollup row of `filter` (minutes overlapping the range).
  ///
  /// - Parameter sketches: false leaves every row's sketch empty: decoding sketches is
  ///   most of the cost of reading rollups, and counts need none.
  static func forEach(
    _ store: RequestStore, filter: RequestFilter, dimensions: RequestDimensionFilter,
    sketches: Bool = true, _ body: (Row) throws -> Void
  ) throws {
    let (condition, arguments) = whereClause(filter, dimensions)
    let sql = """
      SELECT minute, env, domain, method, route, status_class, count, timed_count, sum_us, max_us,
      \(sketches ? "sketch" : "NULL")
      FROM request_rollup WHERE \(condition)
      """
    try store.database.read { db in
      let rows = try GRDB.Row.fetchCursor(db, sql: sql, arguments: arguments)
      while let row = try rows.next() {
        let blob: Data? = row[10]
        try body(
          Row(
            minute: row[0], environment: UInt32(row[1] as Int64), domain: UInt32(row[2] as Int64),
            method: UInt32(row[3] as Int64), route: UInt32(row[4] as Int64), statusClass: row[5],
            count: row[6], timedCount: row[7], sumMicros: row[8], maxMicros: row[9],
            sketch: try blob.map { try QuantileSketch(serialized: $0) } ?? QuantileSketch()))
      }
    }
  }

  /// The minutes of `filter` holding its longest requests: the `limit` minutes with the
  /// largest maximum request time, largest first. The `limit` slowest requests all lie in
  /// these minutes (a minute whose maximum is among the `limit` largest holds one of them),
  /// so a search for them reads only the blocks of these minutes.
  static func slowestMinutes(
    _ store: RequestStore, filter: RequestFilter, dimensions: RequestDimensionFilter, limit: Int
  ) throws -> [Int64] {
    let (condition, arguments) = whereClause(filter, dimensions)
    return try store.database.read { db in
      try Int64.fetchAll(
        db,
        sql: """
          SELECT minute FROM request_rollup WHERE \(condition) AND timed_count > 0
          GROUP BY minute ORDER BY MAX(max_us) DESC LIMIT ?
          """, arguments: arguments + [limit])
    }
  }

  /// The SQL condition (with its arguments) selecting the rollup rows of `filter`.
  private static func whereClause(_ filter: RequestFilter, _ dimensions: RequestDimensionFilter)
    -> (String, StatementArguments)
  {
    var sql = "project = ? AND minute >= ? AND minute < ?"
    let from = Micros.floor(filter.range.from, to: Micros.perMinute)
    var arguments: StatementArguments = [filter.project, from, filter.range.to]
    for (column, id) in dimensions.equalities {
      sql += " AND \(column) = ?"
      arguments += [Int64(id)]
    }
    return (sql, arguments)
  }
}
