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
  static func forEach(
    _ store: RequestStore, filter: RequestFilter, dimensions: RequestDimensionFilter,
    _ body: (Row) throws -> Void
  ) throws {
    var sql = """
      SELECT minute, env, domain, method, route, status_class, count, timed_count, sum_us, max_us, sketch
      FROM request_rollup WHERE project = ? AND minute >= ? AND minute < ?
      """
    let from = Micros.floor(filter.range.from, to: Micros.perMinute)
    var arguments: StatementArguments = [filter.project, from, filter.range.to]
    for (column, id) in dimensions.equalities {
      sql += " AND \(column) = ?"
      arguments += [Int64(id)]
    }
    try store.database.read { db in
      let rows = try GRDB.Row.fetchCursor(db, sql: sql, arguments: arguments)
      while let row = try rows.next() {
        let blob: Data = row[10]
        try body(
          Row(
            minute: row[0], environment: UInt32(row[1] as Int64), domain: UInt32(row[2] as Int64),
            method: UInt32(row[3] as Int64), route: UInt32(row[4] as Int64), statusClass: row[5],
            count: row[6], timedCount: row[7], sumMicros: row[8], maxMicros: row[9],
            sketch: try QuantileSketch(serialized: blob)))
      }
    }
  }
}
