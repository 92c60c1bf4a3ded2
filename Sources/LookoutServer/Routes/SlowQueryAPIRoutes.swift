import Foundation
import Hummingbird
import LookoutCore
import LookoutQuery

/// `GET /api/v1/slowqueries` (the ranked digest of a range, with "new" and "slower"
/// markers) and `GET /api/v1/slowqueries/{id}` (one class: figures, series, slowest calls).
///
/// Query parameters: `from`, `to` (default the last hour), `env`, `project` (default 1);
/// `step` (`60`, `5m`) for the class series.
struct SlowQueryAPIRoutes {
  let runtime: LookoutRuntime

  struct DigestAnswer: Encodable {
    var from: Int64
    var to: Int64
    var calls: Int64
    var totalS: Double
    var classes: [SlowQueryClassRow]

    enum CodingKeys: String, CodingKey {
      case from, to, calls, classes
      case totalS = "total_s"
    }
  }

  struct CallAnswer: Encodable {
    var time: Int64
    var queryMs: Double
    var lockMs: Double?
    var rowsSent: Int64?
    var rowsExamined: Int64?
    var database: String
    var user: String
    var host: String
    var statement: String

    enum CodingKeys: String, CodingKey {
      case time, database, user, host, statement
      case queryMs = "query_ms"
      case lockMs = "lock_ms"
      case rowsSent = "rows_sent"
      case rowsExamined = "rows_examined"
    }
  }

  struct ClassAnswer: Encodable {
    var from: Int64
    var to: Int64
    var step: Int64
    var `class`: SlowQueryClassRow?
    var points: [SlowQuerySeriesPoint]
    var slowest: [CallAnswer]
  }

  func register(on router: Router<LookoutRequestContext>) {
    router.get("/api/v1/slowqueries") { request, _ -> Response in
      let filter = try RequestAPIRoutes.filter(request)
      let digest = try await SlowQueryDigestQuery.run(
        runtime.slowQueries, project: filter.project, range: filter.range,
        environment: filter.environment)
      return try JSONResponse.make(
        DigestAnswer(
          from: filter.range.from, to: filter.range.to, calls: digest.calls,
          totalS: digest.totalS, classes: digest.classes))
    }
    router.get("/api/v1/slowqueries/:id") { request, context -> Response in
      let filter = try RequestAPIRoutes.filter(request)
      guard let id = context.parameters.get("id"), !id.isEmpty, id.count <= 64 else {
        throw APIError.badRequest("a query class id")
      }
      let stepText = request.uri.queryParameters["step"].map(String.init) ?? "60"
      guard let step = TimeExpression.duration(stepText), step > 0 else {
        throw APIError.badRequest("step must be a duration such as 60, 5m or 1h")
      }
      let store = runtime.slowQueries
      guard let stored = try await store.storedClass(project: filter.project, id: id) else {
        throw APIError(.notFound, "not_found", "no query class \(id)")
      }
      let digest = try await SlowQueryDigestQuery.run(
        store, project: filter.project, range: filter.range, environment: filter.environment)
      let series = try await SlowQuerySeriesQuery.run(
        store, project: filter.project, range: filter.range, step: step, classIDs: [id],
        environment: filter.environment)
      let slowest = try await store.slowestCalls(
        project: filter.project, classID: id,
        engine: stored.engine == "postgres" ? .postgres : .mysql, range: filter.range, limit: 10,
        environment: filter.environment)
      return try JSONResponse.make(
        ClassAnswer(
          from: filter.range.from, to: filter.range.to,
          step: max(Micros.perMinute, step), class: digest.classes.first { $0.id == id },
          points: series[id] ?? [],
          slowest: slowest.map { call in
            CallAnswer(
              time: call.timestamp, queryMs: Double(call.queryTime) / 1000,
              lockMs: call.lockTime.map { Double($0) / 1000 }, rowsSent: call.rowsSent,
              rowsExamined: call.rowsExamined, database: call.database, user: call.user,
              host: call.host, statement: call.statement)
          }))
    }
  }
}
