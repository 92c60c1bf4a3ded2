import Foundation
import LookoutCore
import LookoutIngest
import LookoutStore

/// What one push or one tailed batch of nginx lines came to.
public struct NginxIngestResult: Sendable, Encodable {
  /// Non-empty lines read.
  public var lines: Int
  /// Requests stored.
  public var accepted: Int
  /// Lines that could not be decoded.
  public var badLines: Int
  /// The first refused lines.
  public var badExamples: [IngestStats.BadLine]

  enum CodingKeys: String, CodingKey {
    case lines, accepted
    case badLines = "bad_lines"
    case badExamples = "bad_examples"
  }
}

/// Carries decoded nginx lines the rest of the way: enrichment, counting, durable write.
struct NginxIngestor: Sendable {
  let runtime: LookoutRuntime

  /// Enriches and stores `batch`; returns once the rows (and `offset`) are committed.
  /// - Throws: ``StoreError/overloaded(retryAfterSeconds:)`` when the write queue is full.
  func ingest(
    _ batch: NginxBatch, context: SourceContext, source: String, offset: SourceOffset? = nil
  ) async throws -> NginxIngestResult {
    var records = batch.records
    // A log_format without a time variable gives no timestamp: the receive time stands in.
    let now = Int64(Date().timeIntervalSince1970 * 1e6)
    for index in records.indices where records[index].timestamp == 0 {
      records[index].timestamp = now
    }
    runtime.enricher.enrich(&records, project: context.project)
    if !records.isEmpty || offset != nil {
      try await runtime.requestWriter.submit(
        RequestBatch(records: records, context: context, offset: offset),
        cost: max(1, records.count))
    }
    let examples = batch.report.examples.map(IngestStats.BadLine.init)
    runtime.ingestStats.record(
      source: source, lines: batch.lineCount - batch.blankLines,
      bad: examples,
      badCount: batch.report.badLines)
    return NginxIngestResult(
      lines: batch.lineCount - batch.blankLines, accepted: records.count,
      badLines: batch.report.badLines,
      badExamples: examples)
  }

  /// The format to read `sample` with when none was given: JSON lines when it starts with
  /// `{`, else `timed` when that decodes its first line, else `combined`.
  static func guessFormat(_ sample: ArraySlice<UInt8>) -> NginxLogFormat {
    let firstLine = sample.prefix { $0 != 10 }
    if firstLine.first == UInt8(ascii: "{") { return .json }
    if (try? NginxLineDecoder(format: .timed).decode(firstLine)) != nil { return .timed }
    return .combined
  }

  /// A preset name (`combined`, `timed`, `json`) or a verbatim `log_format` string.
  static func format(named text: String) throws -> NginxLogFormat {
    if let preset = NginxLogFormat.preset(named: text) { return preset }
    do {
      return try NginxLogFormat(text)
    } catch {
      throw APIError.badRequest("log_format: \(error)")
    }
  }
}
