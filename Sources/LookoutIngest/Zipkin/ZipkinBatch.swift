import LookoutCore

/// What one Zipkin body decoded to: the spans kept and an account of those rejected.
public struct ZipkinBatch: Sendable, Hashable {
  /// The most rejection reasons kept as examples.
  public static let maxExamples = 10

  /// Spans in the order sent.
  public var spans: [SpanRecord]
  /// How many spans were rejected.
  public var rejected: Int
  /// The first few reasons, for logs.
  public var rejectionExamples: [ZipkinSpanError]

  /// Creates a batch.
  public init(
    spans: [SpanRecord] = [], rejected: Int = 0, rejectionExamples: [ZipkinSpanError] = []
  ) {
    self.spans = spans
    self.rejected = rejected
    self.rejectionExamples = rejectionExamples
  }

  /// Counts a rejection, keeping it as an example while there is room.
  mutating func reject(_ error: ZipkinSpanError) {
    rejected += 1
    if rejectionExamples.count < Self.maxExamples { rejectionExamples.append(error) }
  }
}
