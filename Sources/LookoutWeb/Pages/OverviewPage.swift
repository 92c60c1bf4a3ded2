import LookoutAnalysis
import LookoutCore
import LookoutQuery

/// The morning dashboard: error rate per domain, top URLs by errors, API performance, the
/// slowest endpoints, and how to send the signals not seen yet.
public struct OverviewPage: Sendable {
  /// A row of the top-URLs-by-errors table.
  public struct ErrorRow: Sendable {
    public var endpoint: String
    public var url: String
    public var errors: String
    public var clientErrors: String
    public var errorRate: String
    public var sparkline: String
  }

  /// A row of a slowest-endpoints table.
  public struct SlowRow: Sendable {
    public var endpoint: String
    public var url: String
    public var value: String
    public var detail: String
  }

  /// A signal with no data yet, and how to send it.
  public struct Placeholder: Sendable {
    public var title: String
    public var text: String
    public var snippet: String
  }

  public var errorRateChart: String
  public var requestRateChart: String
  public var latencyChart: String
  public var errorRows: [ErrorRow]
  public var slowestByP95: [SlowRow]
  public var slowestByTotal: [SlowRow]
  public var totals: [Figure]
  public var placeholders: [Placeholder]
  public var hasRequests: Bool
  /// New issues and regressions of the range, newest first.
  public var issueRows: [IssueRow]
  public var hasIssueRows: Bool

  /// An issue that is new or regressed in the range.
  public struct IssueRow: Sendable {
    public var title: String
    public var url: String
    public var kind: String
    public var events: String
    public var lastSeen: String
    public var lastSeenMicros: Int64

    public init(
      title: String, url: String, kind: String, events: String, lastSeen: String,
      lastSeenMicros: Int64
    ) {
      self.title = title
      self.url = url
      self.kind = kind
      self.events = events
      self.lastSeen = lastSeen
      self.lastSeenMicros = lastSeenMicros
    }
  }

  /// A query class of the slow-query panel.
  public struct SlowQueryRow: Sendable {
    public var fingerprint: String
    public var url: String
    public var total: String
    public var share: String
    public var avg: String
    public var max: String
    public var isNew: Bool
    public var isSlower: Bool
  }

  /// The range's top query classes by total time, for the slow-query panel.
  public var slowQueryRows: [SlowQueryRow] = []
  public var hasSlowQueries = false

  /// Fills the slow-query panel with the top classes of the range's digest.
  public mutating func setSlowQueries(_ classes: [SlowQueryClassRow], state: PageState) {
    slowQueryRows = classes.prefix(8).map { row in
      SlowQueryRow(
        fingerprint: SlowQueriesPage.shortened(row.fingerprint, to: 120),
        url: state.url("/slow-queries/\(row.id)", Page.dropPageParameters),
        total: HumanFormat.milliseconds(row.totalS * 1000), share: HumanFormat.percent(row.share),
        avg: HumanFormat.milliseconds(row.avgMs), max: HumanFormat.milliseconds(row.maxMs),
        isNew: row.isNew, isSlower: row.slower != nil)
    }
    hasSlowQueries = !slowQueryRows.isEmpty
    if hasSlowQueries { placeholders.removeAll { $0.title == "Slow queries" } }
  }

  /// The saved queries shown as panels, in dashboard order.
  public var panels: [DashboardPanel] = []
  public var hasPanels = false

  /// Shows `panels` (the project's dashboard queries, already run).
  public mutating func setPanels(_ panels: [DashboardPanel]) {
    self.panels = panels
    hasPanels = !panels.isEmpty
  }

  /// Adds the range's new issues and regressions (already chosen by the caller).
  public mutating func setIssues(_ rows: [IssueRow]) {
    issueRows = rows
    hasIssueRows = !rows.isEmpty
    if hasIssueRows { placeholders.removeAll { $0.title == "Errors" } }
  }
  public var ingestSnippet: String

  /// Builds the page from query results over one range.
  ///
  /// - Parameters:
  ///   - byDomain: requests split by domain (``RequestBreakdownQuery``).
  ///   - byEndpoint: requests split by endpoint.
  ///   - series: the overall series (``RequestSeriesQuery``) on the same steps.
  ///   - endpoints: per-endpoint figures (``EndpointQuery``).
  ///   - serverURL: the address SDKs and nginx send to, for the snippets.
  ///   - sentryDSN: the project's DSN for Sentry SDKs.
  public init(
    byDomain: RequestBreakdownQuery.Result, byEndpoint: RequestBreakdownQuery.Result,
    series: [RequestSeriesPoint], endpoints: [RouteStats], state: PageState, serverURL: String,
    sentryDSN: String
  ) {
    let times = byDomain.times
    let step = byDomain.step
    errorRateChart = TimeSeriesChart(
      times: times, stepMicros: step,
      series: byDomain.series.prefix(8).enumerated().map { index, group in
        ChartSeries(
          name: group.name.isEmpty ? "(none)" : group.name,
          values: group.steps.map { $0.errorRate }, colorIndex: index)
      }, unit: .percent, title: "5xx error rate per domain"
    ).svg()
    let seconds = Double(step) / 1e6
    let stepTimes = series.map(\.time)
    requestRateChart = TimeSeriesChart(
      times: stepTimes, stepMicros: step,
      series: [
        ChartSeries(
          name: "requests/s", values: series.map { Double($0.count) / seconds }, colorIndex: 0),
        ChartSeries(
          name: "5xx/s", values: series.map { Double($0.status5xx) / seconds }, colorIndex: 3),
      ], unit: .rate, title: "Requests per second"
    ).svg()
    latencyChart = TimeSeriesChart(
      times: stepTimes, stepMicros: step,
      series: [
        ChartSeries(name: "p50", values: series.map(\.p50Ms), colorIndex: 0),
        ChartSeries(name: "p95", values: series.map(\.p95Ms), colorIndex: 1),
        ChartSeries(name: "p99", values: series.map(\.p99Ms), colorIndex: 3),
      ], unit: .milliseconds, title: "Latency percentiles"
    ).svg()

    func endpointURL(_ method: String, _ route: String) -> String {
      state.url(Page.endpoint.path, ["method": method, "route": route, "sort": nil])
    }
    errorRows = byEndpoint.series
      .filter { $0.total.status5xx + $0.total.status4xx > 0 }
      .sorted {
        ($0.total.status5xx, $0.total.status4xx, $1.name) > (
          $1.total.status5xx, $1.total.status4xx, $0.name
        )
      }
      .prefix(10)
      .map { group in
        let (method, route) = Self.split(group.name)
        return ErrorRow(
          endpoint: group.name, url: endpointURL(method, route),
          errors: HumanFormat.count(Double(group.total.status5xx)),
          clientErrors: HumanFormat.count(Double(group.total.status4xx)),
          errorRate: HumanFormat.percent(group.total.errorRate ?? 0),
          sparkline: Sparkline(
            values: group.steps.map { Double($0.status5xx + $0.status4xx) }, colorIndex: 3
          ).svg())
      }
    slowestByP95 = endpoints.filter { $0.p95Ms != nil }
      .sorted { ($0.p95Ms ?? 0, $1.route) > ($1.p95Ms ?? 0, $0.route) }
      .prefix(10)
      .map { stats in
        SlowRow(
          endpoint: "\(stats.method) \(stats.route)", url: endpointURL(stats.method, stats.route),
          value: HumanFormat.milliseconds(stats.p95Ms ?? 0),
          detail: "\(HumanFormat.count(Double(stats.count))) requests")
      }
    let totalTime = endpoints.reduce(0) { $0 + $1.totalMs }
    slowestByTotal = endpoints.prefix(10).map { stats in
      SlowRow(
        endpoint: "\(stats.method) \(stats.route)", url: endpointURL(stats.method, stats.route),
        value: HumanFormat.percent(totalTime > 0 ? stats.totalMs / totalTime : 0),
        detail: "avg \(HumanFormat.milliseconds(stats.avgMs ?? 0))")
    }
    let count = endpoints.reduce(0) { $0 + $1.count }
    let errors = endpoints.reduce(0) { $0 + $1.status5xx }
    hasRequests = count > 0
    totals = [
      Figure(label: "Requests", value: HumanFormat.count(Double(count))),
      Figure(label: "5xx", value: HumanFormat.count(Double(errors))),
      Figure(
        label: "Error rate",
        value: HumanFormat.percent(count > 0 ? Double(errors) / Double(count) : 0)),
      Figure(label: "Endpoints", value: HumanFormat.count(Double(endpoints.count))),
    ]
    ingestSnippet = """
      curl -X POST '\(serverURL)/api/ingest/nginx?format=timed&env=production' \\
        -H 'Authorization: Bearer INGEST_KEY' --data-binary @/var/log/nginx/access.log
      """
    issueRows = []
    hasIssueRows = false
    placeholders = [
      Placeholder(
        title: "Errors",
        text:
          "Point any Sentry SDK at this project's DSN; issues are served at /api/v1/issues (their pages come next).",
        snippet: "sentry_sdk.init(dsn=\"\(sentryDSN)\")"
      ),
      Placeholder(
        title: "Slow queries",
        text:
          "Tail MySQL / MariaDB / PostgreSQL slow logs (sources: slowlogs: in lookout.yml) or push them.",
        snippet:
          "curl --data-binary @mysql-slow.log -H 'Authorization: Bearer KEY' \\\n  '\(serverURL)/api/ingest/slowlog?format=mysql'"
      ),
      Placeholder(
        title: "Traces", text: "OpenTelemetry / X-Ray spans: not collected by this version yet.",
        snippet: "OTEL_EXPORTER_OTLP_ENDPOINT=\(serverURL)"),
    ]
  }

  /// `GET /api/x` as ("GET", "/api/x").
  static func split(_ endpoint: String) -> (String, String) {
    guard let space = endpoint.firstIndex(of: " ") else { return ("", endpoint) }
    return (String(endpoint[..<space]), String(endpoint[endpoint.index(after: space)...]))
  }
}
