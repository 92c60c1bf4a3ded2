/// Which operations' self time changed between two sets of traces (this week against last
/// week, a selection against the rest), ranked by how much each moved the mean trace.
///
/// An operation's **contribution** is the change in its mean self time per trace, where the
/// mean is over every trace of the set (a trace without the operation counts as 0):
/// `totalSelfTime(B) / traces(B) - totalSelfTime(A) / traces(A)`. The contributions add up
/// to the change in mean summed self time per trace, which is the change in mean trace
/// duration when calls run one after another. Rows are sorted by absolute contribution,
/// largest first.
///
/// ```swift
/// let comparison = TraceSetComparison(baseline: lastWeek, comparison: thisWeek)
/// comparison.rows.first?.operation  // what got slower (or faster) the most
/// ```
public struct TraceSetComparison: Sendable, Hashable, Codable {
  /// One operation's figures in both sets.
  public struct Row: Sendable, Hashable, Codable {
    /// The operation.
    public var operation: OperationKey
    /// Spans of the operation in the baseline.
    public var spanCountA: Int
    /// Spans of the operation in the comparison set.
    public var spanCountB: Int
    /// Traces of the baseline containing the operation.
    public var traceCountA: Int
    /// Traces of the comparison set containing the operation.
    public var traceCountB: Int
    /// Mean self time per trace of the baseline, µs (0 when it has no traces).
    public var meanSelfTimeA: Double
    /// Mean self time per trace of the comparison set, µs (0 when it has no traces).
    public var meanSelfTimeB: Double
    /// 95th percentile of the self time per baseline trace containing the operation, µs
    /// (within 1 %); `nil` when none does.
    public var p95SelfTimeA: Double?
    /// 95th percentile of the self time per comparison trace containing the operation, µs
    /// (within 1 %); `nil` when none does.
    public var p95SelfTimeB: Double?
    /// `meanSelfTimeB - meanSelfTimeA`, µs: the operation's contribution to the change.
    public var delta: Double
    /// `delta` over the sum of every row's delta; `nil` when that sum is 0.
    public var shareOfChange: Double?
  }

  /// Traces in the baseline (A).
  public var traceCountA: Int
  /// Traces in the comparison set (B).
  public var traceCountB: Int
  /// Mean root span duration of the baseline, µs; `nil` when it is empty.
  public var meanDurationA: Double?
  /// Mean root span duration of the comparison set, µs; `nil` when it is empty.
  public var meanDurationB: Double?
  /// Sum of the rows' deltas, µs.
  public var totalDelta: Double
  /// Operations by absolute contribution to the change, largest first.
  public var rows: [Row]

  /// Compares two profiles.
  ///
  /// - Parameters:
  ///   - a: The baseline (last week, the rest).
  ///   - b: The set under study (this week, the selection).
  public init(baseline a: TraceSetProfile, comparison b: TraceSetProfile) {
    traceCountA = a.traceCount
    traceCountB = b.traceCount
    meanDurationA = a.meanDuration
    meanDurationB = b.meanDuration
    let keys = Set(a.operations.keys).union(b.operations.keys)
    var rows = keys.map { key in
      let left = a.operations[key] ?? TraceSetProfile.Operation()
      let right = b.operations[key] ?? TraceSetProfile.Operation()
      let meanA = Self.mean(left.totalSelfTime, over: a.traceCount)
      let meanB = Self.mean(right.totalSelfTime, over: b.traceCount)
      return Row(
        operation: key, spanCountA: left.spanCount, spanCountB: right.spanCount,
        traceCountA: left.traceCount, traceCountB: right.traceCount, meanSelfTimeA: meanA,
        meanSelfTimeB: meanB, p95SelfTimeA: left.perTraceSelfTime.quantile(0.95),
        p95SelfTimeB: right.perTraceSelfTime.quantile(0.95), delta: meanB - meanA,
        shareOfChange: nil)
    }
    let total = rows.reduce(0) { $0 + $1.delta }
    totalDelta = total
    if total != 0 {
      for index in rows.indices { rows[index].shareOfChange = rows[index].delta / total }
    }
    rows.sort {
      let left = abs($0.delta)
      let right = abs($1.delta)
      return left != right ? left > right : $0.operation < $1.operation
    }
    self.rows = rows
  }

  /// Compares two sets of whole traces.
  ///
  /// - Parameters:
  ///   - a: The baseline traces.
  ///   - b: The traces under study.
  public init(baseline a: some Sequence<TraceTree>, comparison b: some Sequence<TraceTree>) {
    var classifier = SpanClassifier()
    var left = TraceSetProfile()
    var right = TraceSetProfile()
    for tree in a { left.add(tree, classifier: &classifier) }
    for tree in b { right.add(tree, classifier: &classifier) }
    self.init(baseline: left, comparison: right)
  }

  private static func mean(_ total: Int64, over count: Int) -> Double {
    count > 0 ? Double(total) / Double(count) : 0
  }
}
