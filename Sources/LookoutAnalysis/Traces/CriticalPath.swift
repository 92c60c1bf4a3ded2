/// The chain of spans that determined a trace's end-to-end latency: at every moment of the
/// root span, the one span whose work the root was waiting on.
///
/// ``TraceTree/criticalPath()`` computes it; the segments tile the root span's interval
/// without gaps or overlaps, so their durations sum to the root's duration.
public struct CriticalPath: Sendable, Hashable, Codable {
  /// One stretch of time that one span spent on the critical path.
  public struct Segment: Sendable, Hashable, Codable {
    /// The span on the path during this stretch.
    public var spanID: String
    /// Start of the stretch, µs since epoch.
    public var start: Int64
    /// End of the stretch, µs since epoch.
    public var end: Int64

    /// Length of the stretch, µs.
    public var duration: Int64 { end - start }

    /// Creates a segment.
    public init(spanID: String, start: Int64, end: Int64) {
      self.spanID = spanID
      self.start = start
      self.end = end
    }
  }

  /// The segments, in time order.
  public var segments: [Segment]
  /// The ids of the spans with at least one segment.
  public var spanIDs: Set<String>

  /// Creates a path from its segments.
  public init(segments: [Segment]) {
    self.segments = segments
    self.spanIDs = Set(segments.map(\.spanID))
  }

  /// Time each span spent on the path, µs, by span id.
  public var durationBySpanID: [String: Int64] {
    segments.reduce(into: [:]) { $0[$1.spanID] = ($0[$1.spanID] ?? 0).saturatingAdd($1.duration) }
  }
}
