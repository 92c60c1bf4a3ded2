/// The bottleneck page of one endpoint: latency figures and where the time goes.
public struct EndpointBottleneckReport: Sendable, Hashable, Codable {
  /// One kind of work inside the endpoint.
  public struct Row: Sendable, Hashable, Codable {
    /// Category and label.
    public var classification: SpanClassification
    /// Self time, critical-path time, span and trace counts.
    public var totals: EndpointBottlenecks.Totals
    /// `selfTime / totalSelfTime`, in `0...1`; the rows' shares sum to 1.
    public var selfTimeShare: Double
    /// `criticalPathTime / totalDuration`, in `0...1`; the rows' shares sum to 1.
    public var criticalPathShare: Double
    /// Self time per trace of the endpoint (traces without such spans count as 0), µs.
    public var meanSelfTimePerTrace: Double

    /// Creates a row.
    public init(
      classification: SpanClassification, totals: EndpointBottlenecks.Totals,
      selfTimeShare: Double, criticalPathShare: Double, meanSelfTimePerTrace: Double
    ) {
      self.classification = classification
      self.totals = totals
      self.selfTimeShare = selfTimeShare
      self.criticalPathShare = criticalPathShare
      self.meanSelfTimePerTrace = meanSelfTimePerTrace
    }
  }

  /// The endpoint.
  public var endpoint: EndpointKey
  /// Traces summarised.
  public var traceCount: Int
  /// Sum of the root span durations, µs.
  public var totalDuration: Int64
  /// Sum of every span's self time, µs.
  public var totalSelfTime: Int64
  /// Median root span duration, µs (within 1 %); `nil` without traces.
  public var p50Duration: Double?
  /// 95th percentile root span duration, µs (within 1 %); `nil` without traces.
  public var p95Duration: Double?
  /// The rows, largest self time first.
  public var rows: [Row]

  /// Creates a report.
  public init(
    endpoint: EndpointKey, traceCount: Int, totalDuration: Int64, totalSelfTime: Int64,
    p50Duration: Double?, p95Duration: Double?, rows: [Row]
  ) {
    self.endpoint = endpoint
    self.traceCount = traceCount
    self.totalDuration = totalDuration
    self.totalSelfTime = totalSelfTime
    self.p50Duration = p50Duration
    self.p95Duration = p95Duration
    self.rows = rows
  }
}
