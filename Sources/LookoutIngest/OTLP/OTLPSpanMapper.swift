import Foundation
import LookoutCore

/// Turns a decoded `ExportTraceServiceRequest` into ``SpanRecord``s, whichever encoding it
/// came in: ids to hex, nanoseconds to microseconds, resource and scope into attributes,
/// limits applied. Spans with ids that cannot be stored are rejected and counted.
///
/// The resource gives `service` (`service.name`, else `unknown_service`) and
/// `environment` (`deployment.environment.name`, else `deployment.environment`); its
/// other attributes are copied into every span as `resource.<key>`, the scope's name and
/// version as `otel.scope.name` / `otel.scope.version`; the span's own attributes win on
/// a collision.
struct OTLPSpanMapper {
  typealias Request = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest
  typealias Span = Opentelemetry_Proto_Trace_V1_Span
  typealias KeyValue = Opentelemetry_Proto_Common_V1_KeyValue

  /// The service of spans whose resource names none, as the SDKs default it.
  static let unknownService = "unknown_service"

  /// Attributes most spans carry (HTTP server spans of the semantic conventions).
  static let typicalSpanAttributes = 16

  let limits: OTLPLimits
  /// The spans mapped so far.
  var spans: [SpanRecord] = []
  /// The spans rejected so far.
  var rejections: OTLPRejections

  init(limits: OTLPLimits, rejections: OTLPRejections = OTLPRejections()) {
    self.limits = limits
    self.rejections = rejections
  }

  /// Maps every span of the request, in order.
  mutating func map(_ request: Request) {
    spans.reserveCapacity(
      spans.count
        + request.resourceSpans.reduce(0) { total, resource in
          resource.scopeSpans.reduce(total) { $0 + $1.spans.count }
        })
    for resourceSpans in request.resourceSpans {
      let resource = OTLPResourceFields(resourceSpans.resource.attributes, limits: limits)
      for scopeSpans in resourceSpans.scopeSpans {
        let shared = Self.sharedAttributes(resource: resource, scope: scopeSpans.scope)
        for span in scopeSpans.spans {
          var attributes = shared
          let dropped = add(span.attributes, to: &attributes)
          span.traceID.withUnsafeBytes { traceID in
            span.spanID.withUnsafeBytes { spanID in
              span.parentSpanID.withUnsafeBytes { parentSpanID in
                map(
                  SpanParts(
                    traceID: traceID, spanID: spanID, parentSpanID: parentSpanID,
                    name: span.name, kind: span.kind, start: span.startTimeUnixNano,
                    end: span.endTimeUnixNano, statusCode: span.status.code,
                    statusMessage: span.status.message, droppedAttributes: dropped,
                    sdkDroppedAttributes: span.droppedAttributesCount, events: span.events,
                    sdkDroppedEvents: span.droppedEventsCount, links: span.links,
                    sdkDroppedLinks: span.droppedLinksCount),
                  attributes: attributes, resource: resource)
              }
            }
          }
        }
      }
    }
  }

  /// The attributes every span of a scope starts from: the resource's, and the scope's
  /// name and version.
  static func sharedAttributes(
    resource: OTLPResourceFields, scope: Opentelemetry_Proto_Common_V1_InstrumentationScope
  ) -> [String: String] {
    var shared = resource.attributes
    // Room for a typical span's own attributes, so the copy each span takes does not
    // grow (rehashing everything) while they are added.
    shared.reserveCapacity(shared.count + Self.typicalSpanAttributes)
    if !scope.name.isEmpty { shared["otel.scope.name"] = scope.name }
    if !scope.version.isEmpty { shared["otel.scope.version"] = scope.version }
    return shared
  }

  /// The batch of everything mapped.
  var batch: OTLPTraceBatch {
    OTLPTraceBatch(spans: spans, rejectedSpans: rejections.count, errorMessage: rejections.message)
  }

  /// A span's fields as read, whoever read them (swift-protobuf's messages or
  /// ``OTLPProtobufTraceReader``); ids are borrowed bytes.
  struct SpanParts {
    var traceID: UnsafeRawBufferPointer
    var spanID: UnsafeRawBufferPointer
    var parentSpanID: UnsafeRawBufferPointer
    var name: String
    var kind: Span.SpanKind
    var start: UInt64
    var end: UInt64
    var statusCode: Opentelemetry_Proto_Trace_V1_Status.StatusCode
    var statusMessage: String
    /// Attributes over the limit, not in the attributes given.
    var droppedAttributes: Int
    var sdkDroppedAttributes: UInt32
    var events: [Span.Event]
    var sdkDroppedEvents: UInt32
    var links: [Span.Link]
    var sdkDroppedLinks: UInt32
  }

  /// Maps one span, whose attributes (the scope's shared ones and its own within the
  /// limit) are already merged, or rejects it for its ids.
  mutating func map(
    _ span: SpanParts, attributes: [String: String], resource: OTLPResourceFields
  ) {
    if let problem = OTLPSpanIDs.problem(
      span.traceID, field: "trace_id", length: OTLPSpanIDs.traceIDLength)
      ?? OTLPSpanIDs.problem(span.spanID, field: "span_id", length: OTLPSpanIDs.spanIDLength)
    {
      return rejections.reject(spanNamed: span.name, because: problem)
    }
    let parentSpanID: String
    switch span.parentSpanID.count {
    case 0: parentSpanID = ""
    case OTLPSpanIDs.spanIDLength:
      // An all-zero parent is how some SDKs spell "no parent".
      parentSpanID = OTLPSpanIDs.isZero(span.parentSpanID) ? "" : OTLPSpanIDs.hex(span.parentSpanID)
    default:
      return rejections.reject(
        spanNamed: span.name,
        because: "parent_span_id is \(span.parentSpanID.count) bytes, expected 8 or none")
    }

    var attributes = attributes
    Self.count(
      dropped: span.droppedAttributes, sdkDropped: span.sdkDroppedAttributes, of: "attributes",
      in: &attributes)
    let events = self.events(span.events)
    Self.count(
      dropped: events.dropped, sdkDropped: span.sdkDroppedEvents, of: "events",
      in: &attributes)
    let links = self.links(span.links)
    Self.count(
      dropped: links.dropped, sdkDropped: span.sdkDroppedLinks, of: "links",
      in: &attributes)

    let start = Self.microseconds(span.start)
    let end = Self.microseconds(span.end)
    spans.append(
      SpanRecord(
        traceID: OTLPSpanIDs.hex(span.traceID), spanID: OTLPSpanIDs.hex(span.spanID),
        parentSpanID: parentSpanID, service: resource.service, name: span.name,
        kind: Self.kind(span.kind), start: start, duration: max(0, end - start),
        status: Self.status(span.statusCode), statusMessage: span.statusMessage,
        attributes: attributes, environment: resource.environment, events: events.kept,
        links: links.kept))
  }

  /// Adds up to the attribute limit of `pairs` to `attributes`, replacing what is there
  /// (a repeated key keeps its last value).
  ///
  /// - Returns: how many pairs were over the limit.
  func add(_ pairs: [KeyValue], to attributes: inout [String: String]) -> Int {
    for pair in pairs.prefix(limits.attributesPerSpan) {
      attributes[pair.key] = OTLPAttributeText.truncated(
        OTLPAttributeText.text(pair.value), toUTF8Bytes: limits.attributeValueBytes)
    }
    return max(0, pairs.count - limits.attributesPerSpan)
  }

  /// Records what was dropped: `lookout.dropped_<what>_count` for what the limits
  /// dropped here, `otel.dropped_<what>_count` for what the SDK says it dropped.
  static func count(
    dropped: Int, sdkDropped: UInt32, of what: String, in attributes: inout [String: String]
  ) {
    if dropped > 0 { attributes["lookout.dropped_\(what)_count"] = String(dropped) }
    if sdkDropped > 0 { attributes["otel.dropped_\(what)_count"] = String(sdkDropped) }
  }

  private func events(_ events: [Span.Event]) -> (kept: [SpanRecord.Event], dropped: Int) {
    let kept = events.prefix(limits.eventsPerSpan).map { event in
      var attributes: [String: String] = [:]
      let dropped = add(event.attributes, to: &attributes)
      Self.count(
        dropped: dropped, sdkDropped: event.droppedAttributesCount, of: "attributes",
        in: &attributes)
      return SpanRecord.Event(
        time: Self.microseconds(event.timeUnixNano), name: event.name, attributes: attributes)
    }
    return (kept, events.count - kept.count)
  }

  /// The links within the limit; a link with invalid ids is dropped and counted too.
  private func links(_ links: [Span.Link]) -> (kept: [SpanRecord.Link], dropped: Int) {
    var kept: [SpanRecord.Link] = []
    for link in links.prefix(limits.linksPerSpan) {
      guard
        OTLPSpanIDs.problem(link.traceID, field: "trace_id", length: OTLPSpanIDs.traceIDLength)
          == nil,
        OTLPSpanIDs.problem(link.spanID, field: "span_id", length: OTLPSpanIDs.spanIDLength)
          == nil
      else { continue }
      var attributes: [String: String] = [:]
      let dropped = add(link.attributes, to: &attributes)
      Self.count(
        dropped: dropped, sdkDropped: link.droppedAttributesCount, of: "attributes",
        in: &attributes)
      kept.append(
        SpanRecord.Link(
          traceID: OTLPSpanIDs.hex(link.traceID), spanID: OTLPSpanIDs.hex(link.spanID),
          attributes: attributes))
    }
    return (kept, links.count - kept.count)
  }

  /// Nanoseconds since the epoch as whole microseconds (`UInt64.max / 1000` fits Int64).
  static func microseconds(_ nanoseconds: UInt64) -> Int64 {
    Int64(nanoseconds / 1000)
  }

  static func kind(_ kind: Span.SpanKind) -> SpanRecord.Kind {
    switch kind {
    case .internal: .internal
    case .server: .server
    case .client: .client
    case .producer: .producer
    case .consumer: .consumer
    case .unspecified, .UNRECOGNIZED: .unspecified
    }
  }

  static func status(_ code: Opentelemetry_Proto_Trace_V1_Status.StatusCode) -> SpanRecord.Status {
    switch code {
    case .ok: .ok
    case .error: .error
    case .unset, .UNRECOGNIZED: .unset
    }
  }
}
