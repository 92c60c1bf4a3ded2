import Foundation
import LookoutAnalysis
import LookoutQuery

/// One endpoint: its figures, latency distribution, status codes over time and slowest
/// requests.
public struct EndpointPage: Sendable {
  /// A request of the slowest-requests table.
  public struct RequestRow: Sendable {
    public var time: String
    public var timestamp: Int64
    public var path: String
    public var status: Int
    public var isError: Bool
    public var duration: String
    public var client: String
    public var userAgent: String
  }

  public var method: String
  public var route: String
  public var figures: [Figure]
  public var histogram: String
  public var statusChart: String
  public var latencyChart: String
  public var requests: [RequestRow]
  public var found: Bool

  /// Builds the page of `method route`.
  ///
  /// - Parameters:
  ///   - stats: the endpoint's figures over the range, nil when it had no requests.
  ///   - sketch: its merged latency sketch (µs).
  ///   - byStatus: its requests split by status class.
  ///   - series: its latency percentiles per step.
  ///   - slowest: its slowest requests.
  public init(
    method: String, route: String, stats: RouteStats?, sketch: QuantileSketch,
    byStatus: RequestBreakdownQuery.Result, series: [RequestSeriesPoint],
    slowest: [RequestSample]
  ) {
    self.method = method
    self.route = route
    found = stats != nil
    func ms(_ value: Double?) -> String { value.map(HumanFormat.milliseconds) ?? "–" }
    figures = [
      Figure(label: "Requests", value: HumanFormat.count(Double(stats?.count ?? 0))),
      Figure(label: "5xx rate", value: HumanFormat.percent(stats?.errorRate ?? 0)),
      Figure(label: "4xx", value: HumanFormat.count(Double(stats?.status4xx ?? 0))),
      Figure(label: "Avg", value: ms(stats?.avgMs)),
      Figure(label: "p50", value: ms(stats?.p50Ms)),
      Figure(label: "p95", value: ms(stats?.p95Ms)),
      Figure(label: "p99", value: ms(stats?.p99Ms)),
      Figure(label: "Max", value: ms(stats?.maxMs)),
    ]
    histogram = HistogramChart(
      buckets: Self.buckets(sketch), unit: .milliseconds, title: "Latency distribution",
      markers: [("p50", stats?.p50Ms), ("p95", stats?.p95Ms), ("p99", stats?.p99Ms)]
        .compactMap { label, value in value.map { ChartMarker(label: label, value: $0) } }
    ).svg()
    let order = ["2xx", "3xx", "4xx", "5xx", "1xx", "0xx"]
    let classes = byStatus.series.sorted {
      (order.firstIndex(of: $0.name) ?? 9) < (order.firstIndex(of: $1.name) ?? 9)
    }
    statusChart = StackedBarChart(
      times: byStatus.times, stepMicros: byStatus.step,
      series: classes.map { group in
        ChartSeries(
          name: group.name, values: group.steps.map { Double($0.count) },
          colorIndex: ["2xx": 2, "3xx": 4, "4xx": 1, "5xx": 3][group.name] ?? 5)
      }, unit: .count, title: "Status codes over time"
    ).svg()
    latencyChart = TimeSeriesChart(
      times: series.map(\.time), stepMicros: byStatus.step,
      series: [
        ChartSeries(name: "p50", values: series.map(\.p50Ms), colorIndex: 0),
        ChartSeries(name: "p95", values: series.map(\.p95Ms), colorIndex: 1),
        ChartSeries(name: "p99", values: series.map(\.p99Ms), colorIndex: 3),
      ], unit: .milliseconds, width: 1_440, height: 240, title: "Latency percentiles"
    ).svg()
    requests = slowest.map { sample in
      RequestRow(
        time: HumanFormat.isoTime(sample.time), timestamp: sample.time,
        path: sample.query.isEmpty ? sample.path : sample.path + "?" + sample.query,
        status: sample.status, isError: sample.status >= 500,
        duration: ms(sample.durationMs), client: sample.remoteAddress,
        userAgent: sample.userAgent)
    }
  }

  /// Log-spaced buckets (1, 2, 5 per decade, in ms) covering the sketch's values.
  static func buckets(_ sketch: QuantileSketch) -> [HistogramBucket] {
    guard let low = sketch.min, let high = sketch.max, sketch.count > 0 else { return [] }
    let lowMs = max(low / 1000, 0.1)
    let highMs = max(high / 1000, lowMs * 1.01)
    var candidates: [Double] = []
    var decade = pow(10, floor(log10(lowMs)))
    while decade <= highMs * 10 {
      candidates += [decade, decade * 2, decade * 5]
      decade *= 10
    }
    let first = candidates.lastIndex { $0 <= lowMs } ?? 0
    let last = candidates.firstIndex { $0 > highMs } ?? candidates.count - 1
    let bounds = Array(candidates[first...max(last, first + 1)])
    let counts = sketch.histogram(boundaries: bounds.map { $0 * 1000 })
    return zip(bounds, zip(bounds.dropFirst(), counts)).map { lower, rest in
      HistogramBucket(lower: lower, upper: rest.0, count: Int(rest.1))
    }
  }
}
