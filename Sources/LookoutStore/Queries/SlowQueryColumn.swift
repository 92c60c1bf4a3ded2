/// The columns of the raw slow-query blocks (`slow_queries_blocks` in `queries.sqlite`).
///
/// Positions are fixed forever: a new column may only be appended.
public enum SlowQueryColumn: Int, CaseIterable, Sendable {
  /// When the statement finished, microseconds since epoch.
  case timestamp
  /// The class id (dictionary).
  case classID
  /// Query time, microseconds.
  case queryTime
  /// Lock time, microseconds; absent when not logged.
  case lockTime
  /// Rows sent; absent when not logged.
  case rowsSent
  /// Rows examined; absent when not logged.
  case rowsExamined
  /// Rows affected; absent when not logged.
  case rowsAffected
  /// Environment (dictionary).
  case environment
  /// Database (dictionary).
  case database
  /// User (dictionary).
  case user
  /// Client host (dictionary).
  case host
  /// The statement as logged (cut at ``SlowQueryStore/statementLimit`` bytes).
  case statement

  /// The column's name in the schema and the dictionary.
  public var name: String {
    switch self {
    case .timestamp: "ts"
    case .classID: "class"
    case .queryTime: "query_us"
    case .lockTime: "lock_us"
    case .rowsSent: "rows_sent"
    case .rowsExamined: "rows_examined"
    case .rowsAffected: "rows_affected"
    case .environment: "env"
    case .database: "db"
    case .user: "user"
    case .host: "host"
    case .statement: "statement"
    }
  }

  /// The column's physical kind.
  public var kind: ColumnKind {
    switch self {
    case .timestamp, .queryTime, .lockTime, .rowsSent, .rowsExamined, .rowsAffected: .int64
    case .classID, .environment, .database, .user, .host: .dictionary
    case .statement: .string
    }
  }

  /// The block schema of slow queries.
  public static let schema = BlockSchema(
    table: "slow_queries", columns: allCases.map { ColumnSpec($0.name, $0.kind) })
}
