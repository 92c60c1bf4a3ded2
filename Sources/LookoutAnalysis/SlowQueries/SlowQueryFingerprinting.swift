import LookoutCore

/// Fingerprints decoded slow-log calls by their engine's rules: MySQL/MariaDB statements
/// the way pt-query-digest does (where it is right), PostgreSQL ones the way
/// pg_stat_statements does.
///
/// ```swift
/// var calls = decoded.records
/// var fingerprinting = SlowQueryFingerprinting()
/// let classes = fingerprinting.fingerprint(&calls)
/// // calls[i].fingerprint and .classID are filled; classes[id] has its tables
/// ```
public struct SlowQueryFingerprinting: Sendable {
  /// What the store and digest keep of a class besides its calls.
  public struct ClassInfo: Sendable, Hashable {
    /// The engine whose rules made the fingerprint.
    public var engine: SlowQueryRecord.Engine
    /// The normalised statement.
    public var fingerprint: String
    /// Tables touched, in order of appearance.
    public var tables: [String]
  }

  // The fingerprinters keep work buffers and a small cache between calls.
  private var mysql = MySQLFingerprinter()
  private var postgres = PostgresFingerprinter()

  /// Creates a fingerprinter for both engines.
  public init() {}

  /// The fingerprint of one statement by `engine`'s rules.
  public mutating func fingerprint(_ statement: String, engine: SlowQueryRecord.Engine)
    -> SQLFingerprint
  {
    switch engine {
    case .mysql: mysql.fingerprint(statement)
    case .postgres: postgres.fingerprint(statement)
    }
  }

  /// Fills ``SlowQueryRecord/fingerprint`` and ``SlowQueryRecord/classID`` of every record
  /// and returns the classes they fall in, by id.
  public mutating func fingerprint(_ records: inout [SlowQueryRecord]) -> [String: ClassInfo] {
    var classes: [String: ClassInfo] = [:]
    for index in records.indices {
      let print = fingerprint(records[index].statement, engine: records[index].engine)
      records[index].fingerprint = print.text
      records[index].classID = print.classID
      if classes[print.classID] == nil {
        classes[print.classID] = ClassInfo(
          engine: records[index].engine, fingerprint: print.text, tables: print.tables)
      }
    }
    return classes
  }
}
