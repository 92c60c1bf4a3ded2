/// One bucket of a histogram: the number of observations in `lower..<upper`.
///
/// ```swift
/// let buckets = HistogramBucket.contiguous([(upper: 10, count: 4), (upper: 50, count: 9)])
/// // [0..<10: 4, 10..<50: 9]
/// ```
public struct HistogramBucket: Sendable, Equatable {
  /// Inclusive lower bound, in the chart's unit.
  public var lower: Double
  /// Exclusive upper bound, in the chart's unit; may be `.infinity` for an overflow bucket.
  public var upper: Double
  /// Number of observations in the bucket (negative counts are drawn as zero).
  public var count: Int

  /// Creates a bucket from its bounds and count.
  public init(lower: Double, upper: Double, count: Int) {
    self.lower = lower
    self.upper = upper
    self.count = count
  }

  /// Builds adjacent buckets from upper bounds, each starting where the previous one ended.
  ///
  /// - Parameters:
  ///   - buckets: Upper bounds (ascending) with counts, as Prometheus-style `le` buckets
  ///     without the cumulative sums.
  ///   - start: Lower bound of the first bucket.
  public static func contiguous(
    _ buckets: [(upper: Double, count: Int)], start: Double = 0
  ) -> [HistogramBucket] {
    var lower = start
    return buckets.map { bucket in
      defer { lower = bucket.upper }
      return HistogramBucket(lower: lower, upper: bucket.upper, count: bucket.count)
    }
  }
}
