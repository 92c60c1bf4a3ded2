import LookoutCore
import LookoutQuery

/// A saved query shown on the Overview: its title, its chart (or table), and links to open
/// it in the Logs page or take it off the dashboard.
public struct DashboardPanel: Sendable {
  /// The saved query's id.
  public var id: Int64
  /// The panel's title: the saved query's name.
  public var title: String
  /// The query text.
  public var query: String
  /// `/logs?q=...&saved=id`: edit the query and save it back.
  public var openURL: String
  /// Whether the query ran.
  public var hasResult: Bool
  /// Its chart and table.
  public var result: QueryResultView?
  /// Whether the table is shown (only when there is no chart).
  public var showsTable: Bool
  /// Whether the query failed.
  public var hasError: Bool
  /// Why it failed.
  public var error: String
  /// Whether the budget ran out before every row was read.
  public var isPartial: Bool
  /// Why the result is partial.
  public var partialReason: String

  /// Rows of a panel's table at most.
  public static let maxRows = 10

  /// Builds a panel from what running its query gave.
  ///
  /// - Parameters:
  ///   - id: The saved query's id.
  ///   - title: Its name.
  ///   - query: Its text.
  ///   - from: Start of the range, as the Logs link carries it.
  ///   - to: End of the range.
  ///   - chart: The chart kind saved with it.
  ///   - range: The range the query ran over.
  ///   - outcome: The result or the error.
  public init(
    id: Int64, title: String, query: String, from: String, to: String, chart: QueryChartKind,
    range: TimeRange, outcome: LogsPage.Outcome
  ) {
    self.id = id
    self.title = title
    self.query = query
    openURL = LogsPage.url([
      ("q", query), ("from", from), ("to", to), ("saved", String(id)), ("chart", chart.rawValue),
    ])
    switch outcome {
    case .result(let answer):
      let view = QueryResultView(
        result: answer, query: query, range: range, chart: chart, maxRows: Self.maxRows,
        title: title, height: 200)
      result = view
      hasResult = true
      showsTable = !view.hasChart
      hasError = false
      error = ""
      isPartial = answer.partial
      partialReason = answer.partialReason ?? ""
    case .error(let failure):
      result = nil
      hasResult = false
      showsTable = false
      hasError = true
      error = failure.description
      isPartial = false
      partialReason = ""
    }
  }
}

/// The panels a project's Overview starts with: saved queries seeded on first start, which
/// a person can edit, remove or add to.
public enum DefaultDashboard {
  /// A default panel: its name, query and chart.
  public struct Panel: Sendable, Equatable {
    /// The panel's title.
    public var name: String
    /// Its query.
    public var query: String
    /// How it is drawn.
    public var chart: QueryChartKind
  }

  /// The default panels, in order.
  public static let panels: [Panel] = [
    Panel(
      name: "Requests per 5 minutes by status class",
      query: "source requests\n| stats count(*) as requests by bin(5m), status_class",
      chart: .auto),
    Panel(
      name: "5xx error rate per domain",
      query: """
        source requests
        | stats count(*) as requests, sum(status >= 500) as errors by domain
        | fields domain, errors / requests as error_rate, requests
        | sort error_rate desc
        | limit 15
        """,
      chart: .bar),
    Panel(
      name: "p95 latency per route (top 10)",
      query: """
        source requests
        | stats pct(duration, 95) as p95, count(*) as requests by route
        | sort p95 desc
        | limit 10
        """,
      chart: .bar),
    Panel(
      name: "Slow queries by total time",
      query: """
        source slowqueries
        | stats sum(query_time) as total_time, count(*) as calls by fingerprint
        | sort total_time desc
        | limit 10
        """,
      chart: .bar),
    Panel(
      name: "Error events per 5 minutes",
      query:
        "source errors\n| stats count(*) as events, count_distinct(issue_id) as issues by bin(5m)",
      chart: .auto),
  ]
}
