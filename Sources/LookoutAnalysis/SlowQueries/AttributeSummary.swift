/// Exact figures of one numeric attribute (query time, rows examined, ...) over the calls of
/// a query class: count, sum, extremes, and every value, so that percentiles are exact.
///
/// Used by the offline digest, where a class's values fit in memory (8 bytes a call); the
/// live store keeps a ``QuantileSketch`` per minute instead.
///
/// ```swift
/// var time = AttributeSummary()
/// for seconds in [0.1, 0.2, 0.9] { time.add(seconds) }
/// let figures = time.figures()  // figures.p95 == 0.9
/// ```
public struct AttributeSummary: Sendable, Hashable {
  /// The values in arrival order.
  public private(set) var values: [Double] = []
  /// Sum of the values.
  public private(set) var sum: Double = 0
  /// Sum of the squared values, for the variance.
  private var sumOfSquares: Double = 0

  /// Creates an empty summary.
  public init() {}

  /// Number of values.
  public var count: Int { values.count }

  /// Adds one value.
  public mutating func add(_ value: Double) {
    values.append(value)
    sum += value
    sumOfSquares += value * value
  }

  /// Adds every value of `other`.
  public mutating func merge(_ other: AttributeSummary) {
    values += other.values
    sum += other.sum
    sumOfSquares += other.sumOfSquares
  }

  /// The figures a report shows; `nil` when there are no values.
  public func figures() -> Figures? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let n = Double(sorted.count)
    let mean = sum / n
    let variance = Swift.max(0, sumOfSquares / n - mean * mean)
    return Figures(
      count: sorted.count, sum: sum, min: sorted[0], max: sorted[sorted.count - 1], mean: mean,
      median: Self.rank(0.5, in: sorted), p95: Self.rank(0.95, in: sorted),
      standardDeviation: variance.squareRoot(), varianceToMean: mean > 0 ? variance / mean : 0)
  }

  /// The nearest-rank percentile: the smallest value with at least `q` of the values at or
  /// below it.
  static func rank(_ q: Double, in sorted: [Double]) -> Double {
    let index = Int((q * Double(sorted.count)).rounded(.up)) - 1
    return sorted[Swift.min(Swift.max(index, 0), sorted.count - 1)]
  }

  /// What a report shows of one attribute.
  public struct Figures: Sendable, Hashable, Codable {
    /// Number of values.
    public var count: Int
    /// Sum of the values.
    public var sum: Double
    /// Smallest value.
    public var min: Double
    /// Largest value.
    public var max: Double
    /// Arithmetic mean.
    public var mean: Double
    /// Nearest-rank median.
    public var median: Double
    /// Nearest-rank 95th percentile.
    public var p95: Double
    /// Population standard deviation.
    public var standardDeviation: Double
    /// Variance-to-mean ratio (pt-query-digest's V/M): near 0 for steady timings, large
    /// when a few calls are far slower than the rest.
    public var varianceToMean: Double
  }
}
