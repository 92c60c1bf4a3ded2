import Foundation
import GRDB
import LookoutAnalysis

/// Minute rollups of requests per (environment, domain, method, route, status class).
///
/// Each row carries counts, the sum and max of latency, and a mergeable
/// ``QuantileSketch`` (1% relative error), so dashboards read percentiles over any range
/// of whole minutes without scanning raw blocks.
public enum RequestRollupTable {
  /// The SQL function that merges two serialized sketches during an upsert.
  static let mergeSketch = DatabaseFunction("lookout_merge_sketch", argumentCount: 2, pure: true) {
    values in
    guard let left = Data.fromDatabaseValue(values[0]) else { return values[1] }
    guard let right = Data.fromDatabaseValue(values[1]) else { return left }
    var sketch = try QuantileSketch(serialized: left)
    sketch.merge(try QuantileSketch(serialized: right))
    return Data(sketch.serialized())
  }

  /// Adds the `request_rollup` table.
  public static func registerMigrations(in migrator: inout DatabaseMigrator) {
    migrator.registerMigration("request_rollup v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE request_rollup(
            project INTEGER NOT NULL, minute INTEGER NOT NULL, env INTEGER NOT NULL,
            domain INTEGER NOT NULL, method INTEGER NOT NULL, route INTEGER NOT NULL,
            status_class INTEGER NOT NULL, count INTEGER NOT NULL, timed_count INTEGER NOT NULL,
            sum_us INTEGER NOT NULL, max_us INTEGER NOT NULL, sketch BLOB NOT NULL,
            PRIMARY KEY(project, minute, env, domain, method, route, status_class)
          ) WITHOUT ROWID
          """)
    }
  }

  /// The key of one rollup row; string dimensions are dictionary ids.
  struct Key: Hashable {
    var project: Int64
    var minute: Int64
    var environment: UInt32
    var domain: UInt32
    var method: UInt32
    var route: UInt32
    var statusClass: Int
  }

  /// The measures of one rollup row.
  struct Measures {
    var count: Int64 = 0
    var timedCount: Int64 = 0
    var sumMicros: Int64 = 0
    var maxMicros: Int64 = 0
    var sketch = QuantileSketch()

    mutating func add(latency: Int64?) {
      count += 1
      guard let latency, latency != Int64.min else { return }
      timedCount += 1
      sumMicros += latency
      maxMicros = max(maxMicros, latency)
      sketch.add(Double(latency))
    }
  }

  /// Adds `rollups` to the stored rows in one upsert per key.
  static func upsert(_ rollups: [Key: Measures], in db: Database) throws {
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO request_rollup(project, minute, env, domain, method, route, status_class,
          count, timed_count, sum_us, max_us, sketch)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(project, minute, env, domain, method, route, status_class) DO UPDATE SET
          count = count + excluded.count, timed_count = timed_count + excluded.timed_count,
          sum_us = sum_us + excluded.sum_us, max_us = max(max_us, excluded.max_us),
          sketch = lookout_merge_sketch(sketch, excluded.sketch)
        """)
    for (key, measures) in rollups {
      try statement.execute(arguments: [
        key.project, key.minute, Int64(key.environment), Int64(key.domain), Int64(key.method),
        Int64(key.route), key.statusClass, measures.count, measures.timedCount,
        measures.sumMicros, measures.maxMicros, Data(measures.sketch.serialized()),
      ])
    }
  }
}
