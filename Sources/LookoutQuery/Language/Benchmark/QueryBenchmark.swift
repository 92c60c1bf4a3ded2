import Foundation
import LookoutCore

/// Generated request rows and a timed query over them, for `docs/benchmarks.md` figures.
///
/// ```swift
/// let source = QueryBenchmark.requests(rows: 10_000_000, routes: 200, partitions: 2)
/// let figures = try await QueryBenchmark.measure(source: source)
/// print(figures.rowsPerSecond)
/// ```
public enum QueryBenchmark {
  /// The query the figures are quoted for.
  public static let statsQuery =
    "source requests | stats count(*), avg(duration), pct(duration, 95) by route, bin(5m)"

  /// What one timed run measured.
  public struct Figures: Sendable {
    /// Rows scanned.
    public var rows: Int
    /// Result rows (groups).
    public var groups: Int
    /// Wall time in seconds.
    public var seconds: Double
    /// Rows scanned per second.
    public var rowsPerSecond: Double { Double(rows) / max(seconds, 1e-9) }
  }

  /// A `requests` source of `rows` rows over one day: `route` dictionary-coded among
  /// `routes` values, `duration` in milliseconds drawn from a lognormal (median about 50 ms).
  ///
  /// - Parameters:
  ///   - rows: Rows to generate.
  ///   - routes: Distinct routes.
  ///   - partitions: Partitions the executor scans concurrently.
  ///   - seed: The random seed.
  public static func requests(rows: Int, routes: Int = 200, partitions: Int = 2, seed: UInt64 = 42)
    -> InMemoryQuerySource
  {
    var random = SplitMix64(seed: seed)
    let day = Int64(86_400_000_000)
    var stamps = [Int64](repeating: 0, count: rows)
    var codes = [Int32](repeating: 0, count: rows)
    var durations = [Double](repeating: 0, count: rows)
    for i in 0..<rows {
      stamps[i] = Int64(i) * day / Int64(max(1, rows))
      codes[i] = Int32(random.next() % UInt64(max(1, routes)))
      // Box-Muller: a standard normal from two uniforms.
      let u1 = Double(random.next() >> 11 | 1) / Double(1 << 53)
      let u2 = Double(random.next() >> 11) / Double(1 << 53)
      let normal = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
      durations[i] = exp(3.9 + 0.8 * normal)
    }
    return InMemoryQuerySource(
      name: "requests",
      fields: [
        .init(name: "@timestamp", type: .timestamp),
        .init(name: "route", type: .string, isDictionary: true),
        .init(name: "duration", type: .double),
      ],
      columns: [
        "@timestamp": QueryColumn(.int(stamps)),
        "route": QueryColumn(
          .dictionary(codes: codes, dictionary: (0..<routes).map { "/api/route/\($0)" })),
        "duration": QueryColumn(.double(durations)),
      ], partitionCount: partitions)
  }

  /// Runs `query` over `source` for one day and times it.
  public static func measure(source: InMemoryQuerySource, query: String = statsQuery) async throws
    -> Figures
  {
    let engine = QueryEngine(sources: [source.name: source], patterns: nil)
    let start = ContinuousClock.now
    let result = try await engine.run(
      query, range: TimeRange(from: 0, to: 86_400_000_000),
      budget: QueryBudget(maxRowsScanned: .max, maxWallTime: .seconds(600), defaultLimit: .max))
    let elapsed = ContinuousClock.now - start
    return Figures(
      rows: result.statistics.rowsScanned, groups: result.rows.count,
      seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
  }
}
