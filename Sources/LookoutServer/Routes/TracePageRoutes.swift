import Foundation
import Hummingbird
import LookoutAnalysis
import LookoutCore
import LookoutQuery
import LookoutStore
import LookoutWeb

/// The trace pages: search (`/traces`), one trace (`/traces/{id}`), the comparison of two
/// sets (`/traces/compare`), the service map (`/service-map`) and the bottlenecks of each
/// endpoint (`/bottlenecks`).
struct TracePageRoutes {
  let web: WebRoutes
  let xray: XRayReceiver
  /// Traces read to break an endpoint down.
  static let bottleneckSample = 200

  func register(on router: Router<LookoutRequestContext>) {
    router.get("/traces") { request, context in
      await web.page(.traces, request, context) { try await search(request) }
    }
    router.get("/traces/compare") { request, context in
      await web.page(.traces, request, context) { try await compare(request) }
    }
    router.get("/traces/:id") { request, context in
      await web.page(.traces, request, context) { try await trace(request, context) }
    }
    router.get("/service-map") { request, context in
      await web.page(.serviceMap, request, context) { try serviceMap(request) }
    }
    router.get("/bottlenecks") { request, context in
      await web.page(.bottlenecks, request, context) { try await bottlenecks(request) }
    }
  }

  /// The filter a page's `q` and `service` parameters describe, or the reason it is refused.
  func filter(_ view: WebRoutes.View) -> (SpanFilter, String?) {
    let query = view.state.extra["q"] ?? ""
    do {
      var filter = try TraceFilterExpression.parse(query)
      filter.environment = view.state.environment
      if let service = view.state.extra["service"], !service.isEmpty { filter.services = [service] }
      return (filter, nil)
    } catch {
      return (SpanFilter(), error.description)
    }
  }

  func search(_ request: Request) async throws -> Response {
    let view = web.view(request)
    let (filter, problem) = filter(view)
    let hits =
      problem == nil
      ? try await TraceSearchQuery.run(
        web.runtime.spans, project: 1, range: view.range, filter: filter, limit: 500) : []
    let page = TracesPage(
      hits: hits, services: web.runtime.spans.services(), service: view.state.extra["service"],
      query: view.state.extra["q"] ?? "", queryError: problem, range: view.range,
      state: view.state)
    return web.html(
      web.renderer.render(
        template: "traces", content: page, chrome: web.chrome(.traces, "Traces", view)))
  }

  func trace(_ request: Request, _ context: LookoutRequestContext) async throws -> Response {
    let view = web.view(request)
    guard let id = context.parameters.get("id")?.lowercased(), TraceKey(hex: id) != nil else {
      throw APIError.badRequest("a trace id is 32 hex digits")
    }
    let spans = try await TraceAPIRoutes.spans(
      of: id, project: 1, runtime: web.runtime, xray: xray)
    // An issue whose title starts with an exception's type is that exception's issue.
    var issues: [(id: Int64, title: String)] = []
    if let first = spans.map(\.start).min(), let last = spans.map({ $0.start + $0.duration }).max()
    {
      issues = try web.runtime.errors.issues(
        project: 1, traceID: id, spans: TimeRange(from: first, to: last + 1))
    }
    var issueByType: [String: Int64] = [:]
    for span in spans {
      for event in span.events where event.name == "exception" {
        guard let type = event.attributes["exception.type"], issueByType[type] == nil else {
          continue
        }
        let short = type.split(separator: ".").last.map(String.init) ?? type
        if let issue = issues.first(where: { $0.title.hasPrefix(type) || $0.title.hasPrefix(short) }
        ) {
          issueByType[type] = issue.id
        }
      }
    }
    let page = TracePage(
      traceID: id, spans: spans,
      links: TracePage.Links(
        issueByExceptionType: issueByType, slowQueryClass: Self.slowQueryClass),
      state: view.state)
    return web.html(
      web.renderer.render(
        template: "trace", content: page,
        chrome: web.chrome(.traces, "Trace \(id.prefix(8))", view)))
  }

  func compare(_ request: Request) async throws -> Response {
    let view = web.view(request)
    let (filter, problem) = filter(view)
    if let problem { throw APIError.badRequest("q \(problem)") }
    let baseline =
      TraceCompareQuery.Baseline(rawValue: view.state.extra["baseline"] ?? "") ?? .previousWeek
    let comparison = try await TraceCompareQuery.run(
      web.runtime.spans, project: 1, range: view.range, filter: filter, baseline: baseline)
    let page = TraceComparePage(
      comparison: comparison, query: view.state.extra["q"] ?? "", baseline: baseline)
    return web.html(
      web.renderer.render(
        template: "trace-compare", content: page,
        chrome: web.chrome(.traces, "Compare traces", view)))
  }

  func serviceMap(_ request: Request) throws -> Response {
    let view = web.view(request)
    let report = try ServiceMapQuery.run(
      web.runtime.spans, project: 1, range: view.range, environment: view.state.environment)
    return web.html(
      web.renderer.render(
        template: "service-map", content: ServiceMapPage(report: report, state: view.state),
        chrome: web.chrome(.serviceMap, "Service map", view)))
  }

  func bottlenecks(_ request: Request) async throws -> Response {
    let view = web.view(request)
    let store = web.runtime.spans
    let endpoints = try BottleneckQuery.endpoints(
      store, project: 1, range: view.range, environment: view.state.environment)
    var selected: (service: String, name: String)?
    if let service = view.state.extra["service"], let name = view.state.extra["operation"],
      !service.isEmpty, !name.isEmpty
    {
      selected = (service, name)
    } else if let first = endpoints.first {
      selected = (first.service, first.name)
    }
    let report = try await selected.asyncMap {
      try await BottleneckQuery.run(
        store, project: 1, range: view.range, environment: view.state.environment,
        service: $0.service, operation: $0.name, sampleSize: Self.bottleneckSample)
    }
    let page = BottlenecksPage(
      endpoints: endpoints, selected: selected, report: report,
      sampleSize: Self.bottleneckSample, state: view.state)
    return web.html(
      web.renderer.render(
        template: "bottlenecks", content: page,
        chrome: web.chrome(.bottlenecks, "Bottlenecks", view)))
  }

  /// The slow-query class of an SQL statement, by the fingerprint of its engine.
  @Sendable static func slowQueryClass(system: String, statement: String) -> String? {
    switch system.lowercased() {
    case "mysql", "mariadb":
      var fingerprinter = MySQLFingerprinter()
      return fingerprinter.fingerprint(statement).classID
    case "postgresql", "postgres":
      var fingerprinter = PostgresFingerprinter()
      return fingerprinter.fingerprint(statement).classID
    default:
      return nil
    }
  }
}

extension Optional {
  fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
    guard let self else { return nil }
    return try await transform(self)
  }
}
