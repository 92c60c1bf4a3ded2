import Foundation
import LookoutAnalysis
import LookoutCore
import LookoutIngest
import LookoutStore

/// Turns Sentry envelopes and store bodies into grouped events and spans, and hands them
/// to the writers; answers only once they are committed.
struct ErrorIngestor {
  let runtime: LookoutRuntime

  /// What one envelope or store body held.
  struct Outcome {
    /// The id to answer with (the envelope's, else the first event's).
    var eventID: String?
    var events = 0
    var transactions = 0
    var skippedItems = 0
  }

  /// Stores the event and transaction items of an envelope; other item types are skipped.
  func ingest(envelope: SentryEnvelope, project: Int64, now: Int64) async throws -> Outcome {
    var outcome = Outcome(eventID: envelope.eventID)
    var grouped: [GroupedEvent] = []
    var spans: [SpanRecord] = []
    for item in envelope.items {
      if item.type == "event" || item.type == "transaction" {
        try Self.checkSize(item.payload, limit: runtime.configuration.maxEventBytes)
      }
      switch item.type {
      case "event":
        let event = try SentryEventDecoder.decode(
          item.payload, receivedAt: now, payloadLimit: runtime.configuration.maxEventBytes,
          fallbackEventID: envelope.eventID, sourceContext: false)
        grouped.append(group(event, project: project))
        outcome.eventID = outcome.eventID ?? event.eventID
      case "transaction":
        spans += try SentryTransactionDecoder.decode(item.payload, receivedAt: now)
        outcome.transactions += 1
      default:
        outcome.skippedItems += 1
      }
    }
    outcome.events = grouped.count
    try await store(grouped, spans: spans, project: project)
    return outcome
  }

  /// Refuses an event larger than the limit (Sentry's relay refuses them too).
  static func checkSize(_ payload: [UInt8], limit: Int) throws {
    guard payload.count <= limit else {
      throw APIError.tooLarge("event of \(payload.count) bytes; the limit is \(limit)")
    }
  }

  /// Stores one event from the legacy store endpoint.
  func ingest(storeJSON json: [UInt8], project: Int64, now: Int64) async throws -> Outcome {
    try Self.checkSize(json, limit: runtime.configuration.maxEventBytes)
    let event = try SentryEventDecoder.decode(
      json, receivedAt: now, payloadLimit: runtime.configuration.maxEventBytes,
      fallbackEventID: nil, sourceContext: false)
    try await store([group(event, project: project)], spans: [], project: project)
    return Outcome(eventID: event.eventID, events: 1)
  }

  func group(_ event: ErrorEvent, project: Int64) -> GroupedEvent {
    let result = runtime.grouping.group(event)
    return GroupedEvent(
      project: project, event: event, hash: result.hash, groupingVersion: result.version,
      method: result.method.rawValue, title: result.title, culprit: result.culprit)
  }

  private func store(_ grouped: [GroupedEvent], spans: [SpanRecord], project: Int64) async throws {
    if !grouped.isEmpty { try await runtime.errorWriter.submit(grouped, cost: grouped.count) }
    if !spans.isEmpty {
      // Transactions join the other spans: same store, same service-map edges.
      _ = try await SpanIngestor(runtime: runtime).ingest(
        spans, project: project, environment: "", source: "sentry:transactions")
    }
  }
}
