import Foundation
import LookoutCore
import Testing

@testable import LookoutAnalysis

@Suite("QuantileSketch")
struct QuantileSketchTests {
  enum Distribution: String, CaseIterable, Sendable {
    case lognormal, uniform, bimodal, wide

    /// 100k positive samples, the same on every run.
    func samples(count: Int = 100_000, seed: UInt64 = 7) -> [Double] {
      var random = SeededGenerator(seed: seed)
      return (0..<count).map { _ in
        switch self {
        case .lognormal:
          // Latency-like: median 50 ms in µs, long tail.
          return exp(log(50_000) + 0.8 * random.gaussian())
        case .uniform:
          return Double.random(in: 1...1_000, using: &random)
        case .bimodal:
          // Cache hits around 2 ms, misses around 300 ms.
          return Bool.random(using: &random)
            ? max(0.01, 2 + 0.3 * random.gaussian()) : max(0.01, 300 + 40 * random.gaussian())
        case .wide:
          // Twelve decades: 1e-3 ... 1e9.
          return pow(10, Double.random(in: -3...9, using: &random))
        }
      }
    }
  }

  static let quantiles = [0.0, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0]

  /// Every quantile is within 1 % of the exact value of rank `floor(q * (n - 1))`.
  @Test("quantiles within 1 %", arguments: Distribution.allCases)
  func relativeAccuracy(distribution: Distribution) throws {
    let values = distribution.samples()
    var sketch = QuantileSketch()
    for value in values { sketch.add(value) }
    let sorted = values.sorted()
    var worst = 0.0
    var figures: [String] = []
    for q in Self.quantiles {
      let exact = sorted[Int((q * Double(sorted.count - 1)).rounded(.down))]
      let estimate = try #require(sketch.quantile(q))
      let error = abs(estimate - exact) / exact
      worst = max(worst, error)
      figures.append("q\(q)=\(String(format: "%.4f", error * 100))%")
      #expect(error <= 0.01, "q=\(q) exact=\(exact) estimate=\(estimate)")
    }
    print("sketch \(distribution.rawValue): relative errors \(figures.joined(separator: " "))")
    #expect(sketch.count == UInt64(values.count))
    #expect(sketch.min == sorted.first)
    #expect(sketch.max == sorted.last)
    let exactSum = values.reduce(0, +)
    #expect(abs(sketch.sum - exactSum) <= 1e-9 * exactSum)
    #expect(sketch.serialized().count < 4_000, "\(sketch.serialized().count) bytes")
  }

  /// Merging sketches of parts gives exactly the sketch of the whole.
  @Test("merge equals adding all", arguments: Distribution.allCases)
  func mergeEqualsAddingAll(distribution: Distribution) {
    // Whole microseconds, so sums are exact whatever the order of addition.
    let values = distribution.samples(count: 40_000, seed: 11).map { ($0 * 1000).rounded() }
    var whole = QuantileSketch()
    var parts = [QuantileSketch](repeating: QuantileSketch(), count: 4)
    for (index, value) in values.enumerated() {
      whole.add(value)
      parts[index % 4].add(value)
    }
    var merged = QuantileSketch()
    for part in parts.reversed() { merged.merge(part) }
    #expect(merged == whole)
    #expect(merged.hashValue == whole.hashValue)
    for q in Self.quantiles { #expect(merged.quantile(q) == whole.quantile(q)) }
  }

  /// With a tiny bucket cap, collapsing is order-independent: merging still equals adding all.
  @Test func mergeEqualsAddingAllWhenCollapsing() {
    let values = Distribution.wide.samples(count: 20_000, seed: 5).map { ($0 * 1000).rounded() }
    var whole = QuantileSketch(maxBucketCount: 32)
    var parts = [QuantileSketch](repeating: QuantileSketch(maxBucketCount: 32), count: 3)
    for (index, value) in values.enumerated() {
      whole.add(value)
      parts[(index * 7) % 3].add(value)
    }
    var merged = parts[2]
    merged.merge(parts[0])
    merged.merge(parts[1])
    #expect(merged == whole)
    #expect(merged.quantile(0.99) == whole.quantile(0.99))
  }

  /// `serialized()` and `init(serialized:)` round-trip, and bad bytes are rejected.
  @Test("serialization round trip", arguments: Distribution.allCases)
  func serializationRoundTrip(distribution: Distribution) throws {
    var sketch = QuantileSketch()
    for value in distribution.samples(count: 10_000) { sketch.add(value) }
    sketch.add(0, count: 3)
    sketch.add(-42.5)
    let bytes = sketch.serialized()
    let copy = try QuantileSketch(serialized: bytes)
    #expect(copy == sketch)
    for q in Self.quantiles { #expect(copy.quantile(q) == sketch.quantile(q)) }
    #expect(copy.serialized() == bytes)
    #expect(throws: QuantileSketchError.truncated) {
      try QuantileSketch(serialized: bytes.dropLast())
    }
    #expect(throws: QuantileSketchError.unsupportedVersion(9)) {
      try QuantileSketch(serialized: [9] + bytes.dropFirst())
    }
    #expect(throws: QuantileSketchError.self) { try QuantileSketch(serialized: bytes + [0]) }
  }

  /// `percentile(nearestRank:)` names the value SQL's `percentile_disc` names, within 1%.
  @Test("nearest-rank percentiles", arguments: Distribution.allCases)
  func nearestRankPercentiles(distribution: Distribution) throws {
    for count in [1, 2, 7, 20, 1_000] {
      let values = distribution.samples(count: count, seed: UInt64(count))
      var sketch = QuantileSketch()
      for value in values { sketch.add(value) }
      let sorted = values.sorted()
      for p in [0.0, 1, 50, 95, 99, 100] {
        let rank = max(1, Int((p / 100 * Double(count)).rounded(.up)))
        let exact = sorted[rank - 1]
        let estimate = try #require(sketch.percentile(nearestRank: p))
        #expect(abs(estimate - exact) <= 0.01 * exact, "p\(p) of \(count): \(estimate) vs \(exact)")
      }
    }
    #expect(QuantileSketch().percentile(nearestRank: 50) == nil)
  }

  /// Rollups written before version 2 still read: a version 1 sketch of three latencies
  /// (microseconds) taken from a store, read and written again in version 2.
  @Test func readsVersion1() throws {
    let hex =
      "017B14AE47E17A843F80100000000000400C48410000000040F41B4100000000C044394103980A012901170100"
    let bytes = stride(from: 0, to: hex.count, by: 2).map { offset in
      let start = hex.index(hex.startIndex, offsetBy: offset)
      return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
    }
    let sketch = try QuantileSketch(serialized: bytes)
    #expect(sketch.count == 3)
    #expect(sketch.sum == 3_152_000)
    #expect(sketch.max == 1_656_000)
    #expect(sketch.min == 458_000)
    // The middle value is 3,152,000 - 458,000 - 1,656,000.
    #expect(abs(sketch.quantile(0.5)! - 1_038_000) <= 0.01 * 1_038_000)
    let version2 = sketch.serialized()
    #expect(version2.first == 2)
    #expect(version2.count <= bytes.count / 2, "\(version2.count) bytes")
    let copy = try QuantileSketch(serialized: version2)
    #expect(copy == sketch)
    for q in Self.quantiles { #expect(copy.quantile(q) == sketch.quantile(q)) }
  }

  /// Version 2 keeps integer moments and default parameters short, and still round-trips
  /// fractional values and other parameters exactly.
  @Test func version2Layouts() throws {
    var latencies = QuantileSketch()
    for value in Distribution.lognormal.samples(count: 250) { latencies.add(value.rounded()) }
    let bucketCount = latencies.positive.nonEmptyBuckets.count
    #expect(
      latencies.serialized().count <= bucketCount + 24, "\(latencies.serialized().count) bytes")
    var fractional = QuantileSketch(relativeAccuracy: 0.02, maxBucketCount: 100)
    for value in [0.5, 3.25, -7.125, 0, 1e-3, 12_345.678] { fractional.add(value) }
    let bytes = fractional.serialized()
    let copy = try QuantileSketch(serialized: bytes)
    #expect(copy == fractional)
    #expect(copy.relativeAccuracy == 0.02 && copy.maxBucketCount == 100)
    #expect(copy.min == -7.125 && copy.max == 12_345.678 && copy.sum == fractional.sum)
    #expect(copy.serialized() == bytes)
    // Moments without values, or values without moments, are refused.
    #expect(throws: QuantileSketchError.self) {
      try QuantileSketch(serialized: [2, 0x04, 2, 0, 4, 0])
    }
    #expect(throws: QuantileSketchError.self) {
      try QuantileSketch(serialized: [2, 0x00, 1, 2, 1])
    }
  }

  /// Corrupted bytes are rejected or read as some sketch, never a crash.
  @Test func corruptedBytesNeverCrash() {
    var sketch = QuantileSketch()
    for value in Distribution.bimodal.samples(count: 2_000) { sketch.add(value) }
    sketch.add(0)
    sketch.add(-3)
    let bytes = sketch.serialized()
    var random = SeededGenerator(seed: 3)
    var rejected = 0
    for _ in 0..<3_000 {
      var mutated = bytes
      for _ in 0..<Int.random(in: 1...4, using: &random) {
        mutated[Int.random(in: 0..<mutated.count, using: &random)] = UInt8.random(
          in: 0...255, using: &random)
      }
      if Bool.random(using: &random) { mutated.removeLast(Int.random(in: 0...20, using: &random)) }
      do {
        let read = try QuantileSketch(serialized: mutated)
        _ = read.quantile(0.5)
        _ = read.serialized()
      } catch {
        rejected += 1
      }
    }
    #expect(rejected > 0)
  }

  @Test func emptySketch() throws {
    let sketch = QuantileSketch()
    #expect(sketch.count == 0)
    #expect(sketch.quantile(0.5) == nil)
    #expect(sketch.min == nil && sketch.max == nil && sketch.mean == nil)
    let copy = try QuantileSketch(serialized: sketch.serialized())
    #expect(copy == sketch)
    #expect(sketch.serialized().count < 40)
  }

  /// Zeros (fast responses logged as 0.000) count in the zero bucket; negatives are mirrored.
  @Test func zeroAndNegativeValues() {
    var sketch = QuantileSketch()
    sketch.add(0, count: 50)
    for value in 1...50 { sketch.add(Double(value)) }
    #expect(sketch.count == 100)
    #expect(sketch.quantile(0) == 0)
    #expect(sketch.quantile(0.5) == 0)
    #expect(abs(sketch.quantile(0.51)! - 1) <= 0.01)
    #expect(sketch.quantile(1) == 50)
    sketch.add(-10)
    sketch.add(-1000, count: 2)
    #expect(sketch.quantile(0) == -1000)
    #expect(abs(sketch.quantile(2.5 / 102)! + 10) <= 0.1)
    #expect(sketch.min == -1000)
    sketch.add(.nan)
    sketch.add(.infinity)
    #expect(sketch.count == 103)
  }

  /// Collapsing the lowest buckets bounds memory and keeps the high quantiles accurate.
  @Test func boundedBuckets() throws {
    var sketch = QuantileSketch(maxBucketCount: 64)
    let values = Distribution.wide.samples(count: 50_000)
    for value in values { sketch.add(value) }
    let sorted = values.sorted()
    // 64 buckets at 1 % span a ratio of about 3.6; the top of the data keeps its accuracy.
    for q in [0.999, 1.0] {
      let exact = sorted[Int((q * Double(sorted.count - 1)).rounded(.down))]
      let estimate = try #require(sketch.quantile(q))
      #expect(abs(estimate - exact) <= 0.01 * exact)
    }
    // Below the kept span, answers are the lowest kept bucket: too high, but still in range.
    let low = try #require(sketch.quantile(0.01))
    #expect(low >= sorted[500] && low <= sorted.last!)
    #expect(sketch.serialized().count < 64 * 3 + 64)
  }
}

@Suite("Quantile sketch histogram")
struct QuantileSketchHistogramTests {
  @Test("interval counts match exact counts away from the boundaries and add up")
  func histogramMatchesExactCounts() {
    var random = SplitMix64(seed: 21)
    var sketch = QuantileSketch()
    var values: [Double] = [0, 0]
    for value in values { sketch.add(value) }
    for _ in 0..<20_000 {
      let value = Foundation.exp(random.unit() * 9)  // 1 ... 8100, log-uniform
      values.append(value)
      sketch.add(value)
    }
    let boundaries: [Double] = [1, 10, 100, 1_000, 10_000]
    let counts = sketch.histogram(boundaries: boundaries)
    #expect(counts.count == 4)
    #expect(counts.reduce(0, +) == UInt64(values.count))
    for interval in 0..<4 {
      let low = interval == 0 ? -1 : boundaries[interval]
      let high = interval == 3 ? .infinity : boundaries[interval + 1]
      // Values within 1% of a boundary may land on either side of it.
      let sure = values.filter { $0 >= low * 1.01 && $0 < high * 0.99 }.count
      let possible = values.filter { $0 >= low * 0.99 && $0 < high * 1.01 }.count
      #expect(Int(counts[interval]) >= sure && Int(counts[interval]) <= possible)
    }
    #expect(QuantileSketch().histogram(boundaries: [1, 2]) == [0])
    #expect(sketch.histogram(boundaries: [1]).isEmpty)
  }
}
