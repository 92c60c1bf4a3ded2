import Foundation
import Hummingbird
import LookoutCore
import LookoutIngest
import LookoutQuery
import LookoutStore
import LookoutWeb

/// The issue page (`GET /issues/{id}?event=`) and its action forms
/// (`POST /issues/{id}/action`, answered with a redirect back to the page).
struct IssuePageRoutes {
  let web: WebRoutes

  struct ActionForm: Decodable {
    var status: String?
    var ignoreUntil: String?
    var ignoreEvents: String?
    var assignee: String?
    var mergeInto: String?
    var `return`: String?

    enum CodingKeys: String, CodingKey {
      case status, assignee, `return`
      case ignoreUntil = "ignore_until"
      case ignoreEvents = "ignore_events"
      case mergeInto = "merge_into"
    }
  }

  func register(on router: Router<LookoutRequestContext>) {
    router.get("/issues/:id") { request, context in
      await web.page(.issues, request, context) { try await issuePage(request, context) }
    }
    router.post("/issues/:id/action") { request, context -> Response in
      let id = try IssueAPIRoutes.issueID(context)
      let form = try await URLEncodedFormDecoder().decode(
        ActionForm.self, from: String(buffer: request.body.collect(upTo: 64 << 10)))
      let now = Int64(Date().timeIntervalSince1970 * 1e6)
      var actions: [IssueAction] = []
      switch form.status {
      case "resolved": actions.append(.resolve)
      case "resolved_in_next_release": actions.append(.resolveInNextRelease)
      case "unresolved": actions.append(.unresolve)
      case "ignored":
        let until = try form.ignoreUntil.map { try TimeExpression.parse($0, now: now) }
        var moreEvents: Int?
        if let text = form.ignoreEvents {
          guard let count = Int(text), count > 0 else {
            throw APIError.badRequest("ignore_events: a positive number of events")
          }
          moreEvents = count
        }
        actions.append(.ignore(until: until, moreEvents: moreEvents))
      default: break
      }
      if let assignee = form.assignee { actions.append(.assign(assignee.isEmpty ? nil : assignee)) }
      if let text = form.mergeInto, !text.isEmpty {
        guard let target = Int64(text.trimmingCharacters(in: .whitespaces).trimmingPrefix("#"))
        else {
          throw APIError.badRequest("merge into: an issue number")
        }
        _ = try await IssueAPIRoutes.mapStoreErrors {
          try await web.runtime.errors.merge(id, into: target)
        }
        return Response(status: .seeOther, headers: [.location: "/issues/\(target)"])
      }
      for action in actions {
        do {
          _ = try await web.runtime.errors.apply(action, to: id, now: now)
        } catch let error as ErrorStoreError {
          throw APIError(.conflict, "conflict", error.description)
        }
      }
      return Response(
        status: .seeOther,
        headers: [.location: AuthRoutes.safeRedirect(form.return ?? "/issues/\(id)")])
    }
  }

  func issuePage(_ request: Request, _ context: LookoutRequestContext) async throws -> Response {
    let view = web.view(request)
    let id = try IssueAPIRoutes.issueID(context)
    let errors = web.runtime.errors
    guard let issue = try errors.issue(id: id) else {
      throw APIError(.notFound, "not_found", "no issue \(id)")
    }
    // The event asked for (`event`), else the newest; then its neighbours by time.
    let asked = try view.state.extra["event"].flatMap {
      try errors.event(project: 1, eventID: $0)
    }
    let shown =
      try asked.flatMap { $0.issueID == id ? $0 : nil }
      ?? errors.events(issueID: id, limit: 1).first
    let neighbors = try shown.map { try errors.neighbors(of: $0) }
    let event = shown.flatMap {
      try? SentryEventDecoder.decode($0.payload, receivedAt: $0.timestamp)
    }
    let breakdown = try errors.breakdown(issueID: id)
    let counts = try errors.counts(
      issueIDs: [id], range: view.range, step: view.step, environment: view.state.environment)
    let steps = counts[id] ?? []
    let page = IssuePage(
      id: id, title: issue.title, culprit: issue.culprit, status: issue.status,
      substatus: issue.substatus, count: issue.count, users: issue.users,
      firstSeen: issue.firstSeen, lastSeen: issue.lastSeen, assignee: issue.assignee,
      times: steps.indices.map { view.range.from + Int64($0) * view.step }, step: view.step,
      steps: steps, environments: breakdown.environments, releases: breakdown.releases,
      tags: try errors.tags(issueID: id), event: event,
      breadcrumbs: shown.map { Self.breadcrumbs($0.payload) } ?? [],
      previousEventID: neighbors?.older, nextEventID: neighbors?.newer, state: view.state)
    return web.html(
      web.renderer.render(
        template: "issue", content: page, chrome: web.chrome(.issues, issue.title, view)))
  }

  /// The breadcrumbs of a stored event, read from its JSON.
  static func breadcrumbs(_ payload: [UInt8]) -> [IssuePage.Breadcrumb] {
    guard let document = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any]
    else { return [] }
    let list =
      (document["breadcrumbs"] as? [String: Any])?["values"] as? [[String: Any]]
      ?? document["breadcrumbs"] as? [[String: Any]] ?? []
    return list.suffix(100).map { crumb in
      let time: String
      if let seconds = crumb["timestamp"] as? Double {
        time = HumanFormat.isoTime(Int64(seconds * 1e6))
      } else {
        time = crumb["timestamp"] as? String ?? ""
      }
      return IssuePage.Breadcrumb(
        time: time, category: crumb["category"] as? String ?? crumb["type"] as? String ?? "",
        level: crumb["level"] as? String ?? "",
        message: crumb["message"] as? String
          ?? (crumb["data"].flatMap { try? JSONSerialization.data(withJSONObject: $0) }).map {
            String(decoding: $0, as: UTF8.self)
          } ?? "")
    }
  }
}
