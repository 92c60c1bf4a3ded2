#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A mergeable quantile sketch with a relative-error guarantee, after DDSketch
/// (Masson, Rim, Lee: "DDSketch: A Fast and Fully-Mergeable Quantile Sketch with
/// Relative-Error Guarantees", VLDB 2019).
///
/// A positive value `x` falls into bucket `i = ceil(log(x) / log(gamma))`, with
/// `gamma = (1 + a) / (1 - a)` for the relative accuracy `a`; bucket `i` covers
/// `(gamma^(i-1), gamma^i]` and is read back as `2 * gamma^i / (gamma + 1)`, which is within
/// `a` of every value in it. Negative values go to a mirrored store, zero (and anything
/// smaller in magnitude than `Double.leastNormalMagnitude`) to a zero counter.
///
/// **Rank definition.** ``quantile(_:)`` answers the value of rank `floor(q * (n - 1))`
/// (0-based) in the sorted input, the "lower" quantile, so `quantile(0)` is the minimum,
/// `quantile(1)` the maximum, and for positive data
/// `|quantile(q) - sorted[floor(q * (n - 1))]| <= a * sorted[floor(q * (n - 1))]`.
/// The ends are exact (ranks 0 and `n - 1` answer the minimum and maximum kept aside), and
/// other answers are clamped to `[min, max]`, which keeps the guarantee.
///
/// **Memory.** Each sign keeps at most `maxBucketCount` consecutive bucket indices
/// (2048 by default: at 1 % that spans a ratio of about 6e17 between the smallest and the
/// largest value, e.g. 1 µs to 19,000 years). Beyond that the buckets of the smallest
/// magnitudes are merged into one, so only quantiles that fall in that collapsed end lose
/// their guarantee; the high quantiles that latency reports read keep it.
///
/// **Cost.** ``add(_:)`` is one `log`, a bounds check and an increment; it allocates only
/// when a value falls outside the range of buckets allocated so far.
///
/// ```swift
/// var sketch = QuantileSketch()
/// for latency in [12.0, 15.5, 230.0] { sketch.add(latency) }
/// sketch.quantile(0.5)  // ≈ 15.5, within 1 %
/// let bytes = sketch.serialized()
/// let copy = try QuantileSketch(serialized: bytes)
/// ```
public struct QuantileSketch: Sendable {
  /// The relative accuracy `a` the sketch guarantees for positive values (default 1 %).
  public let relativeAccuracy: Double
  /// Most bucket indices kept per sign before the lowest are collapsed.
  public let maxBucketCount: Int
  /// `1 / ln(gamma)`: turns a natural log into a bucket index.
  let multiplier: Double
  /// `ln(gamma)`: turns a bucket index back into a natural log.
  let logGamma: Double
  /// `2 / (gamma + 1)`: the factor from a bucket's upper bound to its representative value.
  let representativeFactor: Double
  var positive: SketchBucketStore
  var negative: SketchBucketStore
  /// Count of values that are zero, or too small in magnitude to index.
  var zeroCount: UInt64 = 0
  /// Number of values added.
  public internal(set) var count: UInt64 = 0
  /// Sum of the values added (each value times its count).
  public internal(set) var sum: Double = 0
  var minimum = Double.infinity
  var maximum = -Double.infinity

  /// Creates an empty sketch.
  ///
  /// - Parameters:
  ///   - relativeAccuracy: Relative error bound `a` for quantiles of positive values, in
  ///     `(0, 1)`; 0.01 means answers are within 1 % of the exact value.
  ///   - maxBucketCount: Bound on the buckets kept per sign; at least 16.
  public init(relativeAccuracy: Double = 0.01, maxBucketCount: Int = 2048) {
    precondition(
      relativeAccuracy > 0 && relativeAccuracy < 1, "relative accuracy must be in (0, 1)")
    precondition(maxBucketCount >= 16, "a sketch needs at least 16 buckets")
    self.relativeAccuracy = relativeAccuracy
    self.maxBucketCount = maxBucketCount
    // The mapping is built for a hair less than the promised accuracy so that rounding in
    // `log` at a bucket boundary can never push an answer past the bound.
    let accuracy = relativeAccuracy * (1 - 1e-7)
    let gamma = (1 + accuracy) / (1 - accuracy)
    logGamma = log(gamma)
    multiplier = 1 / logGamma
    representativeFactor = 2 / (gamma + 1)
    positive = SketchBucketStore(maxBuckets: maxBucketCount)
    negative = SketchBucketStore(maxBuckets: maxBucketCount)
  }

  /// The smallest value added, or `nil` when the sketch is empty.
  public var min: Double? { count == 0 ? nil : minimum }

  /// The largest value added, or `nil` when the sketch is empty.
  public var max: Double? { count == 0 ? nil : maximum }

  /// Whether no value has been added.
  public var isEmpty: Bool { count == 0 }

  /// The mean of the values added, or `nil` when the sketch is empty.
  public var mean: Double? { count == 0 ? nil : sum / Double(count) }

  /// Adds one value. NaN and infinities are ignored.
  @inlinable
  public mutating func add(_ value: Double) {
    add(value, count: 1)
  }

  /// Adds `value` as if it had been added `count` times. NaN and infinities are ignored,
  /// and so is a count of 0.
  public mutating func add(_ value: Double, count: UInt64) {
    guard value.isFinite, count > 0 else { return }
    if value > Double.leastNormalMagnitude {
      positive.add(index: index(of: value), count: count)
    } else if value < -Double.leastNormalMagnitude {
      negative.add(index: index(of: -value), count: count)
    } else {
      zeroCount &+= count
    }
    self.count &+= count
    sum += value * Double(count)
    if value < minimum { minimum = value }
    if value > maximum { maximum = value }
  }

  /// Adds every value of `other`, as if each had been added to this sketch.
  ///
  /// - Precondition: both sketches have the same ``relativeAccuracy`` and
  ///   ``maxBucketCount``; merging sketches of different mappings is a programming error.
  public mutating func merge(_ other: QuantileSketch) {
    precondition(
      other.relativeAccuracy == relativeAccuracy && other.maxBucketCount == maxBucketCount,
      "merging quantile sketches with different parameters")
    guard other.count > 0 else { return }
    positive.merge(other.positive)
    negative.merge(other.negative)
    zeroCount &+= other.zeroCount
    count &+= other.count
    sum += other.sum
    minimum = Swift.min(minimum, other.minimum)
    maximum = Swift.max(maximum, other.maximum)
  }

  /// The estimated value of rank `floor(q * (count - 1))` (0-based) in sorted order.
  ///
  /// - Parameter q: The quantile, in `0...1` (0.99 for p99).
  /// - Returns: The estimate, within ``relativeAccuracy`` of the exact value of that rank for
  ///   positive data, or `nil` when the sketch is empty or `q` is outside `0...1`.
  public func quantile(_ q: Double) -> Double? {
    guard count > 0, q >= 0, q <= 1 else { return nil }
    return value(atRank: UInt64((q * Double(count - 1)).rounded(.down)))
  }

  /// The estimated `p`th percentile by nearest rank, as SQL's `percentile_disc` and the
  /// query language's exact `pct` define it: the value of rank `ceil(p / 100 * count)`
  /// (1-based), so that an answer from rollups and one from raw rows name the same value.
  ///
  /// - Parameter p: The percentile, in `0...100` (95 for p95).
  /// - Returns: The estimate, within ``relativeAccuracy`` of the exact value of that rank for
  ///   positive data, or `nil` when the sketch is empty or `p` is outside `0...100`.
  public func percentile(nearestRank p: Double) -> Double? {
    guard count > 0, p >= 0, p <= 100 else { return nil }
    let rank = Swift.max(1, UInt64((p / 100 * Double(count)).rounded(.up)))
    return value(atRank: Swift.min(rank, count) - 1)
  }

  /// The estimated value of 0-based `rank` in sorted order; `rank < count`.
  private func value(atRank rank: UInt64) -> Double? {
    guard rank < count else { return nil }
    if rank == 0 { return minimum }
    if rank == count - 1 { return maximum }
    var seen: UInt64 = 0
    var estimate = 0.0
    if rank < negative.total {
      // Most negative first: the highest index of the mirrored store.
      var index = negative.maxIndex
      while index >= negative.minIndex {
        seen += negative.count(at: index)
        if seen > rank { break }
        index -= 1
      }
      estimate = -value(ofIndex: index)
    } else if rank < negative.total + zeroCount {
      estimate = 0
    } else {
      seen = negative.total + zeroCount
      var index = positive.minIndex
      while index <= positive.maxIndex {
        seen += positive.count(at: index)
        if seen > rank { break }
        index += 1
      }
      estimate = value(ofIndex: index)
    }
    return Swift.min(Swift.max(estimate, minimum), maximum)
  }

  /// Bucket index of a positive, normal value.
  @inline(__always)
  func index(of value: Double) -> Int {
    Int((log(value) * multiplier).rounded(.up))
  }

  /// The value a bucket stands for: within the relative accuracy of everything in it.
  func value(ofIndex index: Int) -> Double {
    exp(Double(index) * logGamma) * representativeFactor
  }
}

extension QuantileSketch: Hashable {
  /// Two sketches are equal when they have the same parameters, the same buckets and the
  /// same count, sum, minimum and maximum.
  public static func == (lhs: QuantileSketch, rhs: QuantileSketch) -> Bool {
    lhs.relativeAccuracy == rhs.relativeAccuracy && lhs.maxBucketCount == rhs.maxBucketCount
      && lhs.count == rhs.count && lhs.zeroCount == rhs.zeroCount && lhs.sum == rhs.sum
      && lhs.min == rhs.min && lhs.max == rhs.max && lhs.positive == rhs.positive
      && lhs.negative == rhs.negative
  }

  /// Hashes the same parts ``==`` compares.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(relativeAccuracy)
    hasher.combine(maxBucketCount)
    hasher.combine(count)
    hasher.combine(zeroCount)
    hasher.combine(sum)
    hasher.combine(positive)
    hasher.combine(negative)
  }
}
