import LookoutCore

/// Every call of one statement shape (one fingerprint) seen by a ``SlowQueryDigest``.
///
/// Times are in seconds, as slow logs and pt-query-digest show them.
public struct SlowQueryClass: Sendable, Hashable {
  /// Stable id of the fingerprint (16 hex digits).
  public let id: String
  /// The normalised statement.
  public let fingerprint: String
  /// The engine whose rules produced the fingerprint.
  public let engine: SlowQueryRecord.Engine
  /// Tables the statement touches, as written (`db.table` kept).
  public var tables: [String]
  /// Number of calls.
  public var calls = 0
  /// Query time of each call, seconds.
  public var queryTime = AttributeSummary()
  /// Lock time of the calls that logged one, seconds.
  public var lockTime = AttributeSummary()
  /// Rows sent of the calls that logged them.
  public var rowsSent = AttributeSummary()
  /// Rows examined of the calls that logged them.
  public var rowsExamined = AttributeSummary()
  /// Rows affected of the calls that logged them.
  public var rowsAffected = AttributeSummary()
  /// Calls per database (empty key: unknown).
  public var databases: [String: Int] = [:]
  /// Calls per user (empty key: unknown).
  public var users: [String: Int] = [:]
  /// Calls per client host (empty key: unknown).
  public var hosts: [String: Int] = [:]
  /// Earliest and latest timestamp of a call (microseconds; 0 when the log gave none).
  public var firstSeen: Int64 = .max
  /// Latest timestamp of a call (microseconds).
  public var lastSeen: Int64 = 0
  /// The slowest call, shown as the class's sample (pt-query-digest shows the worst too).
  public var sample: SlowQueryRecord

  /// Creates a class from its first call.
  public init(
    id: String, fingerprint: String, engine: SlowQueryRecord.Engine, tables: [String],
    first: SlowQueryRecord
  ) {
    self.id = id
    self.fingerprint = fingerprint
    self.engine = engine
    self.tables = tables
    self.sample = first
  }

  /// Counts one call.
  public mutating func add(_ call: SlowQueryRecord) {
    calls += 1
    queryTime.add(Double(call.queryTime) / 1e6)
    if let lock = call.lockTime { lockTime.add(Double(lock) / 1e6) }
    if let rows = call.rowsSent { rowsSent.add(Double(rows)) }
    if let rows = call.rowsExamined { rowsExamined.add(Double(rows)) }
    if let rows = call.rowsAffected { rowsAffected.add(Double(rows)) }
    databases[call.database, default: 0] += 1
    users[call.user, default: 0] += 1
    hosts[call.host, default: 0] += 1
    if call.timestamp != 0 {
      firstSeen = min(firstSeen, call.timestamp)
      lastSeen = max(lastSeen, call.timestamp)
    }
    if call.queryTime > sample.queryTime { sample = call }
  }

  /// Total query time of the calls, seconds.
  public var totalSeconds: Double { queryTime.sum }

  /// Rows examined per row sent (how much work each returned row cost); `nil` when either
  /// was not logged or nothing was sent.
  public var examinedPerSent: Double? {
    guard rowsExamined.count > 0, rowsSent.sum > 0 else { return nil }
    return rowsExamined.sum / rowsSent.sum
  }
}
