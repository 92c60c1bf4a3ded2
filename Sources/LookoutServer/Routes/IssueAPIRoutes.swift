import Foundation
import Hummingbird
import LookoutCore
import LookoutQuery
import LookoutStore

/// The issues JSON API.
///
/// - `GET /api/v1/issues?env=&release=&status=&query=&sort=&from=&to=&limit=`: issues
///   (`status` unresolved by default, `all` for every status; `query` free text and
///   `key:value` tags; `sort` last_seen, first_seen, events, users).
/// - `GET /api/v1/issues/{id}`: one issue with per-environment, per-release and tag counts.
/// - `GET /api/v1/issues/{id}/events?limit=&before=`: its events, newest first, whole.
/// - `POST /api/v1/issues/{id}`: `{"status": "resolved" | "resolved_in_next_release" |
///   "unresolved" | "ignored", "ignore_until": time, "ignore_count": n, "assignee": name}`.
/// - `POST /api/v1/issues/{id}/merge` `{"into": target}` and `/unmerge` `{"hash": h}`.
struct IssueAPIRoutes {
  let runtime: LookoutRuntime

  struct IssuesAnswer: Encodable {
    var issues: [IssueSummary]
  }

  struct ActionBody: Decodable {
    var status: String?
    var ignoreUntil: String?
    var ignoreCount: Int?
    var assignee: String?

    enum CodingKeys: String, CodingKey {
      case status, assignee
      case ignoreUntil = "ignore_until"
      case ignoreCount = "ignore_count"
    }
  }

  func register(on router: Router<LookoutRequestContext>) {
    router.get("/api/v1/issues") { request, _ -> Response in
      let filter = try Self.filter(request)
      return try JSONResponse.make(IssuesAnswer(issues: try runtime.errors.issues(filter)))
    }
    router.get("/api/v1/issues/:id") { request, context -> Response in
      let id = try Self.issueID(context)
      guard let issue = try runtime.errors.issue(id: id) else {
        throw APIError(.notFound, "not_found", "no issue \(id)")
      }
      let breakdown = try runtime.errors.breakdown(issueID: id)
      let tags = try runtime.errors.tags(issueID: id)
      var document =
        try JSONSerialization.jsonObject(with: JSONResponse.encoder.encode(issue))
        as? [String: Any] ?? [:]
      document["environment_counts"] = Dictionary(
        breakdown.environments.map { ($0.0, $0.1) }, uniquingKeysWith: +)
      document["release_counts"] = Dictionary(
        breakdown.releases.map { ($0.0, $0.1) }, uniquingKeysWith: +)
      document["hashes"] = try runtime.errors.hashes(issueID: id)
      document["tags"] = tags.map { tag in
        ["key": tag.key, "values": tag.values.map { ["value": $0.value, "count": $0.count] }]
          as [String: Any]
      }
      return try JSONResponse.raw(document)
    }
    router.get("/api/v1/issues/:id/events") { request, context -> Response in
      let id = try Self.issueID(context)
      let query = request.uri.queryParameters
      let limit = query["limit"].flatMap { Int($0) } ?? 50
      let before = query["before"].flatMap { Int64($0) }
      let events = try runtime.errors.events(issueID: id, limit: limit, before: before)
      return try JSONResponse.raw(["events": events.map(Self.eventDocument)])
    }
    router.post("/api/v1/issues/:id/merge") { request, context -> Response in
      struct Body: Decodable { var into: Int64 }
      let id = try Self.issueID(context)
      let body = try await request.decode(as: Body.self, context: context)
      return try JSONResponse.make(
        try await Self.mapStoreErrors { try await runtime.errors.merge(id, into: body.into) })
    }
    router.post("/api/v1/issues/:id/unmerge") { request, context -> Response in
      struct Body: Decodable { var hash: String }
      let id = try Self.issueID(context)
      let body = try await request.decode(as: Body.self, context: context)
      return try JSONResponse.make(
        try await Self.mapStoreErrors {
          try await runtime.errors.unmerge(hash: body.hash, from: id)
        })
    }
    router.post("/api/v1/issues/:id") { request, context -> Response in
      let id = try Self.issueID(context)
      let body = try await request.decode(as: ActionBody.self, context: context)
      let now = Int64(Date().timeIntervalSince1970 * 1e6)
      var actions: [IssueAction] = []
      switch body.status {
      case nil: break
      case "resolved": actions.append(.resolve)
      case "resolved_in_next_release": actions.append(.resolveInNextRelease)
      case "unresolved": actions.append(.unresolve)
      case "ignored":
        let until = try body.ignoreUntil.map {
          do { return try TimeExpression.parse($0, now: now) } catch {
            throw APIError.badRequest("ignore_until: \(error)")
          }
        }
        if let count = body.ignoreCount, count < 1 {
          throw APIError.badRequest("ignore_count must be at least 1")
        }
        actions.append(.ignore(until: until, moreEvents: body.ignoreCount))
      case let other?:
        throw APIError.badRequest(
          "status \(other): use resolved, resolved_in_next_release, unresolved or ignored")
      }
      if let assignee = body.assignee { actions.append(.assign(assignee.isEmpty ? nil : assignee)) }
      guard !actions.isEmpty else { throw APIError.badRequest("nothing to change") }
      var issue: IssueSummary?
      do {
        for action in actions { issue = try await runtime.errors.apply(action, to: id, now: now) }
      } catch let error as ErrorStoreError {
        switch error {
        case .issueNotFound: throw APIError(.notFound, "not_found", error.description)
        case .invalidAction: throw APIError(.conflict, "conflict", error.description)
        }
      }
      return try JSONResponse.make(issue)
    }
  }

  /// Runs a store call, answering its errors with 404 or 409.
  static func mapStoreErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
      return try await body()
    } catch let error as ErrorStoreError {
      switch error {
      case .issueNotFound: throw APIError(.notFound, "not_found", error.description)
      case .invalidAction: throw APIError(.conflict, "conflict", error.description)
      }
    }
  }

  static func issueID(_ context: LookoutRequestContext) throws -> Int64 {
    guard let text = context.parameters.get("id"), let id = Int64(text) else {
      throw APIError.badRequest("issue id must be a number")
    }
    return id
  }

  static func filter(_ request: Request) throws -> IssueFilter {
    let query = request.formQuery
    func value(_ name: String) -> String? {
      query[name].flatMap { $0.isEmpty ? nil : $0 }
    }
    var filter = IssueFilter(
      project: Int64(value("project") ?? "1") ?? 1, environment: value("env"),
      release: value("release"), query: value("query") ?? "")
    switch value("status") {
    case nil: break
    case "all": filter.status = nil
    case let text?:
      guard let status = IssueLifecycle.Status(rawValue: text) else {
        throw APIError.badRequest("status must be unresolved, resolved, ignored or all")
      }
      filter.status = status
    }
    if let sort = value("sort") {
      guard let parsed = IssueFilter.Sort(rawValue: sort) else {
        throw APIError.badRequest("sort must be last_seen, first_seen, events or users")
      }
      filter.sort = parsed
    }
    if value("from") != nil || value("to") != nil {
      do {
        filter.range = try TimeExpression.range(
          from: value("from"), to: value("to"), now: Int64(Date().timeIntervalSince1970 * 1e6))
      } catch {
        throw APIError.badRequest("\(error)")
      }
    }
    if let limit = value("limit").flatMap(Int.init) { filter.limit = limit }
    return filter
  }

  static func eventDocument(_ event: StoredErrorEvent) -> [String: Any] {
    let payload = (try? JSONSerialization.jsonObject(with: Data(event.payload))) ?? [:]
    return [
      "event_id": event.eventID, "issue_id": event.issueID, "timestamp": event.timestamp,
      "environment": event.environment, "release": event.release, "level": event.level,
      "message": event.message, "trace_id": event.traceID, "user": event.userKey ?? NSNull(),
      "payload": payload,
    ]
  }
}
