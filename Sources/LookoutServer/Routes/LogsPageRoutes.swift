import Foundation
import Hummingbird
import LookoutCore
import LookoutQuery
import LookoutStore
import LookoutWeb

/// The Logs page (`GET /logs?q=&from=&to=`): runs the query server-side and renders its
/// table and chart, or its error marked at its position; `tab=patterns&source=` groups a
/// source's messages into patterns. Also runs the Overview's dashboard queries.
struct LogsPageRoutes {
  let web: WebRoutes
  /// Limits of the page's query; nil: those of the JSON API.
  var budget: QueryBudget? = nil

  /// Limits of a dashboard panel's query: panels share one page load, so a third of the
  /// time of one query.
  var panelBudget: QueryBudget {
    QueryBudget(
      maxRowsScanned: 50_000_000, maxWallTime: web.runtime.configuration.queryTimeLimit / 3,
      defaultLimit: 1_000)
  }

  func register(on router: Router<LookoutRequestContext>) {
    router.get("/logs") { request, context in
      await web.page(.logs, request, context) { try await logs(request) }
    }
  }

  /// A page view whose `from=now-X&to=now` is shown as the preset `X` when there is one.
  func view(_ request: Request) -> WebRoutes.View {
    var query = request.formQuery
    if query["to"] == "now", let from = query["from"], from.hasPrefix("now-"),
      PageState.presets.contains(where: { $0.value == from.dropFirst(4) })
    {
      query["range"] = String(from.dropFirst(4))
      query["from"] = nil
      query["to"] = nil
    }
    let state = PageState(query: query)
    let range = state.range(now: Int64(Date().timeIntervalSince1970 * 1e6))
    return WebRoutes.View(
      state: state, range: range, step: PageState.step(for: range),
      filter: RequestFilter(project: 1, range: range, environment: state.environment))
  }

  /// The range texts of a view (`now-1h`, `now` for presets) and the range a query reads:
  /// relative ends widened to whole minutes, so simple stats come from rollups.
  static func queryRange(_ view: WebRoutes.View) -> (from: String, to: String, range: TimeRange) {
    let from = view.state.customFrom ?? "now-\(view.state.rangeValue)"
    let to = view.state.customTo ?? "now"
    let now = Int64(Date().timeIntervalSince1970 * 1e6)
    let range = (try? QueryRange.resolve(from: from, to: to, now: now)) ?? view.range
    return (from, to, range)
  }

  func logs(_ request: Request) async throws -> Response {
    let view = view(request)
    let extra = view.state.extra
    let runtime = web.runtime
    let (from, to, range) = Self.queryRange(view)
    let engine = runtime.queryCatalog.engine(project: 1)
    let sources = engine.sources.keys.sorted()
    let patterns = extra["tab"] == "patterns"
    var patternSource = sources.contains("logs") ? "logs" : "requests"
    if let asked = extra["source"], sources.contains(asked) { patternSource = asked }
    let saved = try runtime.meta.savedQueries(project: 1)
    let currentID = extra["saved"].flatMap(Int64.init).flatMap { id in
      saved.contains { $0.id == id } ? id : nil
    }
    // Forms send a textarea's lines joined by CRLF; the editor counts positions over LF.
    var text =
      extra["q"]?.replacingOccurrences(of: "\r\n", with: "\n")
      .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    if text.isEmpty {
      text = saved.first { $0.id == currentID }?.query ?? LogsPage.defaultQuery
    }
    if patterns { text = LogsPage.patternQuery(source: patternSource) }
    let outcome = await Self.run(
      text, engine: engine, range: range,
      budget: budget ?? QueryAPIRoutes(runtime: web.runtime).budget,
      environment: view.state.environment)
    let page = LogsPage(
      query: text, from: from, to: to, range: range, outcome: try outcome.get(),
      patterns: patterns, patternSource: patternSource, sources: sources,
      saved: saved.map(Self.savedInput), currentID: currentID,
      chart: extra["chart"].flatMap(QueryChartKind.init(rawValue:)) ?? .auto)
    return web.html(
      web.renderer.render(template: "logs", content: page, chrome: web.chrome(.logs, "Logs", view)))
  }

  /// Runs `text`: its result, its ``QueryError`` as an outcome, or any other failure.
  static func run(
    _ text: String, engine: QueryEngine, range: TimeRange, budget: QueryBudget,
    environment: String?
  ) async -> Result<LogsPage.Outcome, any Error> {
    do {
      return .success(
        .result(
          try await engine.run(text, range: range, budget: budget, environment: environment)))
    } catch let error as QueryError {
      return .success(.error(error))
    } catch {
      return .failure(error)
    }
  }

  /// The Overview's panels: the project's dashboard queries run over the view's range, side
  /// by side, so the page waits for the slowest one rather than for their sum.
  func panels(_ view: WebRoutes.View) async throws -> [DashboardPanel] {
    let runtime = web.runtime
    let queries = try runtime.meta.savedQueries(project: 1, dashboardOnly: true)
    guard !queries.isEmpty else { return [] }
    let (from, to, range) = Self.queryRange(view)
    let engine = runtime.queryCatalog.engine(project: 1)
    let outcomes = await withTaskGroup(of: (Int, LogsPage.Outcome).self) { group in
      for (index, query) in queries.enumerated() {
        group.addTask {
          switch await Self.run(
            query.query, engine: engine, range: range, budget: panelBudget,
            environment: view.state.environment)
          {
          case .success(let outcome): return (index, outcome)
          case .failure(let error): return (index, .error(QueryError(.execution, "\(error)")))
          }
        }
      }
      var outcomes: [Int: LogsPage.Outcome] = [:]
      for await (index, outcome) in group { outcomes[index] = outcome }
      return outcomes
    }
    return queries.enumerated().map { index, query in
      DashboardPanel(
        id: query.id ?? 0, title: query.name, query: query.query, from: from, to: to,
        chart: QueryChartKind(rawValue: query.chart.rawValue) ?? .auto, range: range,
        outcome: outcomes[index] ?? .error(QueryError(.execution, "the query did not run")))
    }
  }

  static func savedInput(_ query: SavedQuery) -> LogsPage.SavedInput {
    LogsPage.SavedInput(
      id: query.id ?? 0, name: query.name, query: query.query, from: query.from, to: query.to,
      chart: query.chart.rawValue, onDashboard: query.onDashboard)
  }
}
