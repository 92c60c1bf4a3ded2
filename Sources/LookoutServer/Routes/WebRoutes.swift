import Foundation
import Hummingbird
import LookoutAnalysis
import LookoutCore
import LookoutQuery
import LookoutStore
import LookoutWeb

/// The UI's pages (`/`, `/endpoints`, `/endpoint`, `/ingest`) and its two static files; the
/// Overview's dashboard panels come from ``LogsPageRoutes``.
///
/// Every page reads its state from the URL (``PageState``): `env`, `range` or `from`/`to`
/// (µs), `refresh`, and its own parameters.
struct WebRoutes {
  let runtime: LookoutRuntime
  let renderer: WebRenderer

  func register(on router: Router<LookoutRequestContext>) {
    router.get("/static/lookout.css") { _, _ in
      Self.asset(renderer.stylesheet, type: "text/css; charset=utf-8")
    }
    router.get("/static/lookout.js") { _, _ in
      Self.asset(renderer.script, type: "text/javascript; charset=utf-8")
    }
    router.get("/") { request, context in
      await page(.overview, request, context) { try await overview(request) }
    }
    router.get("/issues") { request, context in
      await page(.issues, request, context) { try issues(request) }
    }
    router.get("/endpoints") { request, context in
      await page(.endpoints, request, context) { try endpoints(request) }
    }
    router.get("/endpoint") { request, context in
      await page(.endpoint, request, context) { try await endpoint(request) }
    }
    router.get("/ingest") { request, context in
      await page(.ingest, request, context) { try await ingest(request) }
    }
  }

  /// Renders a page, or, when reading the store fails, a page that says so and what to
  /// do, inside the same header (the error is logged with the request).
  func page(
    _ page: Page, _ request: Request, _ context: LookoutRequestContext,
    _ render: () async throws -> Response
  ) async -> Response {
    do {
      return try await render()
    } catch {
      context.logger.error("page \(page.path) failed: \(error)")
      let content = ErrorPageContent(
        message: "\(error)", retryURL: view(request).state.url(page.path))
      var response = html(
        renderer.render(
          template: "error", content: content, chrome: chrome(page, "Error", view(request))))
      response.status = .internalServerError
      return response
    }
  }

  /// What the error template shows.
  struct ErrorPageContent {
    var message: String
    var retryURL: String
  }

  /// What every page starts from: its state, range, step and filter.
  struct View {
    var state: PageState
    var range: TimeRange
    var step: Int64
    var filter: RequestFilter
  }

  func view(_ request: Request) -> View {
    var query: [String: String] = [:]
    for (key, value) in request.formQuery { query[key] = value }
    let state = PageState(query: query)
    let range = state.range(now: Int64(Date().timeIntervalSince1970 * 1e6))
    return View(
      state: state, range: range, step: PageState.step(for: range),
      filter: RequestFilter(project: 1, range: range, environment: state.environment))
  }

  func overview(_ request: Request) async throws -> Response {
    let view = view(request)
    let store = runtime.requests
    let routeName = { (route: String) in runtime.enricher.retemplate(route, project: 1) }
    let result = try OverviewQuery.run(
      store, filter: view.filter, step: view.step, routeName: routeName)
    var page = OverviewPage(
      byDomain: result.byDomain, byEndpoint: result.byEndpoint, series: result.series,
      endpoints: result.endpoints,
      state: view.state, serverURL: serverURL(request),
      sentryDSN: sentryDSN(request))
    page.setIssues(try newAndRegressedIssues(view))
    let slowQueries = try await SlowQueryDigestQuery.run(
      runtime.slowQueries, project: 1, range: view.range, environment: view.state.environment)
    page.setSlowQueries(slowQueries.classes, state: view.state)
    page.setPanels(try await LogsPageRoutes(web: self).panels(view))
    return html(
      renderer.render(
        template: "overview", content: page, chrome: chrome(.overview, "Overview", view)))
  }

  func issues(_ request: Request) throws -> Response {
    let view = view(request)
    let extra = view.state.extra
    var filter = IssueFilter(
      project: 1, environment: view.state.environment,
      release: extra["release"].flatMap { $0.isEmpty ? nil : $0 }, query: extra["query"] ?? "",
      range: view.range)
    switch extra["status"] {
    case "all": filter.status = nil
    case let text?: filter.status = IssueLifecycle.Status(rawValue: text) ?? .unresolved
    case nil: break
    }
    filter.sort = extra["sort"].flatMap(IssueFilter.Sort.init(rawValue:)) ?? .lastSeen
    let found = try runtime.errors.issues(filter)
    let counts = try runtime.errors.counts(
      issueIDs: found.map(\.id), range: view.range, step: view.step,
      environment: view.state.environment)
    let page = IssuesPage(
      issues: found.map { issue in
        IssuesPage.IssueInput(
          id: issue.id, title: issue.title, culprit: issue.culprit, level: issue.level,
          status: issue.status, substatus: issue.substatus, count: issue.count,
          countInRange: issue.countInRange, users: issue.users, firstSeen: issue.firstSeen,
          lastSeen: issue.lastSeen, environments: issue.environments,
          steps: counts[issue.id] ?? [])
      }, state: view.state, sentryDSN: sentryDSN(request))
    return html(
      renderer.render(
        template: "issues", content: page, chrome: chrome(.issues, "Issues", view)))
  }

  /// Issues first seen in the view's range, and regressed issues seen in it, newest first.
  func newAndRegressedIssues(_ view: View) throws -> [OverviewPage.IssueRow] {
    let seen = try runtime.errors.issues(
      IssueFilter(
        project: 1, environment: view.state.environment, status: .unresolved, range: view.range,
        limit: 200))
    return seen.filter {
      $0.substatus == "regressed"
        || ($0.firstSeen >= view.range.from && $0.firstSeen < view.range.to)
    }.prefix(10).map { issue in
      OverviewPage.IssueRow(
        title: issue.title, url: view.state.url("/issues/\(issue.id)", Page.dropPageParameters),
        kind: issue.substatus == "regressed" ? "regressed" : "new",
        events: HumanFormat.count(Double(issue.countInRange)),
        lastSeen: HumanFormat.isoTime(issue.lastSeen), lastSeenMicros: issue.lastSeen)
    }
  }

  /// The default project's DSN, for snippets.
  func sentryDSN(_ request: Request) -> String {
    SentryDSN.make(
      key: (try? runtime.meta.project(id: 1))?.ingestKey ?? "KEY", baseURL: serverURL(request),
      project: 1)
  }

  func endpoints(_ request: Request) throws -> Response {
    let view = view(request)
    let routeName = { (route: String) in runtime.enricher.retemplate(route, project: 1) }
    let table = try OverviewQuery.endpointTable(
      runtime.requests, filter: view.filter, step: view.step, routeName: routeName)
    let page = EndpointsPage(
      endpoints: table.endpoints, byEndpoint: table.byEndpoint,
      state: view.state)
    return html(
      renderer.render(
        template: "endpoints", content: page, chrome: chrome(.endpoints, "Endpoints", view)))
  }

  func endpoint(_ request: Request) async throws -> Response {
    let view = view(request)
    let method = view.state.extra["method"] ?? ""
    let route = view.state.extra["route"] ?? ""
    var filter = view.filter
    filter.method = method.isEmpty ? nil : method
    filter.route = route
    let store = runtime.requests
    let detail = try EndpointDetailQuery.run(store, filter: filter, step: view.step)
    let page = EndpointPage(
      method: method, route: route, stats: detail.stats, sketch: detail.sketch,
      byStatus: detail.byStatus, series: detail.series,
      slowest: try await SlowestRequestsQuery.run(store, filter: filter, limit: 20))
    let title = "\(method) \(route)"
    return html(
      renderer.render(template: "endpoint", content: page, chrome: chrome(.endpoint, title, view)))
  }

  func ingest(_ request: Request) async throws -> Response {
    let view = view(request)
    let sources = runtime.ingestStats.snapshot().map { source in
      IngestPage.SourceInput(
        name: source.name, lines: source.lines, badLines: source.badLines,
        badExamples: source.badExamples.map { ($0.line, $0.reason, $0.excerpt) },
        lastReceived: source.lastReceived)
    }
    var page = IngestPage(
      sources: sources, queueDepth: runtime.requestWriter.queuedCost,
      queueCapacity: runtime.configuration.maxQueuedRows, serverURL: serverURL(request))
    page.projects = try runtime.meta.projects().map { project in
      IngestPage.ProjectRow(
        id: project.id, name: project.name,
        dsn: SentryDSN.make(
          key: project.ingestKey, baseURL: serverURL(request), project: project.id),
        ingestKey: project.ingestKey)
    }
    return html(
      renderer.render(
        template: "ingest", content: page, chrome: chrome(.ingest, "Ingest health", view)))
  }

  func chrome(_ page: Page, _ title: String, _ view: View) -> PageChrome {
    let project = (try? runtime.meta.project(id: 1))?.name ?? "default"
    return PageChrome(
      page: page, title: title, project: project, state: view.state,
      environments: Set(
        runtime.requests.environments() + runtime.spans.environments()
          + runtime.slowQueries.environments()
      ).sorted(), range: view.range)
  }

  /// The address clients reach this server at, from the request's Host header.
  func serverURL(_ request: Request) -> String {
    let host = request.head.authority ?? "localhost:7700"
    return "http://\(host)"
  }

  func html(_ text: String) -> Response {
    Response(
      status: .ok,
      headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
      body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  static func asset(_ text: String, type: String) -> Response {
    Response(
      status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=300"],
      body: .init(byteBuffer: ByteBuffer(string: text)))
  }
}
