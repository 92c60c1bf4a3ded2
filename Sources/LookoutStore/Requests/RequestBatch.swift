import LookoutCore

/// Requests from one source, with the source position to remember once they are stored.
public struct RequestBatch: Sendable {
  /// Decoded and enriched requests (route and domain filled).
  public var records: [RequestRecord]
  /// The project and environment they belong to.
  public var context: SourceContext
  /// Where the source stands after these records, committed in the same transaction.
  public var offset: SourceOffset?

  /// Creates a batch.
  public init(records: [RequestRecord], context: SourceContext, offset: SourceOffset? = nil) {
    self.records = records
    self.context = context
    self.offset = offset
  }
}
