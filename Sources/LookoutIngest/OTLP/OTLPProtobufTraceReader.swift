import Foundation
import LookoutCore
import SwiftProtobuf

/// Reads an OTLP protobuf trace export straight into ``SpanRecord``s: the same spans and
/// rejections as decoding it with swift-protobuf and mapping it with ``OTLPSpanMapper``,
/// and the same bodies refused (tests compare the two on real and on damaged bodies), at
/// a fraction of the cost. A body with several faults may be refused for another one of
/// them: scopes, spans and values are read after the message around them.
///
/// swift-protobuf builds every span, attribute and value as a message (a heap object
/// each) before the mapper copies them again: a third of span ingest's CPU. Here the
/// span's fields are read as they go by. What is rare or once per request is still
/// decoded by swift-protobuf from its bytes: resources and scopes, events and links,
/// array and key-value attribute values, a value sent twice (which protobuf merges).
struct OTLPProtobufTraceReader {
  typealias Wire = ProtobufWireReader

  private var mapper: OTLPSpanMapper
  /// Keys and values repeat from span to span: each is made once per request.
  private var strings = RecentStrings()

  init(limits: OTLPLimits) {
    mapper = OTLPSpanMapper(limits: limits)
  }

  /// The spans read and rejected.
  var batch: OTLPTraceBatch { mapper.batch }

  /// Reads a whole `ExportTraceServiceRequest`.
  mutating func read(_ body: UnsafeRawBufferPointer) throws(Wire.Failure) {
    var request = Wire(body, depth: 1)
    while let tag = try request.nextTag() {
      guard tag.field == 1, tag.wireType == .lengthDelimited else {
        try request.skip(tag)
        continue
      }
      try readResourceSpans(request.lengthDelimited(), depth: 2)
    }
  }

  private mutating func readResourceSpans(_ bytes: UnsafeRawBufferPointer, depth: Int)
    throws(Wire.Failure)
  {
    var message = Wire(bytes, depth: depth)
    var resource = Opentelemetry_Proto_Resource_V1_Resource()
    var scopes: [UnsafeRawBufferPointer] = []
    while let tag = try message.nextTag() {
      switch (tag.field, tag.wireType) {
      case (1, .lengthDelimited):
        try Self.merge(&resource, from: message.lengthDelimited(), depth: depth + 1)
      case (2, .lengthDelimited): scopes.append(try message.lengthDelimited())
      default: try message.skip(tag)
      }
    }
    let fields = OTLPResourceFields(resource.attributes, limits: mapper.limits)
    for scope in scopes {
      try readScopeSpans(scope, resource: fields, depth: depth + 1)
    }
  }

  private mutating func readScopeSpans(
    _ bytes: UnsafeRawBufferPointer, resource: OTLPResourceFields, depth: Int
  ) throws(Wire.Failure) {
    var message = Wire(bytes, depth: depth)
    var scope = Opentelemetry_Proto_Common_V1_InstrumentationScope()
    var spans: [UnsafeRawBufferPointer] = []
    while let tag = try message.nextTag() {
      switch (tag.field, tag.wireType) {
      case (1, .lengthDelimited):
        try Self.merge(&scope, from: message.lengthDelimited(), depth: depth + 1)
      case (2, .lengthDelimited): spans.append(try message.lengthDelimited())
      default: try message.skip(tag)
      }
    }
    let shared = OTLPSpanMapper.sharedAttributes(resource: resource, scope: scope)
    mapper.spans.reserveCapacity(mapper.spans.count + spans.count)
    for span in spans {
      try readSpan(span, resource: resource, shared: shared, depth: depth + 1)
    }
  }

  /// The fields of one span as read, before the mapping rules apply.
  private struct SpanFields {
    var traceID = UnsafeRawBufferPointer(start: nil, count: 0)
    var spanID = UnsafeRawBufferPointer(start: nil, count: 0)
    var parentSpanID = UnsafeRawBufferPointer(start: nil, count: 0)
    var name = ""
    var kind = OTLPSpanMapper.Span.SpanKind.unspecified
    var start: UInt64 = 0
    var end: UInt64 = 0
    var attributeCount = 0
    var droppedAttributes: UInt32 = 0
    var events: [OTLPSpanMapper.Span.Event] = []
    var droppedEvents: UInt32 = 0
    var links: [OTLPSpanMapper.Span.Link] = []
    var droppedLinks: UInt32 = 0
    var statusCode = Opentelemetry_Proto_Trace_V1_Status.StatusCode.unset
    var statusMessage = ""
  }

  private mutating func readSpan(
    _ bytes: UnsafeRawBufferPointer, resource: OTLPResourceFields,
    shared: [String: String], depth: Int
  ) throws(Wire.Failure) {
    var message = Wire(bytes, depth: depth)
    var span = SpanFields()
    var attributes = shared
    let limit = mapper.limits.attributesPerSpan
    while let tag = try message.nextTag() {
      switch (tag.field, tag.wireType) {
      case (1, .lengthDelimited): span.traceID = try message.lengthDelimited()
      case (2, .lengthDelimited): span.spanID = try message.lengthDelimited()
      case (4, .lengthDelimited): span.parentSpanID = try message.lengthDelimited()
      case (5, .lengthDelimited): span.name = try strings.text(message.lengthDelimited())
      case (6, .varint):
        span.kind = .init(rawValue: Self.enumValue(try message.varint())) ?? .unspecified
      case (7, .fixed64): span.start = try message.fixed64()
      case (8, .fixed64): span.end = try message.fixed64()
      case (9, .lengthDelimited):
        let (key, value) = try readKeyValue(message.lengthDelimited(), depth: depth + 1)
        // The first `limit` pairs are kept, as OTLPSpanMapper.add(_:to:) keeps them.
        if span.attributeCount < limit {
          attributes[key] = OTLPAttributeText.truncated(
            value, toUTF8Bytes: mapper.limits.attributeValueBytes)
        }
        span.attributeCount += 1
      case (10, .varint): span.droppedAttributes = UInt32(truncatingIfNeeded: try message.varint())
      case (11, .lengthDelimited):
        var event = OTLPSpanMapper.Span.Event()
        try Self.merge(&event, from: message.lengthDelimited(), depth: depth + 1)
        span.events.append(event)
      case (12, .varint): span.droppedEvents = UInt32(truncatingIfNeeded: try message.varint())
      case (13, .lengthDelimited):
        var link = OTLPSpanMapper.Span.Link()
        try Self.merge(&link, from: message.lengthDelimited(), depth: depth + 1)
        span.links.append(link)
      case (14, .varint): span.droppedLinks = UInt32(truncatingIfNeeded: try message.varint())
      case (15, .lengthDelimited): try readStatus(message.lengthDelimited(), into: &span, depth + 1)
      // trace_state, flags and what later versions add: not in the generated messages
      // either, so skipped unread there too.
      default: try message.skip(tag)
      }
    }
    mapper.map(
      OTLPSpanMapper.SpanParts(
        traceID: span.traceID, spanID: span.spanID, parentSpanID: span.parentSpanID,
        name: span.name, kind: span.kind, start: span.start, end: span.end,
        statusCode: span.statusCode, statusMessage: span.statusMessage,
        droppedAttributes: max(0, span.attributeCount - limit),
        sdkDroppedAttributes: span.droppedAttributes, events: span.events,
        sdkDroppedEvents: span.droppedEvents, links: span.links,
        sdkDroppedLinks: span.droppedLinks),
      attributes: attributes, resource: resource)
  }

  /// A `Status` message, merged into what an earlier one set (protobuf's rule for a
  /// message field sent twice).
  private func readStatus(
    _ bytes: UnsafeRawBufferPointer, into span: inout SpanFields, _ depth: Int
  )
    throws(Wire.Failure)
  {
    var message = Wire(bytes, depth: depth)
    while let tag = try message.nextTag() {
      switch (tag.field, tag.wireType) {
      case (2, .lengthDelimited): span.statusMessage = try message.string()
      case (3, .varint):
        span.statusCode = .init(rawValue: Self.enumValue(try message.varint())) ?? .unset
      default: try message.skip(tag)
      }
    }
  }

  /// An enum field's number as protobuf reads it (an int32; every number is a case of
  /// the open enums of proto3, `UNRECOGNIZED` for those it does not name).
  private static func enumValue(_ varint: UInt64) -> Int {
    Int(Int32(truncatingIfNeeded: varint))
  }

  /// A `KeyValue`'s key and value text.
  private mutating func readKeyValue(_ bytes: UnsafeRawBufferPointer, depth: Int)
    throws(Wire.Failure) -> (String, String)
  {
    var message = Wire(bytes, depth: depth)
    var key = ""
    var value = UnsafeRawBufferPointer(start: nil, count: 0)
    var valueCount = 0
    while let tag = try message.nextTag() {
      switch (tag.field, tag.wireType) {
      case (1, .lengthDelimited): key = try strings.text(message.lengthDelimited())
      case (2, .lengthDelimited):
        let bytes = try message.lengthDelimited()
        if valueCount == 0 { value = bytes }
        valueCount += 1
      default: try message.skip(tag)
      }
    }
    if valueCount == 1, let text = try scalarText(value, depth: depth + 1) {
      return (key, text)
    }
    // No value, an array or key-value list, bytes, or a value sent twice: protobuf's
    // own decoding and merging, then the mapper's text.
    var merged = Opentelemetry_Proto_Common_V1_AnyValue()
    var again = Wire(bytes, depth: depth)
    while let tag = try again.nextTag() {
      if tag.field == 2, tag.wireType == .lengthDelimited {
        try Self.merge(&merged, from: again.lengthDelimited(), depth: depth + 1)
      } else {
        try again.skip(tag)
      }
    }
    return (key, OTLPAttributeText.text(merged))
  }

  /// The text of an `AnyValue` holding a string, boolean, integer or double; nil for
  /// any other (read by swift-protobuf then).
  private mutating func scalarText(_ bytes: UnsafeRawBufferPointer, depth: Int)
    throws(Wire.Failure) -> String?
  {
    enum Scalar {
      case none
      case string(String)
      case bool(Bool)
      case int(Int64)
      case double(Double)
    }
    var message = Wire(bytes, depth: depth)
    var value = Scalar.none
    while let tag = try message.nextTag() {
      switch (tag.field, tag.wireType) {
      case (1, .lengthDelimited): value = .string(try strings.text(message.lengthDelimited()))
      case (2, .varint): value = .bool(try message.varint() != 0)
      case (3, .varint): value = .int(Int64(bitPattern: try message.varint()))
      case (4, .fixed64): value = .double(Double(bitPattern: try message.fixed64()))
      case (5, .lengthDelimited), (6, .lengthDelimited), (7, .lengthDelimited): return nil
      default: try message.skip(tag)
      }
    }
    switch value {
    case .none: return ""
    case .string(let text): return text
    case .bool(let flag): return flag ? "true" : "false"
    case .int(let number): return String(number)
    case .double(let number): return OTLPAttributeText.number(number)
    }
  }

  /// Decodes `bytes` into `message` with swift-protobuf, merging as protobuf does, with
  /// the depth left of the request's limit.
  private static func merge(
    _ message: inout some SwiftProtobuf.Message, from bytes: UnsafeRawBufferPointer, depth: Int
  ) throws(Wire.Failure) {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    var options = OTLPTraceDecoder.protobufOptions
    options.messageDepthLimit = Wire.depthLimit - depth + 1
    do {
      try message.merge(
        serializedBytes: Data(
          bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count,
          deallocator: .none),
        options: options)
    } catch BinaryDecodingError.truncated {
      throw .truncated
    } catch BinaryDecodingError.invalidUTF8 {
      throw .invalidUTF8
    } catch BinaryDecodingError.messageDepthLimit {
      throw .messageDepthLimit
    } catch {
      throw .malformedProtobuf
    }
  }
}
