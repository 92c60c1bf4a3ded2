import LookoutCore

/// One decoded X-Ray document: a segment with its subsegments, or a standalone
/// subsegment (streamed before its segment), as spans.
///
/// Spans of a standalone subsegment have an empty ``SpanRecord/service`` (the document
/// does not say it); ``XRayAssembler`` fills it in from the ancestor segment. Spans still
/// in progress carry `xray.in_progress = "true"` and a zero duration.
public struct XRayDocument: Sendable, Hashable {
  /// What the document's root is.
  public enum Kind: String, Sendable, Hashable {
    /// A segment: the work of one service for one request.
    case segment
    /// A standalone subsegment sent ahead of its segment.
    case subsegment
  }

  /// Segment or standalone subsegment.
  public var kind: Kind
  /// 32 lowercase hex digits.
  public var traceID: String
  /// The root's span id.
  public var id: String
  /// The root's parent span id; empty for a segment that starts the trace.
  public var parentID: String
  /// The root's span first, then its subsegments depth first, in the order sent.
  public var spans: [SpanRecord]
  /// Nested subsegments dropped: too deep, past the span cap, or unreadable.
  public var droppedSubsegments: Int

  /// Creates a decoded document.
  public init(
    kind: Kind, traceID: String, id: String, parentID: String, spans: [SpanRecord],
    droppedSubsegments: Int = 0
  ) {
    self.kind = kind
    self.traceID = traceID
    self.id = id
    self.parentID = parentID
    self.spans = spans
    self.droppedSubsegments = droppedSubsegments
  }
}

extension SpanRecord {
  /// The attribute that marks an X-Ray span still in progress.
  public static let xrayInProgressAttribute = "xray.in_progress"

  /// Whether this span was sent as `in_progress` and has no end yet.
  public var isXRayInProgress: Bool { attributes[Self.xrayInProgressAttribute] == "true" }
}
