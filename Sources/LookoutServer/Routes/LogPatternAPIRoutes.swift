import Foundation
import Hummingbird
import LookoutCore
import LookoutQuery
import LookoutStore

/// `GET /api/v1/logs/patterns?from=&to=&source=&new_since=&project=`: the patterns mined
/// continuously from each log source, seen in the range, most frequent first, each marked
/// `new` when first seen at or after `new_since` (default: a day before `to`). `only_new=true`
/// lists the new ones alone: what the morning review and the alerts ask for.
struct LogPatternAPIRoutes {
  let runtime: LookoutRuntime

  struct Pattern: Encodable {
    var id: Int64
    var source: String
    var pattern: String
    var sample: String
    var count: Int64
    var firstSeen: Int64
    var lastSeen: Int64
    var new: Bool

    enum CodingKeys: String, CodingKey {
      case id, source, pattern, sample, count, new
      case firstSeen = "first_seen"
      case lastSeen = "last_seen"
    }
  }

  struct Answer: Encodable {
    var from: Int64
    var to: Int64
    var newSince: Int64
    var patterns: [Pattern]

    enum CodingKeys: String, CodingKey {
      case from, to, patterns
      case newSince = "new_since"
    }
  }

  func register(on router: Router<LookoutRequestContext>) {
    router.get("/api/v1/logs/patterns") { request, _ -> Response in
      let parameters = request.formQuery
      func value(_ name: String) -> String? { parameters[name].flatMap { $0.isEmpty ? nil : $0 } }
      let now = Int64(Date().timeIntervalSince1970 * 1e6)
      let range: TimeRange
      let newSince: Int64
      do {
        range = try TimeExpression.range(
          from: value("from") ?? "now-24h", to: value("to") ?? "now", now: now)
        newSince =
          try value("new_since").map { try TimeExpression.parse($0, now: now) }
          ?? range.to - 24 * 3600 * Micros.perSecond
      } catch {
        throw APIError.badRequest("\(error)")
      }
      let project = try QueryAPIRoutes.project(value("project"))
      let onlyNew = value("only_new") == "true" || value("only_new") == "1"
      let stored = try runtime.logs.patterns(
        project: project, range: range, source: value("source"),
        newSince: onlyNew ? newSince : nil)
      return try JSONResponse.make(
        Answer(
          from: range.from, to: range.to, newSince: newSince,
          patterns: stored.map {
            Pattern(
              id: $0.id, source: $0.source, pattern: $0.template, sample: $0.sample,
              count: $0.count, firstSeen: $0.firstSeen, lastSeen: $0.lastSeen,
              new: $0.firstSeen >= newSince)
          }))
    }
  }
}
