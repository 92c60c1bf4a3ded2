import Foundation
import LookoutCore
import LookoutStore

/// What one push of log records came to, whatever its protocol.
public struct LogIngestResult: Sendable, Encodable {
  /// Records stored.
  public var accepted: Int
  /// Records refused (bad ids, bad timestamps, unreadable stream labels).
  public var rejected: Int
}

/// Carries decoded log records of any protocol (OTLP, Loki, tailed files) the rest of the
/// way: pattern mining, durable write, ingest statistics.
struct LogIngestor: Sendable {
  let runtime: LookoutRuntime

  /// Stores `records` (and `offset`, in the same transaction); returns once committed.
  ///
  /// - Parameters:
  ///   - source: the statistics' source name (`otlp-logs`, `loki`, `file-logs`).
  ///   - rejected: records the decoder refused, counted as bad lines.
  /// - Throws: ``StoreError/overloaded(retryAfterSeconds:)`` when the write queue is full.
  func ingest(
    _ records: [LogRecord], project: Int64, environment: String, source: String,
    rejected: Int = 0, offset: SourceOffset? = nil
  ) async throws -> LogIngestResult {
    if !records.isEmpty || offset != nil {
      let patterns = runtime.logPatterns.templates(for: records, project: project)
      try await runtime.logWriter.submit(
        LogBatch(
          project: project, environment: environment, records: records, offset: offset,
          patterns: patterns),
        cost: max(1, records.count))
    }
    runtime.ingestStats.record(
      source: source, lines: records.count + rejected, bad: [], badCount: rejected)
    return LogIngestResult(accepted: records.count, rejected: rejected)
  }
}
