import LookoutIngest

/// The kinds of slow log Lookout reads, and the streaming decoder of each.
///
/// ```swift
/// let format = try SlowLogFormat(name: "postgres", linePrefix: "%m [%p] ")
/// var decoder = format.makeDecoder()
/// let batch = decoder.feed(bytes)
/// ```
public enum SlowLogFormat: Sendable, Hashable, CustomStringConvertible {
  /// A MySQL or MariaDB slow query log.
  case mysql
  /// A PostgreSQL stderr log with this `log_line_prefix`.
  case postgres(PostgresLinePrefix)
  /// A PostgreSQL csvlog.
  case postgresCSV

  /// Reads a format name: `mysql` (also `mysql-slow`, `mariadb`), `postgres` (also
  /// `postgresql`, with `linePrefix` or Debian's default) or `postgres-csv` (`csvlog`).
  /// - Throws: ``SlowLogFormatError`` for another name.
  public init(name: String, linePrefix: String? = nil) throws(SlowLogFormatError) {
    switch name.lowercased() {
    case "mysql", "mysql-slow", "mariadb": self = .mysql
    case "postgres", "postgresql", "pg":
      self = .postgres(linePrefix.map(PostgresLinePrefix.init) ?? .debian)
    case "postgres-csv", "postgresql-csv", "csvlog": self = .postgresCSV
    default: throw SlowLogFormatError(name: name)
    }
  }

  public var description: String {
    switch self {
    case .mysql: "mysql"
    case .postgres(let prefix): "postgres (log_line_prefix '\(prefix)')"
    case .postgresCSV: "postgres-csv"
    }
  }

  /// A decoder at the start of a stream (or at `startOffset`, resuming a tail).
  public func makeDecoder(startOffset: Int = 0, firstLineNumber: Int = 1) -> any SlowLogDecoding {
    switch self {
    case .mysql:
      MySQLSlowLogDecoder(startOffset: startOffset, firstLineNumber: firstLineNumber)
    case .postgres(let prefix):
      PostgresLogDecoder(
        configuration: .init(format: .stderr(prefix)), startOffset: startOffset,
        firstLineNumber: firstLineNumber)
    case .postgresCSV:
      PostgresLogDecoder(
        configuration: .init(format: .csvlog), startOffset: startOffset,
        firstLineNumber: firstLineNumber)
    }
  }
}

/// A format name Lookout does not know.
public struct SlowLogFormatError: Error, CustomStringConvertible {
  /// The name given.
  public var name: String

  public var description: String {
    "unknown slow log format '\(name)'; use mysql, postgres or postgres-csv"
  }
}
