import Foundation
import LookoutAnalysis
import LookoutCore
import LookoutIngest
import LookoutStore

/// What one push or one tailed batch of a slow log came to.
public struct SlowQueryIngestResult: Sendable, Encodable {
  /// Entries read (good and bad).
  public var entries: Int
  /// Calls stored.
  public var accepted: Int
  /// Entries that could not be decoded.
  public var badEntries: Int
  /// Entries left out on purpose (PostgreSQL `parse` and `bind` durations).
  public var skippedEntries: Int
  /// The first refused entries.
  public var badExamples: [IngestStats.BadLine]

  enum CodingKeys: String, CodingKey {
    case entries, accepted
    case badEntries = "bad_entries"
    case skippedEntries = "skipped_entries"
    case badExamples = "bad_examples"
  }
}

/// Carries decoded slow-log calls the rest of the way: fingerprinting, counting, durable
/// write.
struct SlowQueryIngestor: Sendable {
  let runtime: LookoutRuntime

  /// Fingerprints and stores `batch`; returns once the calls (and `offset`) are committed.
  /// - Throws: ``StoreError/overloaded(retryAfterSeconds:)`` when the write queue is full.
  func ingest(
    _ batch: SlowLogBatch, context: SourceContext, source: String, offset: SourceOffset? = nil
  ) async throws -> SlowQueryIngestResult {
    var records = batch.records
    // A log without times (no `# Time:`, no `SET timestamp`) is stamped when received.
    let now = Int64(Date().timeIntervalSince1970 * 1e6)
    for index in records.indices where records[index].timestamp == 0 {
      records[index].timestamp = now
    }
    var fingerprinting = SlowQueryFingerprinting()
    let classes = fingerprinting.fingerprint(&records).mapValues {
      SlowQueryBatch.ClassInfo(engine: $0.engine, fingerprint: $0.fingerprint, tables: $0.tables)
    }
    if !records.isEmpty || offset != nil {
      try await runtime.slowQueryWriter.submit(
        SlowQueryBatch(records: records, classes: classes, context: context, offset: offset),
        cost: max(1, records.count))
    }
    let examples = batch.report.examples.map(IngestStats.BadLine.init)
    runtime.ingestStats.record(
      source: source, lines: batch.entryCount, bad: examples, badCount: batch.report.badLines)
    return SlowQueryIngestResult(
      entries: batch.entryCount, accepted: records.count, badEntries: batch.report.badLines,
      skippedEntries: batch.skippedEntries, badExamples: examples)
  }
}
