import Foundation
import Hummingbird
import LookoutCore
import LookoutQuery
import LookoutStore
import LookoutWeb

/// Saved queries: the JSON API (`GET/POST /api/v1/saved-queries`,
/// `GET/PUT/DELETE /api/v1/saved-queries/{id}`) and the Logs page's forms
/// (`POST /logs/saved`, `/logs/saved/{id}/dashboard`, `/logs/saved/{id}/delete`, answered
/// with a redirect).
///
/// A saved query needs a name and a query the engine can plan; `from` and `to` are time
/// expressions (default `now-1h` and `now`), `chart` one of `auto`, `line`, `bar`, `table`.
/// A `PUT` changes the fields its body has and keeps the others. Invalid input answers 400:
/// `{"error": "bad_request", "detail": ...}`, or for a query that does not plan
/// `{"error": "query_error", "detail": ..., "position": {"offset", "line", "column"}}`.
///
/// ```
/// curl -X POST -H 'Authorization: Bearer TOKEN' localhost:7700/api/v1/saved-queries \
///   -d '{"name": "5xx by route", "query": "source requests | filter status >= 500 | stats count(*) by route", "on_dashboard": true}'
/// ```
struct SavedQueryRoutes {
  let runtime: LookoutRuntime

  /// The fields a client sends; absent fields keep their stored (or default) values.
  struct Input: Decodable {
    var name: String?
    var query: String?
    var from: String?
    var to: String?
    var chart: String?
    var onDashboard: Bool?
    var position: Int?
    var project: Int64?

    enum CodingKeys: String, CodingKey {
      case name, query, from, to, chart, position, project
      case onDashboard = "on_dashboard"
    }
  }

  struct ListAnswer: Encodable {
    var queries: [SavedQuery]
  }

  /// The Logs page's save form.
  struct SaveForm: Decodable {
    var id: String?
    var asNew: String?
    var name: String?
    var query: String?
    var from: String?
    var to: String?
    var chart: String?

    enum CodingKeys: String, CodingKey {
      case id, name, query, from, to, chart
      case asNew = "as_new"
    }
  }

  /// The dashboard and delete forms.
  struct ActionForm: Decodable {
    var onDashboard: String?
    var `return`: String?

    enum CodingKeys: String, CodingKey {
      case `return`
      case onDashboard = "on_dashboard"
    }
  }

  /// Longest name and query accepted.
  static let maxNameLength = 200
  static let maxQueryLength = 20_000

  func register(on router: Router<LookoutRequestContext>) {
    router.get("/api/v1/saved-queries") { request, _ -> Response in
      let parameters = request.formQuery
      let project = try QueryAPIRoutes.project(parameters["project"])
      let dashboardOnly = ["1", "true"].contains(parameters["dashboard"] ?? "")
      return try JSONResponse.make(
        ListAnswer(
          queries: try runtime.meta.savedQueries(project: project, dashboardOnly: dashboardOnly))
      )
    }
    router.post("/api/v1/saved-queries") { request, context -> Response in
      try await Self.answeringQueryErrors {
        let input = try await Self.decode(request)
        let project = input.project ?? 1
        let query = try validate(input, over: SavedQuery(project: project, name: "", query: ""))
        let stored = try runtime.meta.insertSavedQuery(
          query, atDashboardEnd: query.onDashboard && input.position == nil)
        return try JSONResponse.make(stored, status: .created)
      }
    }
    router.get("/api/v1/saved-queries/:id") { _, context -> Response in
      try JSONResponse.make(try stored(context))
    }
    router.put("/api/v1/saved-queries/:id") { request, context -> Response in
      try await Self.answeringQueryErrors {
        let existing = try stored(context)
        let input = try await Self.decode(request)
        if let project = input.project, project != existing.project {
          throw APIError.badRequest("a saved query cannot move to another project")
        }
        let query = try validate(input, over: existing)
        let joinsDashboard = query.onDashboard && !existing.onDashboard && input.position == nil
        guard let updated = try runtime.meta.updateSavedQuery(query, atDashboardEnd: joinsDashboard)
        else { throw Self.notFound(existing.id ?? 0) }
        return try JSONResponse.make(updated)
      }
    }
    router.delete("/api/v1/saved-queries/:id") { _, context -> Response in
      let id = try Self.id(context)
      guard try runtime.meta.deleteSavedQuery(id: id) else { throw Self.notFound(id) }
      return Response(status: .noContent)
    }
    registerForms(on: router)
  }

  /// The Logs page's forms, which work without the script.
  private func registerForms(on router: Router<LookoutRequestContext>) {
    router.post("/logs/saved") { request, _ -> Response in
      let form = try await URLEncodedFormDecoder().decode(
        SaveForm.self, from: String(buffer: request.body.collect(upTo: 256 << 10)))
      let input = Input(
        name: form.name, query: form.query, from: form.from, to: form.to, chart: form.chart)
      let existingID = form.asNew == nil ? form.id.flatMap(Int64.init) : nil
      let stored: SavedQuery
      do {
        if let existingID, let existing = try runtime.meta.savedQuery(id: existingID) {
          let query = try validate(input, over: existing)
          guard let updated = try runtime.meta.updateSavedQuery(query) else {
            throw Self.notFound(existingID)
          }
          stored = updated
        } else {
          let query = try validate(input, over: SavedQuery(project: 1, name: "", query: ""))
          stored = try runtime.meta.insertSavedQuery(query)
        }
      } catch let error as QueryError {
        throw APIError.badRequest("the query cannot be saved: \(error.description)")
      }
      let target = LogsPage.url([
        ("q", stored.query), ("from", stored.from), ("to", stored.to),
        ("saved", String(stored.id ?? 0)), ("chart", stored.chart.rawValue),
      ])
      return Response(status: .seeOther, headers: [.location: target])
    }
    router.post("/logs/saved/:id/dashboard") { request, context -> Response in
      let form = try await Self.actionForm(request)
      var query = try stored(context)
      let show = ["1", "true", "on"].contains(form.onDashboard ?? "")
      let joins = show && !query.onDashboard
      query.onDashboard = show
      try runtime.meta.updateSavedQuery(query, atDashboardEnd: joins)
      return Response(
        status: .seeOther, headers: [.location: AuthRoutes.safeRedirect(form.return ?? "/logs")])
    }
    router.post("/logs/saved/:id/delete") { request, context -> Response in
      let form = try await Self.actionForm(request)
      try runtime.meta.deleteSavedQuery(id: try Self.id(context))
      // Back to the page, but not to the deleted query's edit view.
      var target = AuthRoutes.safeRedirect(form.return ?? "/logs")
      if target.contains("saved=") { target = "/logs" }
      return Response(status: .seeOther, headers: [.location: target])
    }
  }

  /// `existing` changed by `input`, checked: name and query present and within limits, the
  /// query plans, the range reads, the chart kind is known.
  ///
  /// - Throws: ``APIError`` (400) or the ``QueryError`` of a query that does not plan.
  func validate(_ input: Input, over existing: SavedQuery) throws -> SavedQuery {
    var query = existing
    if let name = input.name { query.name = name.trimmingCharacters(in: .whitespacesAndNewlines) }
    if let text = input.query {
      query.query = text.replacingOccurrences(of: "\r\n", with: "\n")
        .trimmingCharacters(in: .whitespacesAndNewlines)
    }
    guard !query.name.isEmpty else { throw APIError.badRequest("name is required") }
    guard query.name.count <= Self.maxNameLength else {
      throw APIError.badRequest("name is longer than \(Self.maxNameLength) characters")
    }
    guard !query.query.isEmpty else { throw APIError.badRequest("query is required") }
    guard query.query.utf8.count <= Self.maxQueryLength else {
      throw APIError.badRequest("query is longer than \(Self.maxQueryLength) bytes")
    }
    if let from = input.from { query.from = from.isEmpty ? "now-1h" : from }
    if let to = input.to { query.to = to.isEmpty ? "now" : to }
    let range = try QueryAPIRoutes.range(from: query.from, to: query.to)
    if let chart = input.chart {
      guard let kind = SavedQuery.ChartKind(rawValue: chart) else {
        let kinds = SavedQuery.ChartKind.allCases.map(\.rawValue).joined(separator: ", ")
        throw APIError.badRequest("chart must be one of \(kinds)")
      }
      query.chart = kind
    }
    if let onDashboard = input.onDashboard { query.onDashboard = onDashboard }
    if let position = input.position { query.position = position }
    guard try runtime.meta.project(id: query.project) != nil else {
      throw APIError.badRequest("no project \(query.project)")
    }
    _ = try runtime.queryCatalog.engine(project: query.project).plan(query.query, range: range)
    return query
  }

  /// The saved query of the route's `id`.
  func stored(_ context: LookoutRequestContext) throws -> SavedQuery {
    let id = try Self.id(context)
    guard let query = try runtime.meta.savedQuery(id: id) else { throw Self.notFound(id) }
    return query
  }

  static func id(_ context: LookoutRequestContext) throws -> Int64 {
    guard let id = context.parameters.get("id").flatMap(Int64.init) else {
      throw APIError.badRequest("a saved query id is a number")
    }
    return id
  }

  static func notFound(_ id: Int64) -> APIError {
    APIError(.notFound, "not_found", "no saved query \(id)")
  }

  static func decode(_ request: Request) async throws -> Input {
    let body = try await request.body.collect(upTo: 256 << 10)
    do {
      return try JSONDecoder().decode(Input.self, from: Data(body.readableBytesView))
    } catch {
      throw APIError.badRequest(
        "the body must be JSON {\"name\", \"query\", \"from\", \"to\", \"chart\", \"on_dashboard\"}"
      )
    }
  }

  static func actionForm(_ request: Request) async throws -> ActionForm {
    let text = String(buffer: try await request.body.collect(upTo: 64 << 10))
    return try URLEncodedFormDecoder().decode(ActionForm.self, from: text)
  }

  /// Runs `body`, answering a ``QueryError`` as the query API does (400 with its position).
  static func answeringQueryErrors(_ body: () async throws -> Response) async throws -> Response {
    do {
      return try await body()
    } catch let error as QueryError {
      return try JSONResponse.make(
        QueryAPIRoutes.QueryErrorAnswer(detail: error.description, position: error.position),
        status: .badRequest)
    }
  }

  /// Creates the default dashboard of every project that never had one.
  static func seedDashboards(_ runtime: LookoutRuntime) throws {
    for project in try runtime.meta.projects() {
      try runtime.meta.seedSavedQueries(
        project: project.id,
        DefaultDashboard.panels.map { panel in
          SavedQuery(
            project: project.id, name: panel.name, query: panel.query,
            chart: SavedQuery.ChartKind(rawValue: panel.chart.rawValue) ?? .auto,
            onDashboard: true)
        })
    }
  }
}
