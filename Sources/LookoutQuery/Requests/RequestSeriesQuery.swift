import LookoutAnalysis
import LookoutCore
import LookoutStore

/// One step of a request time series.
public struct RequestSeriesPoint: Sendable, Hashable, Codable {
  /// Start of the step, µs since epoch.
  public var time: Int64
  /// Requests in the step.
  public var count: Int
  /// Responses with a 4xx status.
  public var status4xx: Int
  /// Responses with a 5xx status.
  public var status5xx: Int
  /// Latency percentiles in milliseconds (nil when nothing was timed).
  public var p50Ms: Double?
  public var p95Ms: Double?
  public var p99Ms: Double?
  /// Mean latency in milliseconds.
  public var avgMs: Double?

  enum CodingKeys: String, CodingKey {
    case time, count
    case status4xx = "status_4xx"
    case status5xx = "status_5xx"
    case p50Ms = "p50_ms"
    case p95Ms = "p95_ms"
    case p99Ms = "p99_ms"
    case avgMs = "avg_ms"
  }
}

/// Requests over time per step, from minute rollups: counts, 4xx, 5xx, p50/p95/p99.
public enum RequestSeriesQuery {
  /// One point per `step` (µs, rounded up to whole minutes) from the range start; steps
  /// with no requests are included with zero counts so charts have no gaps.
  public static func run(_ store: RequestStore, filter: RequestFilter, step: Int64) throws
    -> [RequestSeriesPoint]
  {
    var fold = Fold(range: filter.range, step: step)
    guard fold.stepCount > 0, let dimensions = RequestDimensionFilter(store: store, filter: filter)
    else { return fold.points() }
    try RollupReader.forEach(store, filter: filter, dimensions: dimensions) { fold.add($0) }
    return fold.points()
  }

  /// The minute rounding of a step, and the steps of a range.
  static func steps(range: TimeRange, step: Int64) -> (start: Int64, step: Int64, count: Int) {
    let step = max(
      Micros.perMinute, (step + Micros.perMinute - 1) / Micros.perMinute * Micros.perMinute)
    let start = Micros.floor(range.from, to: step)
    let count = Int(max(0, min(10_000, (range.to - start + step - 1) / step)))
    return (start, step, count)
  }

  /// Accumulates rollup rows into points.
  struct Fold {
    let start: Int64
    let step: Int64
    let stepCount: Int
    private var partial: [RequestSeriesPoint]
    private var sketches: [QuantileSketch]
    private var sums: [Int64]
    private var timed: [Int64]

    init(range: TimeRange, step: Int64) {
      (start, self.step, stepCount) = RequestSeriesQuery.steps(range: range, step: step)
      let (start, step) = (self.start, self.step)
      partial = (0..<stepCount).map {
        RequestSeriesPoint(time: start + Int64($0) * step, count: 0, status4xx: 0, status5xx: 0)
      }
      sketches = [QuantileSketch](repeating: QuantileSketch(), count: stepCount)
      sums = [Int64](repeating: 0, count: stepCount)
      timed = [Int64](repeating: 0, count: stepCount)
    }

    mutating func add(_ row: RollupReader.Row) {
      let index = Int((row.minute - start) / step)
      guard index >= 0, index < stepCount else { return }
      partial[index].count += Int(row.count)
      if row.statusClass == 4 { partial[index].status4xx += Int(row.count) }
      if row.statusClass == 5 { partial[index].status5xx += Int(row.count) }
      sketches[index].merge(row.sketch)
      sums[index] += row.sumMicros
      timed[index] += row.timedCount
    }

    func points() -> [RequestSeriesPoint] {
      var points = partial
      for index in points.indices where timed[index] > 0 {
        points[index].p50Ms = sketches[index].quantile(0.5).map { $0 / 1000 }
        points[index].p95Ms = sketches[index].quantile(0.95).map { $0 / 1000 }
        points[index].p99Ms = sketches[index].quantile(0.99).map { $0 / 1000 }
        points[index].avgMs = Double(sums[index]) / Double(timed[index]) / 1000
      }
      return points
    }
  }
}
