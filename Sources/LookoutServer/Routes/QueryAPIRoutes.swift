import Foundation
import Hummingbird
import LookoutCore
import LookoutQuery

/// The query language over HTTP: `GET /api/v1/query?q=&from=&to=&project=` (or `POST` with
/// a JSON body `{"query", "from", "to", "project"}`) and `GET /api/v1/query/fields`, the
/// sources, fields, commands and functions the editor completes.
///
/// A query that does not parse or names an unknown field answers 400 with
/// `{"error": "query_error", "detail": ..., "position": {"offset", "line", "column"}}`.
/// Every query runs under a budget (rows scanned, wall time); past it the answer is 200 with
/// `partial: true` and the reason, never a request that hangs.
///
/// Relative ranges (`now-1h`, the default) are widened to whole minutes, so that simple
/// `stats` are answered from minute rollups; absolute times are kept as given.
/// `rollups=off` (or `"rollups": false`) reads raw blocks always: exact percentiles.
struct QueryAPIRoutes {
  let runtime: LookoutRuntime

  /// Limits of one query over HTTP (the time limit is `queryTimeLimit` of the configuration).
  var budget: QueryBudget {
    QueryBudget(
      maxRowsScanned: 200_000_000, maxWallTime: runtime.configuration.queryTimeLimit)
  }

  struct Body: Decodable {
    var query: String
    var from: String?
    var to: String?
    var project: Int64?
    var rollups: Bool?
  }

  struct Answer: Encodable {
    var from: Int64
    var to: Int64
    var result: QueryResult
  }

  struct QueryErrorAnswer: Encodable {
    var error = "query_error"
    var detail: String
    var position: SourcePosition?
  }

  struct FieldsAnswer: Encodable {
    var sources: [String: [QueryFieldInfo]]
    var commands: [String]
    var functions: [String]
    var aggregates: [String]
  }

  func register(on router: Router<LookoutRequestContext>) {
    router.get("/api/v1/query") { request, _ -> Response in
      let parameters = request.formQuery
      guard let text = parameters["q"], !text.isEmpty else {
        throw APIError.badRequest("q (the query) is required")
      }
      return try await answer(
        text, from: parameters["from"], to: parameters["to"], project: parameters["project"],
        rollups: parameters["rollups"] != "off")
    }
    router.post("/api/v1/query") { request, context -> Response in
      let body: Body
      do {
        body = try await request.decode(as: Body.self, context: context)
      } catch {
        throw APIError.badRequest(
          "the body must be JSON {\"query\": ..., \"from\": ..., \"to\": ...}")
      }
      return try await answer(
        body.query, from: body.from, to: body.to, project: body.project.map(String.init),
        rollups: body.rollups ?? true)
    }
    router.get("/api/v1/query/fields") { request, _ -> Response in
      let project = try Self.project(request.formQuery["project"])
      let sources = runtime.queryCatalog.sources(project: project)
      return try JSONResponse.make(
        FieldsAnswer(
          sources: sources.mapValues(\.fields), commands: QueryLanguage.commands,
          functions: FunctionCatalog.scalar.keys.sorted(),
          aggregates: FunctionCatalog.aggregate.keys.sorted()))
    }
  }

  private func answer(
    _ text: String, from: String?, to: String?, project: String?, rollups: Bool
  ) async throws -> Response {
    let range = try Self.range(from: from, to: to)
    var catalog = runtime.queryCatalog
    catalog.useRollups = rollups
    let engine = catalog.engine(project: try Self.project(project))
    do {
      let result = try await engine.run(text, range: range, budget: budget)
      return try JSONResponse.make(Answer(from: range.from, to: range.to, result: result))
    } catch let error as QueryError {
      return try JSONResponse.make(
        QueryErrorAnswer(detail: error.description, position: error.position),
        status: .badRequest)
    }
  }

  static func project(_ text: String?) throws -> Int64 {
    guard let project = Int64(text.flatMap { $0.isEmpty ? nil : $0 } ?? "1") else {
      throw APIError.badRequest("project must be a number")
    }
    return project
  }

  /// The range of `from` and `to` (``QueryRange/resolve(from:to:now:)``).
  static func range(from: String?, to: String?) throws -> TimeRange {
    do {
      return try QueryRange.resolve(
        from: from, to: to, now: Int64(Date().timeIntervalSince1970 * 1e6))
    } catch {
      throw APIError.badRequest("\(error)")
    }
  }
}
