import LookoutCore

/// Where one endpoint's time goes: self time per kind of work (app code, each query, each
/// remote host, each cache command...) over many traces, mergeable so blocks of traces can
/// be read in parallel.
///
/// Two views of the same traces are kept:
///
/// - **Self time**: every span's self time (``TraceTree/selfTimes()``), summed per
///   ``SpanClassification``. Parallel calls each count in full, so the total can exceed the
///   wall-clock time; it answers "how much work of each kind".
/// - **Critical-path time**: the time each classification spent on the critical path
///   (``TraceTree/criticalPath()``). The path tiles the root span, so these add up exactly
///   to the endpoint's latency; they answer "what the caller waited for".
///
/// ```swift
/// var bottlenecks = EndpointBottlenecks(endpoint: EndpointKey(service: "shop", endpoint: "/cart"))
/// var classifier = SpanClassifier()
/// for tree in traces { bottlenecks.add(tree, classifier: &classifier) }
/// let report = bottlenecks.report()
/// report.rows.first  // the classification with the most self time
/// ```
public struct EndpointBottlenecks: Sendable, Hashable {
  /// What was accumulated for one classification.
  public struct Totals: Sendable, Hashable, Codable {
    /// Sum of the self time of its spans, µs.
    public var selfTime: Int64 = 0
    /// Time its spans spent on the critical path, µs.
    public var criticalPathTime: Int64 = 0
    /// Number of its spans.
    public var spanCount: Int = 0
    /// Number of traces with at least one of its spans.
    public var traceCount: Int = 0

    /// Creates empty totals.
    public init() {}

    /// Adds another set of totals.
    public mutating func merge(_ other: Totals) {
      selfTime = selfTime.saturatingAdd(other.selfTime)
      criticalPathTime = criticalPathTime.saturatingAdd(other.criticalPathTime)
      spanCount += other.spanCount
      traceCount += other.traceCount
    }
  }

  /// The endpoint the traces belong to.
  public let endpoint: EndpointKey
  /// Traces added.
  public internal(set) var traceCount = 0
  /// Root span durations, µs.
  public internal(set) var durations = QuantileSketch()
  /// Sum of the root span durations, µs: the endpoint's total time.
  public internal(set) var totalDuration: Int64 = 0
  /// Sum of the self time of every span, µs.
  public internal(set) var totalSelfTime: Int64 = 0
  /// Totals per classification.
  public internal(set) var totals: [SpanClassification: Totals] = [:]

  /// Creates an empty accumulator for one endpoint.
  public init(endpoint: EndpointKey) {
    self.endpoint = endpoint
  }

  /// Adds one whole trace. The caller routes traces to their endpoint (see
  /// ``EndpointKey/init(tree:)`` and ``EndpointBottleneckAccumulator``); every span of the
  /// trace counts, and the critical path is the root span's.
  ///
  /// - Parameters:
  ///   - tree: The trace.
  ///   - classifier: Classifies the spans; kept by the caller so its buffers are reused.
  public mutating func add(_ tree: TraceTree, classifier: inout SpanClassifier) {
    guard let root = tree.rootSpan else { return }
    traceCount += 1
    durations.add(Double(root.clampedDuration))
    totalDuration = totalDuration.saturatingAdd(root.clampedDuration)

    let classes = tree.spans.map { classifier.classify($0) }
    var perTrace: [SpanClassification: Totals] = [:]
    for (index, selfTime) in tree.selfTimes().enumerated() {
      var single = Totals()
      single.selfTime = selfTime
      single.spanCount = 1
      perTrace[classes[index], default: Totals()].merge(single)
      totalSelfTime = totalSelfTime.saturatingAdd(selfTime)
    }
    for segment in tree.criticalPathSegments() {
      var single = Totals()
      single.criticalPathTime = segment.end - segment.start
      perTrace[classes[segment.index], default: Totals()].merge(single)
    }
    for (classification, var trace) in perTrace {
      trace.traceCount = 1
      totals[classification, default: Totals()].merge(trace)
    }
  }

  /// Adds everything another accumulator of the same endpoint saw.
  ///
  /// - Precondition: `other.endpoint == endpoint`.
  public mutating func merge(_ other: EndpointBottlenecks) {
    precondition(other.endpoint == endpoint, "merging bottlenecks of different endpoints")
    traceCount += other.traceCount
    durations.merge(other.durations)
    totalDuration = totalDuration.saturatingAdd(other.totalDuration)
    totalSelfTime = totalSelfTime.saturatingAdd(other.totalSelfTime)
    for (classification, value) in other.totals {
      totals[classification, default: Totals()].merge(value)
    }
  }

  /// The breakdown, largest self time first.
  public func report() -> EndpointBottleneckReport {
    let rows = totals.map { classification, value in
      EndpointBottleneckReport.Row(
        classification: classification, totals: value,
        selfTimeShare: totalSelfTime > 0 ? Double(value.selfTime) / Double(totalSelfTime) : 0,
        criticalPathShare: totalDuration > 0
          ? Double(value.criticalPathTime) / Double(totalDuration) : 0,
        meanSelfTimePerTrace: traceCount > 0
          ? Double(value.selfTime) / Double(traceCount) : 0)
    }
    .sorted {
      ($0.totals.selfTime, $1.classification) > ($1.totals.selfTime, $0.classification)
    }
    return EndpointBottleneckReport(
      endpoint: endpoint, traceCount: traceCount, totalDuration: totalDuration,
      totalSelfTime: totalSelfTime, p50Duration: durations.quantile(0.5),
      p95Duration: durations.quantile(0.95), rows: rows)
  }
}

/// Routes whole traces to the ``EndpointBottlenecks`` of their endpoint; one per block of
/// traces, merged at the end.
///
/// ```swift
/// var accumulator = EndpointBottleneckAccumulator()
/// for tree in block { accumulator.add(tree) }
/// total.merge(accumulator)
/// ```
public struct EndpointBottleneckAccumulator: Sendable {
  /// Accumulated breakdowns by endpoint.
  public internal(set) var endpoints: [EndpointKey: EndpointBottlenecks] = [:]
  private var classifier = SpanClassifier()

  /// Creates an empty accumulator.
  public init() {}

  /// Adds a trace to its endpoint's breakdown; empty traces are ignored.
  public mutating func add(_ tree: TraceTree) {
    guard let key = EndpointKey(tree: tree) else { return }
    endpoints[key, default: EndpointBottlenecks(endpoint: key)].add(tree, classifier: &classifier)
  }

  /// Adds everything another accumulator saw.
  public mutating func merge(_ other: EndpointBottleneckAccumulator) {
    for (key, value) in other.endpoints {
      if endpoints[key] == nil {
        endpoints[key] = value
      } else {
        endpoints[key]?.merge(value)
      }
    }
  }
}
