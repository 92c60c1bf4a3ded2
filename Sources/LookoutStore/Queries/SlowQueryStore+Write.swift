import Foundation
import GRDB
import LookoutCore

extension SlowQueryStore {
  /// A class of one project.
  struct ClassKey: Hashable {
    var project: Int64
    var classID: String
  }

  /// What one write adds to a `query_class` row.
  struct ClassUpdate {
    var info: SlowQueryBatch.ClassInfo
    var calls: Int64 = 0
    var firstSeen = Int64.max
    var lastSeen = Int64.min
    var sample: SlowQueryRecord

    init(info: SlowQueryBatch.ClassInfo, sample: SlowQueryRecord) {
      self.info = info
      self.sample = sample
    }

    mutating func add(_ record: SlowQueryRecord) {
      calls += 1
      firstSeen = min(firstSeen, record.timestamp)
      lastSeen = max(lastSeen, record.timestamp)
      if record.queryTime > sample.queryTime { sample = record }
    }
  }

  /// The columns of one block, filled call by call.
  struct ColumnBuilder {
    var timestamps: [Int64] = []
    var classIDs: [UInt32] = []
    var queryTimes: [Int64] = []
    var lockTimes: [Int64] = []
    var rowsSent: [Int64] = []
    var rowsExamined: [Int64] = []
    var rowsAffected: [Int64] = []
    var environments: [UInt32] = []
    var databases: [UInt32] = []
    var users: [UInt32] = []
    var hosts: [UInt32] = []
    var statements: [String] = []

    var rowCount: Int { timestamps.count }

    mutating func append(
      _ record: SlowQueryRecord, environment: UInt32,
      ids: (classID: UInt32, database: UInt32, user: UInt32, host: UInt32)
    ) {
      timestamps.append(record.timestamp)
      classIDs.append(ids.classID)
      queryTimes.append(record.queryTime)
      lockTimes.append(record.lockTime ?? .min)
      rowsSent.append(record.rowsSent ?? .min)
      rowsExamined.append(record.rowsExamined ?? .min)
      rowsAffected.append(record.rowsAffected ?? .min)
      environments.append(environment)
      databases.append(ids.database)
      users.append(ids.user)
      hosts.append(ids.host)
      statements.append(SlowQueryStore.capped(record.statement))
    }

    func batch() -> ColumnBatch {
      ColumnBatch(columns: [
        .int64(timestamps), .dictionary(classIDs), .int64(queryTimes), .int64(lockTimes),
        .int64(rowsSent), .int64(rowsExamined), .int64(rowsAffected), .dictionary(environments),
        .dictionary(databases), .dictionary(users), .dictionary(hosts), .string(statements),
      ])
    }
  }

  /// Adds the calls of `updates` to their `query_class` rows, creating new ones; a class's
  /// sample is its slowest call so far.
  func upsertClasses(_ updates: [ClassKey: ClassUpdate], in db: Database) throws {
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO query_class(project, class_id, engine, fingerprint, tables, calls,
          first_seen, last_seen, sample, sample_us, sample_ts, sample_db)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(project, class_id) DO UPDATE SET
          calls = calls + excluded.calls,
          first_seen = min(first_seen, excluded.first_seen),
          last_seen = max(last_seen, excluded.last_seen),
          sample = CASE WHEN excluded.sample_us > sample_us THEN excluded.sample ELSE sample END,
          sample_ts = CASE WHEN excluded.sample_us > sample_us
            THEN excluded.sample_ts ELSE sample_ts END,
          sample_db = CASE WHEN excluded.sample_us > sample_us
            THEN excluded.sample_db ELSE sample_db END,
          sample_us = max(sample_us, excluded.sample_us)
        """)
    for (key, update) in updates {
      try statement.execute(arguments: [
        key.project, key.classID, update.info.engine.rawValue,
        Self.capped(update.info.fingerprint), update.info.tables.joined(separator: ","),
        update.calls, update.firstSeen, update.lastSeen, Self.capped(update.sample.statement),
        update.sample.queryTime, update.sample.timestamp, update.sample.database,
      ])
    }
  }
}
