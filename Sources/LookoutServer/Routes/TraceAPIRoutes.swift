import Foundation
import Hummingbird
import LookoutCore
import LookoutQuery
import LookoutStore

/// `GET /api/v1/traces/{trace_id}` (the spans of one trace), `GET /api/v1/traces` (search:
/// newest traces with a span passing the filter) and `GET /api/v1/servicemap` (nodes and
/// edges of a range).
///
/// Search parameters: `service`, `operation`, `min_duration_ms`, `max_duration_ms`,
/// `status` (`fault`, `error`, `ok`), `q` (a filter expression, see
/// ``TraceFilterExpression``), `limit` (default 100, at most 1000), with `from`, `to`,
/// `env` and `project` as everywhere.
struct TraceAPIRoutes {
  let runtime: LookoutRuntime
  /// Holds X-Ray segments still in progress, shown with the stored spans.
  let xray: XRayReceiver

  struct SpanAnswer: Encodable {
    var traceID: String
    var spanID: String
    var parentSpanID: String?
    var service: String
    var name: String
    var kind: String
    var start: Int64
    var durationMs: Double
    var status: String
    var statusMessage: String?
    var environment: String
    var attributes: [String: String]
    var events: [EventAnswer]
    var links: [LinkAnswer]

    enum CodingKeys: String, CodingKey {
      case service, name, kind, start, status, environment, attributes, events, links
      case traceID = "trace_id"
      case spanID = "span_id"
      case parentSpanID = "parent_span_id"
      case durationMs = "duration_ms"
      case statusMessage = "status_message"
    }

    init(_ span: SpanRecord) {
      traceID = span.traceID
      spanID = span.spanID
      parentSpanID = span.parentSpanID.isEmpty ? nil : span.parentSpanID
      service = span.service
      name = span.name
      kind = span.kind.rawValue
      start = span.start
      durationMs = Double(span.duration) / 1000
      status = span.status.rawValue
      statusMessage = span.statusMessage.isEmpty ? nil : span.statusMessage
      environment = span.environment
      attributes = span.attributes
      events = span.events.map {
        EventAnswer(time: $0.time, name: $0.name, attributes: $0.attributes)
      }
      links = span.links.map { LinkAnswer(traceID: $0.traceID, spanID: $0.spanID) }
    }
  }

  struct EventAnswer: Encodable {
    var time: Int64
    var name: String
    var attributes: [String: String]
  }

  struct LinkAnswer: Encodable {
    var traceID: String
    var spanID: String

    enum CodingKeys: String, CodingKey {
      case traceID = "trace_id"
      case spanID = "span_id"
    }
  }

  struct TraceAnswer: Encodable {
    var traceID: String
    var start: Int64
    var durationMs: Double
    var spans: [SpanAnswer]

    enum CodingKeys: String, CodingKey {
      case start, spans
      case traceID = "trace_id"
      case durationMs = "duration_ms"
    }
  }

  struct SearchAnswer: Encodable {
    var from: Int64
    var to: Int64
    var traces: [TraceSearchHit]
  }

  func register(on router: Router<LookoutRequestContext>) {
    router.get("/api/v1/traces/:id") { request, context -> Response in
      let filter = try RequestAPIRoutes.filter(request)
      guard let id = context.parameters.get("id")?.lowercased(), TraceKey(hex: id) != nil else {
        throw APIError.badRequest("a trace id is 32 hex digits")
      }
      let spans = try await Self.spans(
        of: id, project: filter.project, runtime: runtime, xray: xray)
      guard !spans.isEmpty else {
        throw APIError(.notFound, "not_found", "no trace \(id)")
      }
      let start = spans.map(\.start).min() ?? 0
      let end = spans.map { $0.start + $0.duration }.max() ?? start
      return try JSONResponse.make(
        TraceAnswer(
          traceID: id, start: start, durationMs: Double(end - start) / 1000,
          spans: spans.map(SpanAnswer.init)))
    }
    router.get("/api/v1/traces") { request, _ -> Response in
      let filter = try RequestAPIRoutes.filter(request)
      let spanFilter = try Self.spanFilter(request, environment: filter.environment)
      let limit = min(1_000, max(1, Int(request.uri.queryParameters["limit"] ?? "") ?? 100))
      let hits = try await TraceSearchQuery.run(
        runtime.spans, project: filter.project, range: filter.range, filter: spanFilter,
        limit: limit)
      return try JSONResponse.make(
        SearchAnswer(from: filter.range.from, to: filter.range.to, traces: hits))
    }
    router.get("/api/v1/servicemap") { request, _ -> Response in
      let filter = try RequestAPIRoutes.filter(request)
      return try JSONResponse.make(
        try ServiceMapQuery.run(
          runtime.spans, project: filter.project, range: filter.range,
          environment: filter.environment))
    }
  }

  /// The stored spans of a trace with the X-Ray pieces still held in memory (in-progress
  /// segments, subsegments waiting for their segment), a stored span winning over a held
  /// copy of the same id.
  static func spans(of traceID: String, project: Int64, runtime: LookoutRuntime, xray: XRayReceiver)
    async throws -> [SpanRecord]
  {
    let stored = try await runtime.spans.trace(project: project, traceID: traceID)
    guard project == runtime.configuration.xrayContext.project else { return stored }
    let held = await xray.pendingSpans(traceID: traceID)
    guard !held.isEmpty else { return stored }
    let storedIDs = Set(stored.map(\.spanID))
    return (stored + held.filter { !storedIDs.contains($0.spanID) })
      .sorted { ($0.start, $0.spanID) < ($1.start, $1.spanID) }
  }

  /// The span filter of a search request: the `q` expression, narrowed by the plain
  /// parameters.
  static func spanFilter(_ request: Request, environment: String?) throws -> SpanFilter {
    let query = request.formQuery
    func value(_ name: String) -> String? {
      query[name].flatMap { $0.isEmpty ? nil : $0 }
    }
    var filter: SpanFilter
    do {
      filter = try TraceFilterExpression.parse(value("q") ?? "")
    } catch {
      throw APIError.badRequest("q \(error.description)")
    }
    filter.environment = environment
    if let service = value("service") { filter.services = [service] }
    if let operation = value("operation") { filter.operations = [operation] }
    func milliseconds(_ name: String) throws -> Int64? {
      guard let text = value(name) else { return nil }
      guard let number = Double(text), number >= 0, number < 1e12 else {
        throw APIError.badRequest("\(name) must be a number of milliseconds")
      }
      return Int64((number * 1000).rounded())
    }
    if let minimum = try milliseconds("min_duration_ms") { filter.minDuration = minimum }
    if let maximum = try milliseconds("max_duration_ms") { filter.maxDuration = maximum }
    if let status = value("status") {
      switch status.lowercased() {
      case "fault", "5xx": filter.outcomes = [.fault]
      case "error", "4xx": filter.outcomes = [.clientError]
      case "ok": filter.outcomes = [.ok]
      default: throw APIError.badRequest("status is fault, error or ok")
      }
    }
    return filter
  }
}
