/// Why an event (or transaction) payload cannot be read; the server answers 400.
///
/// Only these are fatal: a field of the wrong type is ignored, as Sentry's relay does.
public enum SentryEventError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The payload is not valid JSON.
  case invalidJSON(reason: String)
  /// Arrays and objects nest deeper than the limit.
  case tooDeeplyNested(limit: Int)
  /// The payload is JSON but not an object.
  case notAnObject
  /// The event id is not 32 hex digits (dashes allowed).
  case invalidEventID(String)
  /// Neither the event nor the envelope header has an event id.
  case missingEventID
  /// A transaction has no readable `contexts.trace` (trace and span ids).
  case missingTraceContext

  /// A sentence for logs and error bodies.
  public var description: String {
    switch self {
    case .invalidJSON(let reason): "event is not valid JSON: \(reason)"
    case .tooDeeplyNested(let limit): "event nests deeper than \(limit) levels"
    case .notAnObject: "event is not a JSON object"
    case .invalidEventID(let id): "invalid event_id '\(id.prefix(64))'"
    case .missingEventID: "event has no event_id"
    case .missingTraceContext: "transaction has no valid contexts.trace trace_id and span_id"
    }
  }
}
