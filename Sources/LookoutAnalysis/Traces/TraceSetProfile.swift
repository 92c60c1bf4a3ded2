import LookoutCore

/// An operation of one service, as the trace comparison counts it: the service and the
/// span's ``SpanClassification`` (so queries group by statement kind and table, HTTP calls
/// by host, and application spans by name).
public struct OperationKey: Sendable, Hashable, Codable, Comparable {
  /// The service that recorded the spans.
  public var service: String
  /// Category and label of the spans.
  public var classification: SpanClassification

  /// Creates a key.
  public init(service: String, classification: SpanClassification) {
    self.service = service
    self.classification = classification
  }

  /// Orders by service, then classification.
  public static func < (lhs: OperationKey, rhs: OperationKey) -> Bool {
    (lhs.service, lhs.classification) < (rhs.service, rhs.classification)
  }
}

/// Self time per operation over a set of traces: one side of a ``TraceSetComparison``.
///
/// Mergeable, so a set can be profiled block by block, and storable pre-aggregated: a
/// profile built from rollups compares like one built from traces.
///
/// ```swift
/// var lastWeek = TraceSetProfile()
/// var classifier = SpanClassifier()
/// for tree in lastWeekTraces { lastWeek.add(tree, classifier: &classifier) }
/// ```
public struct TraceSetProfile: Sendable, Hashable, Codable {
  /// What the set holds of one operation.
  public struct Operation: Sendable, Hashable {
    /// Spans of the operation.
    public var spanCount: Int = 0
    /// Traces with at least one span of the operation.
    public var traceCount: Int = 0
    /// Sum of the self time of its spans, µs.
    public var totalSelfTime: Int64 = 0
    /// Per trace containing the operation, the sum of its spans' self time, µs.
    public var perTraceSelfTime = QuantileSketch()

    /// Creates an empty operation.
    public init() {}

    /// Adds another operation's figures.
    public mutating func merge(_ other: Operation) {
      spanCount += other.spanCount
      traceCount += other.traceCount
      totalSelfTime = totalSelfTime.saturatingAdd(other.totalSelfTime)
      perTraceSelfTime.merge(other.perTraceSelfTime)
    }
  }

  /// Traces in the set.
  public var traceCount: Int
  /// Sum of the traces' root span durations, µs.
  public var totalDuration: Int64
  /// Figures per operation.
  public var operations: [OperationKey: Operation]

  /// Creates a profile, empty or from pre-aggregated figures.
  public init(
    traceCount: Int = 0, totalDuration: Int64 = 0, operations: [OperationKey: Operation] = [:]
  ) {
    self.traceCount = traceCount
    self.totalDuration = totalDuration
    self.operations = operations
  }

  /// Mean root span duration, µs; `nil` for an empty set.
  public var meanDuration: Double? {
    traceCount > 0 ? Double(totalDuration) / Double(traceCount) : nil
  }

  /// Adds one whole trace.
  ///
  /// - Parameters:
  ///   - tree: The trace; an empty one is ignored.
  ///   - classifier: Classifies the spans; kept by the caller so its buffers are reused.
  public mutating func add(_ tree: TraceTree, classifier: inout SpanClassifier) {
    guard let root = tree.rootSpan else { return }
    traceCount += 1
    totalDuration = totalDuration.saturatingAdd(root.clampedDuration)
    var perTrace: [OperationKey: (spans: Int, selfTime: Int64)] = [:]
    for (index, selfTime) in tree.selfTimes().enumerated() {
      let span = tree.spans[index]
      let key = OperationKey(service: span.service, classification: classifier.classify(span))
      perTrace[key, default: (0, 0)].spans += 1
      perTrace[key, default: (0, 0)].selfTime = perTrace[key, default: (0, 0)].selfTime
        .saturatingAdd(selfTime)
    }
    for (key, figures) in perTrace {
      var operation = Operation()
      operation.spanCount = figures.spans
      operation.traceCount = 1
      operation.totalSelfTime = figures.selfTime
      operation.perTraceSelfTime.add(Double(figures.selfTime))
      operations[key, default: Operation()].merge(operation)
    }
  }

  /// Adds another profile of the same set.
  public mutating func merge(_ other: TraceSetProfile) {
    traceCount += other.traceCount
    totalDuration = totalDuration.saturatingAdd(other.totalDuration)
    for (key, operation) in other.operations {
      operations[key, default: Operation()].merge(operation)
    }
  }
}
