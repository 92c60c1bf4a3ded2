import LookoutCore

/// Decodes a Sentry error event (an envelope `event` item or a store body) into an
/// ``ErrorEvent``.
///
/// Lenient like Sentry's relay: an optional field of the wrong type is ignored. Only a
/// payload that is not a JSON object, nests deeper than ``maxDepth``, or has no valid event
/// id is refused. The JSON as received is kept in ``ErrorEvent/payload`` when it fits the
/// payload limit, else a small marker object takes its place.
///
/// ```swift
/// let event = try SentryEventDecoder.decode(
///   item.payload, receivedAt: nowMicros, fallbackEventID: envelope.eventID)
/// ```
public enum SentryEventDecoder {
  /// The deepest nesting of arrays and objects accepted, checked before parsing.
  public static let maxDepth = JSONParser.defaultMaxDepth

  /// Decodes one event.
  ///
  /// - Parameters:
  ///   - json: the event JSON.
  ///   - receivedAt: when it arrived, µs since epoch; the time of an event without a
  ///     readable `timestamp`.
  ///   - payloadLimit: the most bytes of JSON kept as the payload; a larger event keeps
  ///     `{"_truncated":true,"size":N}` instead (its fields are still decoded).
  ///   - fallbackEventID: the envelope header's `event_id`, used when the event has none.
  ///   - sourceContext: whether frames keep their `pre_context` and `post_context` lines.
  ///     Ingest leaves them out (grouping reads only the context line; the issue page
  ///     decodes the stored payload again, with them): building them is a third of the
  ///     strings of a typical event.
  /// - Returns: the event, ready for grouping.
  /// - Throws: ``SentryEventError`` for unreadable JSON, a non-object, a nesting bomb, or
  ///   a missing or malformed event id.
  public static func decode(
    _ json: [UInt8], receivedAt: Int64, payloadLimit: Int = 1 << 20,
    fallbackEventID: String? = nil, sourceContext: Bool = true
  ) throws(SentryEventError) -> ErrorEvent {
    if let event = try decodeInOnePass(
      json, receivedAt: receivedAt, payloadLimit: payloadLimit, fallbackEventID: fallbackEventID,
      sourceContext: sourceContext)
    {
      return event
    }
    return try decodeThroughTree(
      json, receivedAt: receivedAt, payloadLimit: payloadLimit, fallbackEventID: fallbackEventID)
  }

  /// Decodes one event by reading it in one pass (``SentryEventReader``); nil when the
  /// reader leaves the document to the tree (invalid JSON, escaped member names).
  ///
  /// - Throws: ``SentryEventError`` for a missing or malformed event id.
  static func decodeInOnePass(
    _ json: [UInt8], receivedAt: Int64, payloadLimit: Int, fallbackEventID: String?,
    sourceContext: Bool = true
  ) throws(SentryEventError) -> ErrorEvent? {
    let read = json.withUnsafeBytes { buffer -> SentryEventReader.Fields? in
      var reader = SentryEventReader(
        bytes: buffer, maxDepth: maxDepth, sourceContext: sourceContext)
      return try? reader.read()
    }
    guard let fields = read else { return nil }
    var event = ErrorEvent(
      eventID: try eventID(fields.eventID, fallback: fallbackEventID),
      timestamp: SentryTimestamp.microseconds(fields.timestamp) ?? receivedAt)
    if let level = fields.level.flatMap(normalizedLevel) { event.level = level }
    event.platform = fields.platform ?? ""
    (event.message, event.messageTemplate) = message(candidates: fields.logentry, fields.message)
    event.exceptions = fields.exceptions
    event.fingerprint = fingerprint(fields.fingerprint)
    if let environment = fields.environment, !environment.isEmpty {
      event.environment = environment
    }
    event.release = fields.release ?? ""
    event.serverName = fields.serverName ?? ""
    event.transaction = fields.transaction ?? ""
    event.user = user(fields.user)
    event.tags = fields.tags
    event.traceID = fields.traceID.flatMap { normalizedHexID($0, digits: 32) } ?? ""
    event.spanID = fields.spanID.flatMap { normalizedHexID($0, digits: 16) } ?? ""
    event.requestURL = fields.requestURL ?? ""
    event.requestMethod = fields.requestMethod?.uppercased() ?? ""
    event.payload = json.count <= payloadLimit ? json : truncationMarker(size: json.count)
    return event
  }

  /// Decodes one event through a ``JSONValue`` tree: the reference the one-pass reader
  /// agrees with, and the path that names what is wrong with an invalid event.
  ///
  /// - Throws: ``SentryEventError``.
  static func decodeThroughTree(
    _ json: [UInt8], receivedAt: Int64, payloadLimit: Int, fallbackEventID: String?
  ) throws(SentryEventError) -> ErrorEvent {
    let root = try parseObject(json, skipping: unreadKeys)
    var event = ErrorEvent(
      eventID: try eventID(root["event_id"], fallback: fallbackEventID),
      timestamp: SentryTimestamp.microseconds(root["timestamp"]) ?? receivedAt)
    if let level = root["level"]?.string.flatMap(normalizedLevel) { event.level = level }
    event.platform = root["platform"]?.string ?? ""
    (event.message, event.messageTemplate) = message(of: root)
    event.exceptions = exceptions(root["exception"])
    event.fingerprint = fingerprint(root["fingerprint"])
    event.environment = root["environment"]?.nonEmptyString ?? "production"
    event.release = root["release"]?.string ?? ""
    event.serverName = root["server_name"]?.string ?? ""
    event.transaction = root["transaction"]?.string ?? ""
    event.user = user(root["user"])
    event.tags = tags(root["tags"])
    let trace = root[path: "contexts", "trace"]
    event.traceID = hexID(trace?["trace_id"], digits: 32) ?? ""
    event.spanID = hexID(trace?["span_id"], digits: 16) ?? ""
    event.requestURL = root[path: "request", "url"]?.string ?? ""
    event.requestMethod = root[path: "request", "method"]?.string?.uppercased() ?? ""
    event.payload = json.count <= payloadLimit ? json : truncationMarker(size: json.count)
    return event
  }

  /// An event id as 32 lowercase hex digits: accepts upper case and UUID dashes; nil when
  /// anything else remains.
  public static func normalizedEventID(_ text: String) -> String? {
    normalizedHexID(text, digits: 32)
  }

  /// The JSON kept in place of a payload over the limit: always a valid object.
  static func truncationMarker(size: Int) -> [UInt8] {
    Array(#"{"_truncated":true,"size":\#(size)}"#.utf8)
  }

  /// Members an error event carries that decoding never reads: they are shown from the
  /// stored payload, so the parser checks them without building them (breadcrumbs, frame
  /// variables and the like are most of an event's bytes).
  static let unreadKeys: Set<String> = [
    "breadcrumbs", "vars", "extra", "modules", "sdk", "headers", "cookies", "debug_meta", "threads",
    "measurements", "_meta",
  ]

  /// Parses a payload that must be a JSON object, within the depth limit; the values of
  /// `skipping` members are checked, not built.
  static func parseObject(_ json: [UInt8], skipping: Set<String> = []) throws(SentryEventError)
    -> JSONValue
  {
    let root: JSONValue
    do {
      root = try JSONParser.parse(json, maxDepth: maxDepth, skipping: skipping)
    } catch {
      if case .tooDeep(let limit) = error { throw .tooDeeplyNested(limit: limit) }
      throw .invalidJSON(reason: error.description)
    }
    guard root.members != nil else { throw .notAnObject }
    return root
  }

  /// The event's id, else the envelope's; a malformed one is an error.
  static func eventID(_ value: JSONValue?, fallback: String?) throws(SentryEventError)
    -> String
  {
    switch value {
    case .string(let text)? where !text.isEmpty:
      guard let id = normalizedEventID(text) else { throw .invalidEventID(text) }
      return id
    case nil, .null?, .string?:
      guard let fallback, !fallback.isEmpty else { throw .missingEventID }
      guard let id = normalizedEventID(fallback) else { throw .invalidEventID(fallback) }
      return id
    case let other?:
      throw .invalidEventID(other.compactJSON)
    }
  }

  /// A hex id of `digits` digits from a JSON string, lowercased and without dashes; nil
  /// when missing or malformed.
  static func hexID(_ value: JSONValue?, digits: Int) -> String? {
    value?.string.flatMap { normalizedHexID($0, digits: digits) }
  }

  /// `text` as `digits` lowercase hex digits, dashes removed; nil when it is not that.
  static func normalizedHexID(_ text: String, digits: Int) -> String? {
    var output: [UInt8] = []
    output.reserveCapacity(digits)
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "-"): continue
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"):
        output.append(byte)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): output.append(byte + 0x20)
      default: return nil
      }
      guard output.count <= digits else { return nil }
    }
    return output.count == digits ? String(decoding: output, as: UTF8.self) : nil
  }

  /// A level among `fatal`, `error`, `warning`, `info`, `debug`, with relay's aliases
  /// (`warn`, `critical`, `log`); nil for anything else.
  static func normalizedLevel(_ text: String) -> String? {
    switch text.lowercased() {
    case "fatal", "critical": "fatal"
    case "error": "error"
    case "warning", "warn": "warning"
    case "info", "log": "info"
    case "debug": "debug"
    default: nil
    }
  }
}
