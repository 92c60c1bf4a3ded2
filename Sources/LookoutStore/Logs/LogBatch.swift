import LookoutCore

/// Log records of one project to store in one write, with the tail position to save
/// beside them.
public struct LogBatch: Sendable {
  /// The project the records belong to.
  public var project: Int64
  /// Environment for records that carry none (the source's environment).
  public var environment: String
  /// The records.
  public var records: [LogRecord]
  /// A tailed file's position, committed in the same transaction.
  public var offset: SourceOffset?
  /// The mined pattern template of each record (same order; `""` for none), or empty when
  /// no pattern was mined.
  public var patterns: [String]

  /// Creates a batch.
  public init(
    project: Int64, environment: String = "", records: [LogRecord], offset: SourceOffset? = nil,
    patterns: [String] = []
  ) {
    self.project = project
    self.environment = environment
    self.records = records
    self.offset = offset
    self.patterns = patterns
  }
}
