import Foundation

/// Reads OTLP/JSON trace exports into the protobuf request type, so both encodings share
/// one mapping to spans (``OTLPSpanMapper``).
///
/// OTLP/JSON is proto3 JSON with three differences, all handled here: trace and span ids
/// are hex strings (base64 of the right length is accepted too, as a generic proto3 JSON
/// encoder writes bytes), enums are integers (their names, `SPAN_KIND_SERVER`, are
/// accepted too), and keys are lowerCamelCase (snake_case accepted, as protobuf's JSON
/// parsers do). 64-bit integers may be decimal strings or numbers. Unknown keys are
/// ignored, `null` counts as absent, and so does a member of the wrong type, as the
/// Lookout decoders do everywhere. A span whose ids are neither hex nor base64 is rejected.
///
/// ```swift
/// var reader = OTLPJSONTraceReader()
/// let request = try reader.read(JSONParser.parse(body))
/// ```
struct OTLPJSONTraceReader {
  typealias Request = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest
  typealias Span = Opentelemetry_Proto_Trace_V1_Span

  /// Spans left out because their ids could not be read.
  var rejections = OTLPRejections()

  /// Reads the whole export.
  ///
  /// - Throws: ``OTLPDecodeError/notATraceRequest(reason:)`` when the document is not an
  ///   object, its `resourceSpans` is not an array, or it is a logs or metrics export.
  mutating func read(_ document: JSONValue) throws(OTLPDecodeError) -> Request {
    switch OTLPJSONExport.resources(of: "trace", in: document) {
    case .failure(let reason): throw .notATraceRequest(reason: reason.text)
    case .success(let list):
      var request = Request()
      request.resourceSpans = list.compactMap { resourceSpans($0) }
      return request
    }
  }

  private mutating func resourceSpans(_ value: JSONValue)
    -> Opentelemetry_Proto_Trace_V1_ResourceSpans?
  {
    guard let members = value.members else { return nil }
    var resourceSpans = Opentelemetry_Proto_Trace_V1_ResourceSpans()
    for member in members {
      switch member.key {
      case "resource":
        guard let fields = member.value.members else { continue }
        for field in fields where field.key == "attributes" {
          resourceSpans.resource.attributes = Self.keyValues(field.value)
        }
      case "scopeSpans", "scope_spans":
        resourceSpans.scopeSpans = (member.value.array ?? []).compactMap { scopeSpans($0) }
      default: continue
      }
    }
    return resourceSpans
  }

  private mutating func scopeSpans(_ value: JSONValue) -> Opentelemetry_Proto_Trace_V1_ScopeSpans? {
    guard let members = value.members else { return nil }
    var scopeSpans = Opentelemetry_Proto_Trace_V1_ScopeSpans()
    for member in members {
      switch member.key {
      case "scope":
        guard let fields = member.value.members else { continue }
        for field in fields {
          switch field.key {
          case "name": scopeSpans.scope.name = field.value.string ?? scopeSpans.scope.name
          case "version":
            scopeSpans.scope.version = field.value.string ?? scopeSpans.scope.version
          default: continue
          }
        }
      case "spans":
        for element in member.value.array ?? [] {
          if let span = span(element) { scopeSpans.spans.append(span) }
        }
      default: continue
      }
    }
    return scopeSpans
  }

  /// One span; nil (and counted) when it is not an object or its ids are unreadable.
  private mutating func span(_ value: JSONValue) -> Span? {
    guard let members = value.members else {
      rejections.reject(spanNamed: "", because: "not a JSON object")
      return nil
    }
    var span = Span()
    var badID: String?
    for member in members {
      switch member.key {
      case "traceId", "trace_id":
        span.traceID = Self.id(
          member.value, length: OTLPSpanIDs.traceIDLength, field: "trace_id", problem: &badID)
      case "spanId", "span_id":
        span.spanID = Self.id(
          member.value, length: OTLPSpanIDs.spanIDLength, field: "span_id", problem: &badID)
      case "parentSpanId", "parent_span_id":
        span.parentSpanID = Self.id(
          member.value, length: OTLPSpanIDs.spanIDLength, field: "parent_span_id", problem: &badID)
      case "name": span.name = member.value.string ?? span.name
      case "kind":
        span.kind =
          Self.enumeration(member.value, names: Self.spanKindNames).map {
            Span.SpanKind(rawValue: $0) ?? .unspecified
          } ?? span.kind
      case "startTimeUnixNano", "start_time_unix_nano":
        span.startTimeUnixNano = Self.unsigned(member.value) ?? span.startTimeUnixNano
      case "endTimeUnixNano", "end_time_unix_nano":
        span.endTimeUnixNano = Self.unsigned(member.value) ?? span.endTimeUnixNano
      case "attributes": span.attributes = Self.keyValues(member.value)
      case "droppedAttributesCount", "dropped_attributes_count":
        span.droppedAttributesCount = Self.count(member.value) ?? span.droppedAttributesCount
      case "events": span.events = (member.value.array ?? []).compactMap(Self.event)
      case "droppedEventsCount", "dropped_events_count":
        span.droppedEventsCount = Self.count(member.value) ?? span.droppedEventsCount
      case "links": span.links = (member.value.array ?? []).compactMap(Self.link)
      case "droppedLinksCount", "dropped_links_count":
        span.droppedLinksCount = Self.count(member.value) ?? span.droppedLinksCount
      case "status":
        if let status = Self.status(member.value) { span.status = status }
      default: continue
      }
    }
    if let badID {
      rejections.reject(spanNamed: span.name, because: badID)
      return nil
    }
    return span
  }

  /// An id field: its bytes, or empty (and `problem` set) when the text is not an id.
  private static func id(
    _ value: JSONValue, length: Int, field: String, problem: inout String?
  ) -> Data {
    guard let text = value.string else {
      if case .null = value { return Data() }
      problem = problem ?? "\(field) is not a string"
      return Data()
    }
    guard let bytes = OTLPSpanIDs.decodeJSON(text, length: length) else {
      problem = problem ?? "\(field) \"\(text.prefix(40))\" is neither hex nor base64"
      return Data()
    }
    return bytes
  }

  private static func event(_ value: JSONValue) -> Span.Event? {
    guard let members = value.members else { return nil }
    var event = Span.Event()
    for member in members {
      switch member.key {
      case "timeUnixNano", "time_unix_nano":
        event.timeUnixNano = unsigned(member.value) ?? event.timeUnixNano
      case "name": event.name = member.value.string ?? event.name
      case "attributes": event.attributes = keyValues(member.value)
      case "droppedAttributesCount", "dropped_attributes_count":
        event.droppedAttributesCount = count(member.value) ?? event.droppedAttributesCount
      default: continue
      }
    }
    return event
  }

  /// A link; one with unreadable ids keeps empty ids, which the mapper drops and counts.
  private static func link(_ value: JSONValue) -> Span.Link? {
    guard let members = value.members else { return nil }
    var link = Span.Link()
    var ignored: String?
    for member in members {
      switch member.key {
      case "traceId", "trace_id":
        link.traceID = id(
          member.value, length: OTLPSpanIDs.traceIDLength, field: "trace_id", problem: &ignored)
      case "spanId", "span_id":
        link.spanID = id(
          member.value, length: OTLPSpanIDs.spanIDLength, field: "span_id", problem: &ignored)
      case "attributes": link.attributes = keyValues(member.value)
      case "droppedAttributesCount", "dropped_attributes_count":
        link.droppedAttributesCount = count(member.value) ?? link.droppedAttributesCount
      default: continue
      }
    }
    return link
  }

  private static func status(_ value: JSONValue) -> Opentelemetry_Proto_Trace_V1_Status? {
    guard let members = value.members else { return nil }
    var status = Opentelemetry_Proto_Trace_V1_Status()
    for member in members {
      switch member.key {
      case "message": status.message = member.value.string ?? status.message
      case "code":
        status.code =
          enumeration(member.value, names: statusCodeNames).map {
            Opentelemetry_Proto_Trace_V1_Status.StatusCode(rawValue: $0) ?? .unset
          } ?? status.code
      default: continue
      }
    }
    return status
  }

  /// `Span.SpanKind` names, indexed by value.
  static let spanKindNames = [
    "SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT",
    "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER",
  ]
  /// `Status.StatusCode` names, indexed by value.
  static let statusCodeNames = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"]
}
