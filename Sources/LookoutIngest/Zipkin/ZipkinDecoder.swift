import LookoutCore

/// Decodes a Zipkin v2 JSON body (`POST /api/v2/spans`) into spans.
///
/// Mapping choices:
/// - Ids: Zipkin pads short hex ids on the left, and so does this decoder: a trace id of
///   1 to 16 digits becomes 32 with 16 leading zeros (a 64-bit trace id), 17 to 32 digits
///   are padded to 32; span ids to 16. Uppercase is lowercased; all-zero ids are rejected.
/// - `kind` CLIENT, SERVER, PRODUCER, CONSUMER map to the same span kinds; an absent kind
///   means a local span in Zipkin's model, so ``SpanRecord/Kind/internal``.
/// - The service is `localEndpoint.serviceName` as sent (the Zipkin server lowercases it;
///   Lookout keeps the case the SDK chose, as it does for OTLP), `unknown` when absent.
/// - `timestamp` and `duration` are µs; a span without `timestamp` (an incomplete span)
///   starts at `receivedAt`, one without `duration` lasts 0.
/// - Shared spans: in Zipkin's B3 model a server may reuse its client's span id
///   (`shared: true`). Both halves would then collide on one id, so the shared server half
///   gets a derived id (a hash of the id, see ``sharedServerSpanID(_:)``) and the client
///   span as its parent; the id as sent stays in `zipkin.shared_span_id`. Children that
///   name the shared id as parent stay under the client half.
/// - Tags become attributes, with Zipkin's classic HTTP tags renamed to the OpenTelemetry
///   keys (`http.method`, `http.path`, `http.url`, `http.status_code`). The `error` tag
///   makes the status ``SpanRecord/Status/error`` with its value as the message (OpenTelemetry's
///   `otel.status_code` / `otel.status_description` are read the same way).
/// - Annotations become events. OpenTelemetry's exporter writes an event as the JSON text
///   `{"name": {attributes}}`; such a value becomes an event of that name with those
///   attributes (so recorded exceptions are `exception` events), any other value is the
///   event's name.
///
/// ```swift
/// let batch = try ZipkinDecoder().decode(body, receivedAt: nowMicros)
/// // batch.spans to store, batch.rejected to count
/// ```
public struct ZipkinDecoder: Sendable {
  /// Caps on each span's attributes and events.
  public var limits: SpanAttributeLimits
  /// Most spans decoded from one body; the rest are rejected.
  public var maxSpans: Int

  /// Creates a decoder.
  ///
  /// - Parameters:
  ///   - limits: per-span caps.
  ///   - maxSpans: most spans per body.
  public init(limits: SpanAttributeLimits = .init(), maxSpans: Int = 50_000) {
    self.limits = limits
    self.maxSpans = maxSpans
  }

  /// Decodes one body.
  ///
  /// - Parameters:
  ///   - body: the JSON array of spans.
  ///   - receivedAt: when it arrived, µs since epoch: the start of spans without
  ///     `timestamp`.
  /// - Returns: the spans kept, in order, and the count of those rejected.
  /// - Throws: ``ZipkinDecodeError`` when the body is not JSON or not an array.
  public func decode(_ body: [UInt8], receivedAt: Int64) throws(ZipkinDecodeError)
    -> ZipkinBatch
  {
    let root: JSONValue
    do {
      root = try JSONParser.parse(body)
    } catch {
      throw .invalidJSON(error.description)
    }
    guard let elements = root.array else { throw .notAnArray }
    var batch = ZipkinBatch()
    batch.spans.reserveCapacity(min(elements.count, maxSpans))
    for (index, element) in elements.enumerated() {
      guard index < maxSpans else {
        batch.reject(.tooManySpans(limit: maxSpans))
        continue
      }
      do {
        batch.spans.append(try span(element, index: index, receivedAt: receivedAt))
      } catch {
        batch.reject(error)
      }
    }
    return batch
  }

  /// One span object.
  func span(_ object: JSONValue, index: Int, receivedAt: Int64) throws(ZipkinSpanError)
    -> SpanRecord
  {
    guard object.members != nil else { throw .notAnObject(index: index) }
    let traceText = object["traceId"]?.string ?? ""
    guard let traceID = Self.hexID(traceText, digits: 32) else {
      throw .invalidTraceID(index: index, value: traceText)
    }
    let idText = object["id"]?.string ?? ""
    guard var spanID = Self.hexID(idText, digits: 16) else {
      throw .invalidSpanID(index: index, value: idText)
    }
    var parentID = ""
    if let parent = object["parentId"], parent != .null {
      let text = parent.string ?? parent.text ?? ""
      guard let id = Self.hexID(text, digits: 16) else {
        throw .invalidParentID(index: index, value: text)
      }
      parentID = id
    }
    let kind: SpanRecord.Kind =
      switch object["kind"]?.string {
      case "CLIENT": .client
      case "SERVER": .server
      case "PRODUCER": .producer
      case "CONSUMER": .consumer
      default: .internal
      }
    var attributes = SpanAttributeBuilder(
      limits: limits, capacity: (object["tags"]?.members?.count ?? 0) + 8)
    if kind == .server, object["shared"]?.bool == true {
      attributes.set("zipkin.shared_span_id", spanID)
      parentID = spanID
      spanID = Self.sharedServerSpanID(spanID)
    }
    let start = object["timestamp"]?.integer.map(Int64.init) ?? receivedAt
    let duration = object["duration"]?.integer.map { Int64(max(0, $0)) } ?? 0
    var tags = ZipkinTags(attributes: attributes)
    tags.addEndpoints(local: object["localEndpoint"], remote: object["remoteEndpoint"], kind: kind)
    tags.addTags(object["tags"])
    let (events, droppedEvents) = Self.events(
      object["annotations"], spanStart: start, limits: limits)
    var finished = tags.attributes.finish()
    if droppedEvents > 0 { finished["lookout.dropped_events_count"] = String(droppedEvents) }
    return SpanRecord(
      traceID: traceID, spanID: spanID, parentSpanID: parentID,
      service: object[path: "localEndpoint", "serviceName"]?.nonEmptyString ?? "unknown",
      name: object["name"]?.string ?? "", kind: kind, start: start, duration: duration,
      status: tags.status, statusMessage: tags.statusMessage, attributes: finished,
      events: events)
  }

  /// The id of the server half of a shared span: FNV-1a 64 of the id's text, never zero
  /// and never the id itself, as 16 hex digits. The same on every node, so repeats of the
  /// server half still collide with each other and nothing else.
  ///
  /// - Parameter spanID: the shared id, 16 lowercase hex digits.
  public static func sharedServerSpanID(_ spanID: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in ("zipkin-shared:" + spanID).utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
    var text = String(hash, radix: 16)
    text = String(repeating: "0", count: 16 - text.count) + text
    if hash == 0 || text == spanID { return sharedServerSpanID(text) }
    return text
  }

  /// `text` as lowercase hex padded on the left to `digits`; nil when empty, longer than
  /// `digits`, not hex, or all zeros.
  static func hexID(_ text: String, digits: Int) -> String? {
    let count = text.utf8.count
    guard count > 0, count <= digits else { return nil }
    var bytes = [UInt8](repeating: UInt8(ascii: "0"), count: digits - count)
    bytes.reserveCapacity(digits)
    var nonZero = false
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"):
        bytes.append(byte)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): bytes.append(byte + 0x20)
      default: return nil
      }
      if byte != UInt8(ascii: "0") { nonZero = true }
    }
    guard nonZero else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }
}
