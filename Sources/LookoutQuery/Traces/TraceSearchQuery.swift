import LookoutCore
import LookoutStore

/// One trace found by a search: its summary and the newest span that matched.
public struct TraceSearchHit: Sendable, Encodable {
  public var traceID: String
  /// The trace's start, µs since epoch.
  public var start: Int64
  public var durationMs: Double
  public var rootService: String?
  public var rootName: String?
  public var spans: Int64
  public var errors: Int64
  public var faults: Int64
  public var environment: String
  /// The matching span (the newest, when several in the trace matched).
  public var matchedService: String
  public var matchedName: String
  public var matchedDurationMs: Double
  public var matchedSpanID: String

  enum CodingKeys: String, CodingKey {
    case start, spans, errors, faults, environment
    case traceID = "trace_id"
    case durationMs = "duration_ms"
    case rootService = "root_service"
    case rootName = "root_name"
    case matchedService = "matched_service"
    case matchedName = "matched_name"
    case matchedDurationMs = "matched_duration_ms"
    case matchedSpanID = "matched_span_id"
  }
}

/// Finds the newest traces with a span passing a ``SpanFilter``.
public enum TraceSearchQuery {
  /// At most `limit` traces, newest matching span first.
  public static func run(
    _ store: SpanStore, project: Int64, range: TimeRange, filter: SpanFilter, limit: Int = 100
  ) async throws -> [TraceSearchHit] {
    // Several matches may share a trace: ask for more spans than traces wanted.
    let spans = try await store.search(
      project: project, range: range, filter: filter, limit: max(1, limit) * 4)
    let (order, firstMatch) = newestMatchPerTrace(spans, limit: limit)
    let summaries = Dictionary(
      try store.summaries(project: project, traceIDs: order).map { ($0.traceID, $0) },
      uniquingKeysWith: { first, _ in first })
    return order.compactMap { id in
      guard let span = firstMatch[id] else { return nil }
      let summary = summaries[id]
      return TraceSearchHit(
        traceID: id, start: summary?.start ?? span.start,
        durationMs: Double(summary?.duration ?? span.duration) / 1000,
        rootService: summary?.rootService, rootName: summary?.rootName,
        spans: summary?.spanCount ?? 1, errors: summary?.errors ?? 0,
        faults: summary?.faults ?? 0, environment: summary?.environment ?? span.environment,
        matchedService: span.service, matchedName: span.name,
        matchedDurationMs: Double(span.duration) / 1000, matchedSpanID: span.spanID)
    }
  }
}

/// The traces of `spans` (newest first) in order, at most `limit`, each with its first
/// (newest) span, leaving out `excluding`.
func newestMatchPerTrace(_ spans: [SpanRecord], limit: Int, excluding: Set<String> = [])
  -> (order: [String], match: [String: SpanRecord])
{
  var order: [String] = []
  var match: [String: SpanRecord] = [:]
  for span in spans where match[span.traceID] == nil && !excluding.contains(span.traceID) {
    match[span.traceID] = span
    order.append(span.traceID)
    if order.count == limit { break }
  }
  return (order, match)
}
