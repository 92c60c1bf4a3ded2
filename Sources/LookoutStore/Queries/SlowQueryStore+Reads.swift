import Foundation
import GRDB
import LookoutAnalysis
import LookoutCore

/// The figures of one class (or one class in one time step) summed from minute rollups.
public struct SlowQueryFigures: Sendable {
  /// Number of calls.
  public var calls: Int64 = 0
  /// Total query time, microseconds.
  public var sumMicros: Int64 = 0
  /// Largest query time, microseconds.
  public var maxMicros: Int64 = 0
  /// Total lock time, microseconds.
  public var lockMicros: Int64 = 0
  /// Rows sent, summed.
  public var rowsSent: Int64 = 0
  /// Rows examined, summed.
  public var rowsExamined: Int64 = 0
  /// Query time distribution, microseconds.
  public var sketch = QuantileSketch()

  /// Creates empty figures.
  public init() {}

  /// Mean query time, microseconds.
  public var avgMicros: Double? { calls > 0 ? Double(sumMicros) / Double(calls) : nil }
  /// 95th percentile of query time from the sketch, microseconds.
  public var p95Micros: Double? { sketch.quantile(0.95) }

  mutating func add(_ row: Row) throws {
    calls += row["calls"]
    sumMicros += row["sum_us"]
    maxMicros = max(maxMicros, row["max_us"])
    lockMicros += row["lock_us"]
    rowsSent += row["rows_sent"]
    rowsExamined += row["rows_examined"]
    let blob: Data = row["sketch"]
    sketch.merge(try QuantileSketch(serialized: blob))
  }
}

/// A class as stored: its fingerprint, tables and slowest sample.
public struct StoredQueryClass: Sendable, Hashable {
  /// Stable id of the fingerprint.
  public var id: String
  /// The engine whose rules made the fingerprint.
  public var engine: String
  /// The normalised statement.
  public var fingerprint: String
  /// Tables touched.
  public var tables: [String]
  /// Calls ever stored.
  public var calls: Int64
  /// First and last call, microseconds.
  public var firstSeen: Int64
  /// Last call, microseconds.
  public var lastSeen: Int64
  /// The slowest call's statement.
  public var sample: String
  /// The slowest call's query time, microseconds.
  public var sampleMicros: Int64
  /// When the slowest call ran, microseconds.
  public var sampleTimestamp: Int64
  /// The slowest call's database.
  public var sampleDatabase: String
}

extension SlowQueryStore {
  /// Per-class figures over the whole minutes of `range`, optionally in one environment.
  public func classFigures(project: Int64, range: TimeRange, environment: String? = nil)
    async throws -> [String: SlowQueryFigures]
  {
    let byID = try await rollupRows(project: project, range: range, environment: environment) { _ in
      0
    }
    return byID.reduce(into: [:]) { result, entry in result[entry.key.classID] = entry.value }
  }

  /// Per-class figures per time step (`step` microseconds, steps start at multiples of it),
  /// only of `classIDs` when given.
  public func classSeries(
    project: Int64, range: TimeRange, step: Int64, classIDs: Set<String>? = nil,
    environment: String? = nil
  ) async throws -> [String: [Int64: SlowQueryFigures]] {
    let keyed = try await rollupRows(
      project: project, range: range, environment: environment, classIDs: classIDs
    ) { minute in Micros.floor(minute, to: step) }
    var result: [String: [Int64: SlowQueryFigures]] = [:]
    for (key, figures) in keyed { result[key.classID, default: [:]][key.bucket] = figures }
    return result
  }

  /// Calls per database, user and host of one class over `range`, in one environment when
  /// given.
  public func breakdown(
    project: Int64, classID: String, range: TimeRange, environment: String? = nil
  ) async throws
    -> (databases: [String: Int64], users: [String: Int64], hosts: [String: Int64])
  {
    guard let classKey = dictionary.existingID(classID, column: SlowQueryColumn.classID.name)
    else { return ([:], [:], [:]) }
    var sql = """
      SELECT db, user, host, sum(calls) AS calls FROM query_rollup
      WHERE project = ? AND class = ? AND minute >= ? AND minute < ?
      """
    var arguments: StatementArguments = [project, Int64(classKey), range.from, range.to]
    if let environment {
      guard let env = dictionary.existingID(environment, column: SlowQueryColumn.environment.name)
      else { return ([:], [:], [:]) }
      sql += " AND env = ?"
      arguments += [Int64(env)]
    }
    sql += " GROUP BY db, user, host"
    let rows = try await database.read { [sql, arguments] db in
      try Row.fetchAll(db, sql: sql, arguments: arguments).map { row -> [Int64] in
        [row["db"], row["user"], row["host"], row["calls"]]
      }
    }
    var result: (databases: [String: Int64], users: [String: Int64], hosts: [String: Int64]) = (
      [:], [:], [:]
    )
    for row in rows {
      result.databases[name(row[0], .database), default: 0] += row[3]
      result.users[name(row[1], .user), default: 0] += row[3]
      result.hosts[name(row[2], .host), default: 0] += row[3]
    }
    return result
  }

  /// Every stored class of `project`, by id.
  public func storedClasses(project: Int64) async throws -> [String: StoredQueryClass] {
    try await database.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM query_class WHERE project = ?", arguments: [project])
        .reduce(into: [:]) { result, row in
          let stored = Self.storedClass(row)
          result[stored.id] = stored
        }
    }
  }

  /// One stored class, if known.
  public func storedClass(project: Int64, id: String) async throws -> StoredQueryClass? {
    try await database.read { db in
      try Row.fetchOne(
        db, sql: "SELECT * FROM query_class WHERE project = ? AND class_id = ?",
        arguments: [project, id]
      ).map(Self.storedClass)
    }
  }

  static func storedClass(_ row: Row) -> StoredQueryClass {
    let tables: String = row["tables"]
    return StoredQueryClass(
      id: row["class_id"], engine: row["engine"], fingerprint: row["fingerprint"],
      tables: tables.isEmpty ? [] : tables.split(separator: ",").map(String.init),
      calls: row["calls"], firstSeen: row["first_seen"], lastSeen: row["last_seen"],
      sample: row["sample"], sampleMicros: row["sample_us"], sampleTimestamp: row["sample_ts"],
      sampleDatabase: row["sample_db"])
  }

  private struct BucketKey: Hashable {
    var classID: String
    var bucket: Int64
  }

  private func name(_ id: Int64, _ column: SlowQueryColumn) -> String {
    dictionary.value(UInt32(truncatingIfNeeded: id), column: column.name)
  }

  /// Folds the rollup rows of `range` by class and by the bucket `bucketOf` gives.
  private func rollupRows(
    project: Int64, range: TimeRange, environment: String?, classIDs: Set<String>? = nil,
    bucketOf: @escaping @Sendable (Int64) -> Int64
  ) async throws -> [BucketKey: SlowQueryFigures] {
    var sql = """
      SELECT class, minute, calls, sum_us, max_us, lock_us, rows_sent, rows_examined, sketch
      FROM query_rollup WHERE project = ? AND minute >= ? AND minute < ?
      """
    var arguments: StatementArguments = [project, range.from, range.to]
    if let environment {
      guard let env = dictionary.existingID(environment, column: SlowQueryColumn.environment.name)
      else { return [:] }
      sql += " AND env = ?"
      arguments += [Int64(env)]
    }
    let dictionary = self.dictionary
    let wanted: Set<Int64>? = classIDs.map { ids in
      Set(
        ids.compactMap { dictionary.existingID($0, column: SlowQueryColumn.classID.name) }.map {
          Int64($0)
        })
    }
    return try await database.read { [sql, arguments] db in
      var result: [BucketKey: SlowQueryFigures] = [:]
      let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
      while let row = try cursor.next() {
        let classKey: Int64 = row["class"]
        if let wanted, !wanted.contains(classKey) { continue }
        let minute: Int64 = row["minute"]
        let key = BucketKey(
          classID: dictionary.value(
            UInt32(truncatingIfNeeded: classKey), column: SlowQueryColumn.classID.name),
          bucket: bucketOf(minute))
        try result[key, default: SlowQueryFigures()].add(row)
      }
      return result
    }
  }
}
