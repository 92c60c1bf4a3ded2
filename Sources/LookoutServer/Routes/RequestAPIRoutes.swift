import Foundation
import Hummingbird
import LookoutAnalysis
import LookoutCore
import LookoutQuery

/// `GET /api/v1/endpoints` and `GET /api/v1/requests/series`.
///
/// Query parameters: `from`, `to` (now, now-1h, epoch, RFC 3339; default the last hour),
/// `env`, `domain`, `route`, `method`, `project` (default 1); `exact=true` computes the
/// endpoint table from raw blocks instead of minute rollups; `step` (`60`, `5m`) for series.
struct RequestAPIRoutes {
  let runtime: LookoutRuntime

  struct EndpointsAnswer: Encodable {
    var from: Int64
    var to: Int64
    var source: String
    var routes: [RouteStats]
  }

  struct SeriesAnswer: Encodable {
    var from: Int64
    var to: Int64
    var step: Int64
    var points: [RequestSeriesPoint]
  }

  func register(on router: Router<LookoutRequestContext>) {
    router.get("/api/v1/endpoints") { request, _ -> Response in
      let filter = try Self.filter(request)
      let exact = request.uri.queryParameters["exact"].map { $0 == "true" || $0 == "1" } ?? false
      let routes =
        exact
        ? try await EndpointQuery.fromBlocks(runtime.requests, filter: filter)
        : try EndpointQuery.fromRollups(runtime.requests, filter: filter) {
          runtime.enricher.retemplate($0, project: filter.project)
        }
      return try JSONResponse.make(
        EndpointsAnswer(
          from: filter.range.from, to: filter.range.to, source: exact ? "raw" : "rollup",
          routes: routes))
    }
    router.get("/api/v1/requests/series") { request, _ -> Response in
      let filter = try Self.filter(request)
      let stepText = request.uri.queryParameters["step"].map(String.init) ?? "60"
      guard let step = TimeExpression.duration(stepText), step > 0 else {
        throw APIError.badRequest("step must be a duration such as 60, 5m or 1h")
      }
      let points = try RequestSeriesQuery.run(runtime.requests, filter: filter, step: step)
      return try JSONResponse.make(
        SeriesAnswer(
          from: filter.range.from, to: filter.range.to, step: max(step, 60_000_000), points: points)
      )
    }
    router.get("/api/v1/environments") { _, _ -> Response in
      try JSONResponse.make(["environments": runtime.requests.environments()])
    }
  }

  static func filter(_ request: Request) throws -> RequestFilter {
    let query = request.formQuery
    func value(_ name: String) -> String? {
      query[name].flatMap { $0.isEmpty ? nil : $0 }
    }
    let now = Int64(Date().timeIntervalSince1970 * 1e6)
    let range: TimeRange
    do {
      range = try TimeExpression.range(from: value("from"), to: value("to"), now: now)
    } catch {
      throw APIError.badRequest("\(error)")
    }
    guard let project = Int64(value("project") ?? "1") else {
      throw APIError.badRequest("project must be a number")
    }
    return RequestFilter(
      project: project, range: range, environment: value("env"), domain: value("domain"),
      route: value("route"), method: value("method"))
  }
}

/// JSON answers with sorted keys, so they are stable to read and to test.
