import Foundation
import LookoutCore
import LookoutStore

/// What one export of spans came to, whatever its protocol.
public struct SpanIngestResult: Sendable, Encodable {
  /// Spans stored.
  public var accepted: Int
  /// Spans refused (bad ids, over the caps), counted by the decoder.
  public var rejected: Int
}

/// Carries decoded spans of any protocol (OTLP, X-Ray, Zipkin, Sentry transactions) the
/// rest of the way: service-map edges, durable write, ingest statistics.
struct SpanIngestor: Sendable {
  let runtime: LookoutRuntime

  /// Stores `spans`; returns once they are committed.
  /// - Throws: ``StoreError/overloaded(retryAfterSeconds:)`` when the write queue is full.
  func ingest(
    _ spans: [SpanRecord], project: Int64, environment: String, source: String, rejected: Int = 0
  ) async throws -> SpanIngestResult {
    if !spans.isEmpty {
      let edges = runtime.spanEdges.edges(
        for: spans, project: project, environment: environment,
        now: Int64(Date().timeIntervalSince1970 * 1e6))
      try await runtime.spanWriter.submit(
        SpanBatch(project: project, environment: environment, spans: spans, edges: edges),
        cost: spans.count)
    }
    runtime.ingestStats.record(
      source: source, lines: spans.count + rejected, bad: [], badCount: rejected)
    return SpanIngestResult(accepted: spans.count, rejected: rejected)
  }
}
