import LookoutAnalysis
import LookoutCore
import LookoutStore

/// Requests over time split by one dimension, from minute rollups: what the Overview's
/// "error rate per domain" chart and each endpoint's sparkline are drawn from.
public enum RequestBreakdownQuery {
  /// What the series are split by.
  public enum Dimension: Sendable, Hashable {
    /// One series per domain.
    case domain
    /// One series per endpoint, named `METHOD route`.
    case endpoint
    /// One series per status class, named `2xx` ... `5xx`.
    case statusClass
  }

  /// Counts of one group in one step.
  public struct Counts: Sendable, Hashable {
    /// Requests.
    public var count = 0
    /// Responses with a 4xx status.
    public var status4xx = 0
    /// Responses with a 5xx status.
    public var status5xx = 0

    /// Share of requests answered 5xx, or nil when there were none.
    public var errorRate: Double? { count == 0 ? nil : Double(status5xx) / Double(count) }
  }

  /// One group's steps.
  public struct Series: Sendable, Hashable {
    /// The group: a domain, `METHOD route` or a status class.
    public var name: String
    /// One entry per step of ``Result/times``.
    public var steps: [Counts]
    /// The sum over all steps.
    public var total: Counts
  }

  /// Series sharing one time axis.
  public struct Result: Sendable, Hashable {
    /// Step starts, µs since epoch.
    public var times: [Int64]
    /// Step length, µs (whole minutes).
    public var step: Int64
    /// The groups, largest total first.
    public var series: [Series]
  }

  /// Splits the requests of `filter` by `dimension` into steps of `step` µs (rounded up
  /// to whole minutes, at most 10,000 steps).
  ///
  /// - Parameter routeName: maps a stored route to the one to report, as in
  ///   ``EndpointQuery/fromRollups(_:filter:routeName:)``.
  public static func run(
    _ store: RequestStore, filter: RequestFilter, step: Int64, by dimension: Dimension,
    routeName: @escaping (String) -> String = { $0 }
  ) throws -> Result {
    var fold = Fold(
      range: filter.range, step: step, dimension: dimension, dictionary: store.dictionary,
      routeName: routeName)
    guard fold.stepCount > 0, let dimensions = RequestDimensionFilter(store: store, filter: filter)
    else { return fold.result() }
    try RollupReader.forEach(store, filter: filter, dimensions: dimensions, sketches: false) {
      fold.add($0)
    }
    return fold.result()
  }

  /// Accumulates rollup rows into series.
  struct Fold {
    let start: Int64
    let step: Int64
    let stepCount: Int
    let dimension: Dimension
    let dictionary: StringDictionary
    let routeName: (String) -> String
    private var names: [UInt64: String] = [:]
    private var groups: [String: [Counts]] = [:]

    init(
      range: TimeRange, step: Int64, dimension: Dimension, dictionary: StringDictionary,
      routeName: @escaping (String) -> String
    ) {
      (start, self.step, stepCount) = RequestSeriesQuery.steps(range: range, step: step)
      self.dimension = dimension
      self.dictionary = dictionary
      self.routeName = routeName
    }

    mutating func add(_ row: RollupReader.Row) {
      let index = Int((row.minute - start) / step)
      guard index >= 0, index < stepCount else { return }
      let key: UInt64 =
        switch dimension {
        case .domain: UInt64(row.domain)
        case .endpoint: UInt64(row.method) << 32 | UInt64(row.route)
        case .statusClass: UInt64(row.statusClass)
        }
      let name: String
      if let known = names[key] {
        name = known
      } else {
        name =
          switch dimension {
          case .domain: dictionary.value(row.domain, column: RequestColumn.domain.name)
          case .endpoint:
            dictionary.value(row.method, column: RequestColumn.method.name) + " "
              + routeName(dictionary.value(row.route, column: RequestColumn.route.name))
          case .statusClass: "\(row.statusClass)xx"
          }
        names[key] = name
      }
      let count = Int(row.count)
      groups[name, default: Array(repeating: Counts(), count: stepCount)][index].count += count
      if row.statusClass == 4 { groups[name]![index].status4xx += count }
      if row.statusClass == 5 { groups[name]![index].status5xx += count }
    }

    func result() -> Result {
      let series = groups.map { name, steps in
        var total = Counts()
        for counts in steps {
          total.count += counts.count
          total.status4xx += counts.status4xx
          total.status5xx += counts.status5xx
        }
        return Series(name: name, steps: steps, total: total)
      }
      return Result(
        times: (0..<stepCount).map { start + Int64($0) * step }, step: step,
        series: series.sorted { ($0.total.count, $1.name) > ($1.total.count, $0.name) })
    }
  }

  /// The merged latency sketch (µs) of every request of `filter`, for distribution charts.
  public static func latencySketch(_ store: RequestStore, filter: RequestFilter) throws
    -> QuantileSketch
  {
    var sketch = QuantileSketch()
    guard let dimensions = RequestDimensionFilter(store: store, filter: filter) else {
      return sketch
    }
    try RollupReader.forEach(store, filter: filter, dimensions: dimensions) { row in
      sketch.merge(row.sketch)
    }
    return sketch
  }
}
