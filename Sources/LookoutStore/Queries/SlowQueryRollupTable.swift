import Foundation
import GRDB
import LookoutAnalysis
import LookoutCore

/// Minute rollups of slow queries per (environment, class, database, user, host): calls,
/// sums of time, lock time and rows, the largest time, and a mergeable ``QuantileSketch`` of
/// query time (1% relative error), so the Slow queries page never rescans raw blocks.
public enum SlowQueryRollupTable {
  /// Adds the `query_rollup` table.
  public static func registerMigrations(in migrator: inout DatabaseMigrator) {
    migrator.registerMigration("query_rollup v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE query_rollup(
            project INTEGER NOT NULL, minute INTEGER NOT NULL, env INTEGER NOT NULL,
            class INTEGER NOT NULL, db INTEGER NOT NULL, user INTEGER NOT NULL,
            host INTEGER NOT NULL, calls INTEGER NOT NULL, sum_us INTEGER NOT NULL,
            max_us INTEGER NOT NULL, lock_us INTEGER NOT NULL, rows_sent INTEGER NOT NULL,
            rows_examined INTEGER NOT NULL, sketch BLOB NOT NULL,
            PRIMARY KEY(project, minute, env, class, db, user, host)
          ) WITHOUT ROWID;
          CREATE INDEX query_rollup_class ON query_rollup(project, class, minute);
          """)
    }
  }

  /// The key of one rollup row; string dimensions are dictionary ids.
  struct Key: Hashable {
    var project: Int64
    var minute: Int64
    var environment: UInt32
    var classID: UInt32
    var database: UInt32
    var user: UInt32
    var host: UInt32
  }

  /// The measures of one rollup row.
  struct Measures {
    var calls: Int64 = 0
    var sumMicros: Int64 = 0
    var maxMicros: Int64 = 0
    var lockMicros: Int64 = 0
    var rowsSent: Int64 = 0
    var rowsExamined: Int64 = 0
    var sketch = QuantileSketch()

    mutating func add(_ record: SlowQueryRecord) {
      calls += 1
      sumMicros += record.queryTime
      maxMicros = max(maxMicros, record.queryTime)
      lockMicros += record.lockTime ?? 0
      rowsSent += record.rowsSent ?? 0
      rowsExamined += record.rowsExamined ?? 0
      sketch.add(Double(record.queryTime))
    }
  }

  /// Adds `rollups` to the stored rows in one upsert per key.
  static func upsert(_ rollups: [Key: Measures], in db: Database) throws {
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO query_rollup(project, minute, env, class, db, user, host, calls, sum_us,
          max_us, lock_us, rows_sent, rows_examined, sketch)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(project, minute, env, class, db, user, host) DO UPDATE SET
          calls = calls + excluded.calls, sum_us = sum_us + excluded.sum_us,
          max_us = max(max_us, excluded.max_us), lock_us = lock_us + excluded.lock_us,
          rows_sent = rows_sent + excluded.rows_sent,
          rows_examined = rows_examined + excluded.rows_examined,
          sketch = lookout_merge_sketch(sketch, excluded.sketch)
        """)
    for (key, measures) in rollups {
      try statement.execute(arguments: [
        key.project, key.minute, Int64(key.environment), Int64(key.classID),
        Int64(key.database), Int64(key.user), Int64(key.host), measures.calls,
        measures.sumMicros, measures.maxMicros, measures.lockMicros, measures.rowsSent,
        measures.rowsExamined, Data(measures.sketch.serialized()),
      ])
    }
  }
}
