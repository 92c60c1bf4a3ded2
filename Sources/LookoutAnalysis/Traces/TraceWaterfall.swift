/// The rows of a trace view: every span in waterfall order with its depth, offset, self time
/// and its share of the critical path, ready for the API and UI.
///
/// Span details (attributes, events, status) stay in ``TraceTree/spans``; each row points
/// there with ``Row/spanIndex``.
///
/// ```swift
/// let tree = TraceTree(spans: spans)
/// var classifier = SpanClassifier()
/// let waterfall = TraceWaterfall(tree: tree, classifier: &classifier)
/// for row in waterfall.rows where row.isOnCriticalPath { print(row.spanID, row.selfTime) }
/// ```
public struct TraceWaterfall: Sendable, Hashable, Codable {
  /// One span of the waterfall.
  public struct Row: Sendable, Hashable, Codable {
    /// Index of the span in ``TraceTree/spans``.
    public var spanIndex: Int
    /// The span's id.
    public var spanID: String
    /// The parent's span id as recorded, even when that parent is missing.
    public var parentSpanID: String
    /// Nesting level, 0 for a root.
    public var depth: Int
    /// Start, µs after the trace's start.
    public var offset: Int64
    /// Duration, µs (negative durations read as 0).
    public var duration: Int64
    /// Duration minus the time covered by its children, µs.
    public var selfTime: Int64
    /// Time the span spent on the critical path, µs.
    public var criticalPathTime: Int64
    /// Category and label for the bottleneck breakdown.
    public var classification: SpanClassification
    /// The span names a parent the trace does not have.
    public var isOrphan: Bool

    /// Whether any of the span's time is on the critical path.
    public var isOnCriticalPath: Bool { criticalPathTime > 0 }

    /// Creates a row.
    public init(
      spanIndex: Int, spanID: String, parentSpanID: String, depth: Int, offset: Int64,
      duration: Int64, selfTime: Int64, criticalPathTime: Int64,
      classification: SpanClassification, isOrphan: Bool
    ) {
      self.spanIndex = spanIndex
      self.spanID = spanID
      self.parentSpanID = parentSpanID
      self.depth = depth
      self.offset = offset
      self.duration = duration
      self.selfTime = selfTime
      self.criticalPathTime = criticalPathTime
      self.classification = classification
      self.isOrphan = isOrphan
    }
  }

  /// The trace id.
  public var traceID: String
  /// Earliest start of any span, µs since epoch.
  public var start: Int64
  /// End-to-end extent of the trace, µs.
  public var duration: Int64
  /// Spans in ``TraceTree/preorder``: parents before children, siblings by start.
  public var rows: [Row]
  /// The critical path of the root span.
  public var criticalPath: CriticalPath

  /// Lays out a trace.
  ///
  /// - Parameters:
  ///   - tree: The trace.
  ///   - classifier: Classifies the spans; kept by the caller so its buffers are reused.
  public init(tree: TraceTree, classifier: inout SpanClassifier) {
    traceID = tree.traceID
    start = tree.start
    duration = tree.duration
    let segments = tree.criticalPathSegments()
    var onPath = [Int64](repeating: 0, count: tree.spans.count)
    for segment in segments {
      onPath[segment.index] = onPath[segment.index].saturatingAdd(segment.end - segment.start)
    }
    criticalPath = CriticalPath(
      segments: segments.map {
        CriticalPath.Segment(spanID: tree.spans[$0.index].spanID, start: $0.start, end: $0.end)
      })
    let selfTimes = tree.selfTimes()
    let traceStart = tree.start
    rows = tree.preorder.map { index in
      let span = tree.spans[index]
      return Row(
        spanIndex: index, spanID: span.spanID, parentSpanID: span.parentSpanID,
        depth: tree.depths[index], offset: span.start.saturatingSubtract(traceStart),
        duration: span.clampedDuration, selfTime: selfTimes[index],
        criticalPathTime: onPath[index], classification: classifier.classify(span),
        isOrphan: !span.parentSpanID.isEmpty && tree.parentIndices[index] == nil)
    }
  }
}
