import Foundation
import Hummingbird
import LookoutAnalysis
import LookoutCore
import LookoutQuery
import LookoutStore
import LookoutWeb

/// The Slow queries page (`GET /slow-queries`) and the page of one class
/// (`GET /slow-queries/{id}`).
struct SlowQueryPageRoutes {
  let web: WebRoutes

  func register(on router: Router<LookoutRequestContext>) {
    router.get("/slow-queries") { request, context in
      await web.page(.slowQueries, request, context) { try await list(request) }
    }
    router.get("/slow-queries/:id") { request, context in
      await web.page(.slowQueries, request, context) { try await detail(request, context) }
    }
  }

  func list(_ request: Request) async throws -> Response {
    let view = web.view(request)
    let store = web.runtime.slowQueries
    let digest = try await SlowQueryDigestQuery.run(
      store, project: 1, range: view.range, environment: view.state.environment)
    let series = try await SlowQuerySeriesQuery.run(
      store, project: 1, range: view.range, step: Self.step(view),
      classIDs: digest.classes.prefix(50).map(\.id), environment: view.state.environment)
    let page = SlowQueriesPage(
      digest: digest, series: series, stepMicros: Self.step(view), state: view.state)
    return web.html(
      web.renderer.render(
        template: "slow-queries", content: page,
        chrome: web.chrome(.slowQueries, "Slow queries", view)))
  }

  func detail(_ request: Request, _ context: LookoutRequestContext) async throws -> Response {
    let view = web.view(request)
    guard let id = context.parameters.get("id"), id.count <= 64 else {
      throw APIError.badRequest("a query class id")
    }
    let store = web.runtime.slowQueries
    let environment = view.state.environment
    let digest = try await SlowQueryDigestQuery.run(
      store, project: 1, range: view.range, environment: environment)
    let stored = try await store.storedClass(project: 1, id: id)
    let series = try await SlowQuerySeriesQuery.run(
      store, project: 1, range: view.range, step: Self.step(view), classIDs: [id],
      environment: environment)
    let page = SlowQueryPage(
      id: id, row: digest.classes.first { $0.id == id }, stored: stored,
      sketch: digest.figures[id]?.sketch ?? QuantileSketch(), series: series[id] ?? [],
      stepMicros: Self.step(view),
      breakdown: try await store.breakdown(
        project: 1, classID: id, range: view.range, environment: environment),
      slowest: try await store.slowestCalls(
        project: 1, classID: id,
        engine: stored?.engine == "postgres" ? .postgres : .mysql, range: view.range, limit: 10,
        environment: environment))
    return web.html(
      web.renderer.render(
        template: "slow-query", content: page,
        chrome: web.chrome(.slowQueries, "Slow query \(id)", view)))
  }

  /// The step the series use: slow queries are sparse next to requests, so at most about
  /// 20 steps over the range (and never under the view's step), in whole minutes as the
  /// rollups are.
  static func step(_ view: WebRoutes.View) -> Int64 {
    let wanted = max(view.step, (view.range.to - view.range.from) / 20)
    return max(
      Micros.perMinute, (wanted + Micros.perMinute - 1) / Micros.perMinute * Micros.perMinute)
  }
}
