import LookoutCore

/// What one OTLP trace export decodes to: the spans kept and what was rejected.
///
/// A rejected span is one whose ids cannot be stored (wrong length, all zeros); the rest
/// of the request is kept. The server echoes ``rejectedSpans`` and ``errorMessage`` in
/// the export's `partial_success` (see ``OTLPResponse``).
public struct OTLPTraceBatch: Sendable, Hashable {
  /// The spans, in the order sent.
  public var spans: [SpanRecord]
  /// How many spans were rejected.
  public var rejectedSpans: Int
  /// Why: the first reason and the count; empty when nothing was rejected.
  public var errorMessage: String

  /// A batch.
  public init(spans: [SpanRecord] = [], rejectedSpans: Int = 0, errorMessage: String = "") {
    self.spans = spans
    self.rejectedSpans = rejectedSpans
    self.errorMessage = errorMessage
  }
}
