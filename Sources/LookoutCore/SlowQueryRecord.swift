/// One statement from a database's slow query log (MySQL/MariaDB slow log, PostgreSQL
/// `log_min_duration_statement`).
///
/// Decoders fill the wire fields; enrichment (LookoutAnalysis) fills ``fingerprint`` and
/// ``classID``. Times are microseconds since the Unix epoch, durations microseconds.
///
/// ```swift
/// let query = SlowQueryRecord(
///   timestamp: 1_717_545_600_000_000, engine: .mysql, statement: "SELECT 1",
///   queryTime: 1_250)
/// ```
public struct SlowQueryRecord: Sendable, Hashable {
  /// The database engine that logged the statement; it decides how it is fingerprinted.
  public enum Engine: String, Sendable, Hashable, CaseIterable {
    /// MySQL or MariaDB.
    case mysql
    /// PostgreSQL.
    case postgres
  }

  /// When the statement finished (`# Time:`, `SET timestamp=`, or the log line prefix),
  /// microseconds since epoch; 0 when the log gave no time at all.
  public var timestamp: Int64
  /// The engine that logged it.
  public var engine: Engine
  /// The statement as logged, without the trailing `;` (PostgreSQL `execute` statements
  /// carry their parameters in ``parameters``).
  public var statement: String
  /// Total execution time in microseconds (`Query_time`, `duration:`).
  public var queryTime: Int64
  /// Time spent waiting for locks in microseconds (`Lock_time`), when logged.
  public var lockTime: Int64?
  /// Rows sent to the client, when logged.
  public var rowsSent: Int64?
  /// Rows examined, when logged.
  public var rowsExamined: Int64?
  /// Rows affected, when logged (MySQL 8 `log_slow_extra`, MariaDB).
  public var rowsAffected: Int64?
  /// The current database (`use db;`, MariaDB `# Schema:`, PostgreSQL `%d`); empty when
  /// unknown.
  public var database: String
  /// The user (`# User@Host: user[user]`, PostgreSQL `%u`); empty when unknown.
  public var user: String
  /// The client host or address; empty when unknown.
  public var host: String
  /// The connection/thread/process id (`Id:`, `Thread_id:`, PostgreSQL `%p`), when logged.
  public var connectionID: Int64?
  /// Bound parameters of a prepared statement (PostgreSQL `parameters: $1 = '...'`), in
  /// order; empty when none.
  public var parameters: [String]
  /// Every other `Name: value` attribute the log gave (`Bytes_sent`, `Tmp_tables`,
  /// `Full_scan`, ...), as written.
  public var extra: [String: String]
  /// The normalised statement, filled by enrichment.
  public var fingerprint: String
  /// Stable id of the fingerprint's class, filled by enrichment.
  public var classID: String

  /// Creates a statement; every field not given is empty or absent.
  public init(
    timestamp: Int64, engine: Engine, statement: String, queryTime: Int64,
    lockTime: Int64? = nil, rowsSent: Int64? = nil, rowsExamined: Int64? = nil,
    rowsAffected: Int64? = nil, database: String = "", user: String = "", host: String = "",
    connectionID: Int64? = nil, parameters: [String] = [], extra: [String: String] = [:],
    fingerprint: String = "", classID: String = ""
  ) {
    self.timestamp = timestamp
    self.engine = engine
    self.statement = statement
    self.queryTime = queryTime
    self.lockTime = lockTime
    self.rowsSent = rowsSent
    self.rowsExamined = rowsExamined
    self.rowsAffected = rowsAffected
    self.database = database
    self.user = user
    self.host = host
    self.connectionID = connectionID
    self.parameters = parameters
    self.extra = extra
    self.fingerprint = fingerprint
    self.classID = classID
  }
}
