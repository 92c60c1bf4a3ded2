import LookoutAnalysis
import LookoutQuery

/// Every endpoint in a sortable table with a sparkline of its traffic.
public struct EndpointsPage: Sendable {
  /// A column header; its link sorts by it (again: the other way).
  public struct Column: Sendable {
    public var label: String
    public var url: String
    public var sorted: Bool
    public var numeric: Bool
  }

  /// One endpoint.
  public struct Row: Sendable {
    public var method: String
    public var route: String
    public var domain: String
    public var url: String
    public var count: String
    public var errorRate: String
    public var avg: String
    public var p50: String
    public var p95: String
    public var p99: String
    public var max: String
    public var share: String
    public var sparkline: String
    public var hasErrors: Bool
  }

  public var columns: [Column]
  public var rows: [Row]
  public var isEmpty: Bool

  /// The sort keys, by URL value, and their column labels.
  static let sortKeys: [(key: String, label: String)] = [
    ("route", "Endpoint"), ("count", "Requests"), ("errors", "5xx rate"), ("avg", "Avg"),
    ("p50", "p50"), ("p95", "p95"), ("p99", "p99"), ("max", "Max"), ("total", "Time share"),
  ]

  /// Builds the table of `endpoints`, sorted by the state's `sort` parameter (`-p95` is
  /// descending; default: time share, largest first).
  public init(
    endpoints: [RouteStats], byEndpoint: RequestBreakdownQuery.Result, state: PageState
  ) {
    let sort = state.extra["sort"] ?? "-total"
    let descending = sort.hasPrefix("-")
    let key = descending ? String(sort.dropFirst()) : sort
    columns = Self.sortKeys.map { column in
      let isSorted = column.key == key
      let next = isSorted && descending ? column.key : "-" + column.key
      return Column(
        label: column.label + (isSorted ? (descending ? " ↓" : " ↑") : ""),
        url: state.url(Page.endpoints.path, ["sort": next]), sorted: isSorted,
        numeric: column.key != "route")
    }
    func value(_ stats: RouteStats) -> Double {
      switch key {
      case "count": Double(stats.count)
      case "errors": stats.errorRate
      case "avg": stats.avgMs ?? -1
      case "p50": stats.p50Ms ?? -1
      case "p95": stats.p95Ms ?? -1
      case "p99": stats.p99Ms ?? -1
      case "max": stats.maxMs ?? -1
      default: stats.totalMs
      }
    }
    let ordered = endpoints.sorted { left, right in
      if key == "route" {
        let pair = (left.route, left.method) < (right.route, right.method)
        return descending ? !pair : pair
      }
      let (a, b) = (value(left), value(right))
      if a != b { return descending ? a > b : a < b }
      return (left.route, left.method) < (right.route, right.method)
    }
    let sparklines = Dictionary(
      byEndpoint.series.map { ($0.name, $0.steps.map { Double($0.count) }) },
      uniquingKeysWith: { first, _ in first })
    let totalTime = endpoints.reduce(0) { $0 + $1.totalMs }
    func ms(_ value: Double?) -> String { value.map(HumanFormat.milliseconds) ?? "–" }
    rows = ordered.map { stats in
      Row(
        method: stats.method, route: stats.route, domain: stats.domain,
        url: state.url(
          Page.endpoint.path, ["method": stats.method, "route": stats.route, "sort": nil]),
        count: HumanFormat.count(Double(stats.count)),
        errorRate: HumanFormat.percent(stats.errorRate), avg: ms(stats.avgMs),
        p50: ms(stats.p50Ms), p95: ms(stats.p95Ms), p99: ms(stats.p99Ms), max: ms(stats.maxMs),
        share: HumanFormat.percent(totalTime > 0 ? stats.totalMs / totalTime : 0),
        sparkline: Sparkline(values: sparklines["\(stats.method) \(stats.route)"] ?? []).svg(),
        hasErrors: stats.status5xx > 0)
    }
    isEmpty = rows.isEmpty
  }
}
