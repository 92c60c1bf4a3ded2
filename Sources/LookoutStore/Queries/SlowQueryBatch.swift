import LookoutCore

/// Fingerprinted slow-log calls from one source, with the source position to remember once
/// they are stored.
public struct SlowQueryBatch: Sendable {
  /// What the store records of a class the first time it sees it.
  public struct ClassInfo: Sendable, Hashable {
    /// The engine whose rules made the fingerprint.
    public var engine: SlowQueryRecord.Engine
    /// The normalised statement.
    public var fingerprint: String
    /// Tables touched, in order of appearance.
    public var tables: [String]

    /// Creates a class description.
    public init(engine: SlowQueryRecord.Engine, fingerprint: String, tables: [String]) {
      self.engine = engine
      self.fingerprint = fingerprint
      self.tables = tables
    }
  }

  /// The calls, with ``SlowQueryRecord/classID`` and ``SlowQueryRecord/fingerprint`` filled.
  public var records: [SlowQueryRecord]
  /// The classes of the records, by class id.
  public var classes: [String: ClassInfo]
  /// The project and environment they belong to.
  public var context: SourceContext
  /// Where the source stands after these records, committed in the same transaction.
  public var offset: SourceOffset?

  /// Creates a batch.
  public init(
    records: [SlowQueryRecord], classes: [String: ClassInfo], context: SourceContext,
    offset: SourceOffset? = nil
  ) {
    self.records = records
    self.classes = classes
    self.context = context
    self.offset = offset
  }
}
