import Foundation
import LookoutCore
import Testing

@testable import LookoutIngest

/// Protobuf bodies: bad input, rejected spans, limits, big requests.
@Suite("OTLP protobuf")
struct OTLPProtobufTests {
  typealias Builder = OTLPRequestBuilder

  static func decode(_ request: Builder.Request, limits: OTLPLimits = OTLPLimits()) throws
    -> OTLPTraceBatch
  {
    try OTLPTraceDecoder.decode(Builder.encoded(request), encoding: .protobuf, limits: limits)
  }

  static func fixture() throws -> [UInt8] { try TestSupport.fixture("otlp/traces.binpb") }

  @Test func anEmptyBodyIsAnEmptyRequest() throws {
    let batch = try OTLPTraceDecoder.decode([UInt8](), encoding: .protobuf)
    #expect(batch == OTLPTraceBatch())
  }

  @Test(arguments: [1, 2, 10, 100, 500, 1000, 1331])
  func refusesATruncatedBody(length: Int) throws {
    let body = Array(try Self.fixture().prefix(length))
    #expect(throws: OTLPDecodeError.self) {
      try OTLPTraceDecoder.decode(body, encoding: .protobuf)
    }
  }

  @Test(
    arguments: [
      [0x0E, 0x01],  // field 1, wire type 6: no such wire type
      [0x0F, 0x01],  // wire type 7
      [0x0B, 0x08, 0x01],  // a group (wire type 3) that never ends
    ] as [[UInt8]])
  func refusesAnInvalidWireType(body: [UInt8]) {
    let error = #expect(throws: OTLPDecodeError.self) {
      try OTLPTraceDecoder.decode(body, encoding: .protobuf)
    }
    #expect(error.map { "\($0)" }?.hasPrefix("body is not valid protobuf: ") == true)
  }

  @Test func skipsAKnownFieldSentWithAnotherWireType() throws {
    // resource_spans (field 1) as a varint: skipped as an unknown field, as protobuf's own
    // parsers do, so the request is empty rather than invalid.
    let batch = try OTLPTraceDecoder.decode([0x08, 0x01], encoding: .protobuf)
    #expect(batch == OTLPTraceBatch())
  }

  @Test(arguments: [
    Array("{\"resourceSpans\":[]}".utf8), [0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
    Array(repeating: 0, count: 8),
    Array("GET / HTTP/1.1\r\n".utf8),
  ])
  func refusesGarbage(body: [UInt8]) {
    #expect(throws: OTLPDecodeError.self) {
      try OTLPTraceDecoder.decode(body, encoding: .protobuf)
    }
  }

  /// A string inside `depth` arrays.
  static func nested(_ depth: Int) -> Builder.AnyValue {
    var value = Builder.AnyValue()
    guard depth > 0 else {
      value.value = .stringValue("bottom")
      return value
    }
    var array = Opentelemetry_Proto_Common_V1_ArrayValue()
    array.values = [nested(depth - 1)]
    value.value = .arrayValue(array)
    return value
  }

  @Test func refusesDeepNesting() throws {
    // An attribute value of arrays in arrays, deeper than the decoder's message limit.
    // (Built by recursion: the same built in a loop crashes the Swift 6.3 optimizer.)
    var span = Builder.span(0)
    span.attributes = [Builder.pair("deep", Self.nested(200).value)]
    let error = #expect(throws: OTLPDecodeError.self) { try Self.decode(Builder.request([span])) }
    #expect(error.map { "\($0)" }?.contains("nest deeper") == true)
  }

  @Test func keepsNestingWithinTheLimit() throws {
    var span = Builder.span(0)
    span.attributes = [Builder.pair("deep", Self.nested(3).value)]
    let batch = try Self.decode(Builder.request([span]))
    #expect(batch.spans.first?.attributes["deep"] == #"[[["bottom"]]]"#)
  }

  @Test func rejectsSpansWithWrongIdsAndKeepsTheOthers() throws {
    var shortTrace = Builder.span(1, name: "short trace")
    shortTrace.traceID = Builder.bytes("0af7651916cd43dd8448eb211c8031")
    var zeroTrace = Builder.span(2, name: "zero trace")
    zeroTrace.traceID = Data(count: 16)
    var longSpan = Builder.span(3, name: "long span")
    longSpan.spanID = Builder.bytes("00f067aa0ba902b700")
    var noSpan = Builder.span(4, name: "no span id")
    noSpan.spanID = Data()
    var badParent = Builder.span(5, name: "bad parent")
    badParent.parentSpanID = Builder.bytes("00f067")
    var zeroParent = Builder.span(6, name: "zero parent")
    zeroParent.parentSpanID = Data(count: 8)
    let batch = try Self.decode(
      Builder.request([
        Builder.span(0, name: "good"), shortTrace, zeroTrace, longSpan, noSpan, badParent,
        zeroParent, Builder.span(7, name: "good too"),
      ]))
    #expect(batch.spans.map(\.name) == ["good", "zero parent", "good too"])
    #expect(batch.spans[1].parentSpanID == "")
    #expect(batch.rejectedSpans == 5)
    #expect(
      batch.errorMessage
        == "5 spans rejected, the first: span \"short trace\": trace_id is 15 bytes, expected 16")
  }

  @Test func namesTheOnlyRejectedSpan() throws {
    var zero = Builder.span(1, name: "zero")
    zero.spanID = Data(count: 8)
    let batch = try Self.decode(Builder.request([zero]))
    #expect(batch.spans.isEmpty)
    #expect(batch.errorMessage == "1 span rejected: span \"zero\": span_id is all zeros")
  }

  @Test func capsTenThousandAttributes() throws {
    var span = Builder.span(0)
    span.attributes = (0..<10_000).map { Builder.pair("key\($0)", "value \($0)") }
    span.droppedAttributesCount = 5
    let batch = try Self.decode(Builder.request([span]))
    let attributes = try #require(batch.spans.first).attributes
    #expect(attributes["key0"] == "value 0")
    #expect(attributes["key127"] == "value 127")
    #expect(attributes["key128"] == nil)
    #expect(attributes["lookout.dropped_attributes_count"] == "9872")
    #expect(attributes["otel.dropped_attributes_count"] == "5")
    // 128 kept, the service's none (service.name is not copied), two counts.
    #expect(attributes.count == 130)
  }

  @Test func capsEventsLinksAndTheirAttributes() throws {
    var span = Builder.span(0)
    span.events = (0..<5).map { index in
      var event = Builder.Span.Event()
      event.name = "event \(index)"
      event.timeUnixNano = 3_000 + UInt64(index) * 1_000
      event.attributes = (0..<4).map { Builder.pair("a\($0)", "v") }
      return event
    }
    span.links = (0..<4).map { index in
      var link = Builder.Span.Link()
      link.traceID = Builder.bytes("0af7651916cd43dd8448eb211c80319c")
      link.spanID = withUnsafeBytes(of: UInt64(index + 1).bigEndian) { Data($0) }
      return link
    }
    span.droppedLinksCount = 7
    let limits = OTLPLimits(attributesPerSpan: 3, eventsPerSpan: 2, linksPerSpan: 3)
    let record = try #require(try Self.decode(Builder.request([span]), limits: limits).spans.first)
    #expect(record.events.map(\.name) == ["event 0", "event 1"])
    #expect(record.events.map(\.time) == [3, 4])
    #expect(
      record.events[0].attributes == [
        "a0": "v", "a1": "v", "a2": "v", "lookout.dropped_attributes_count": "1",
      ])
    #expect(
      record.links.map(\.spanID) == ["0000000000000001", "0000000000000002", "0000000000000003"])
    #expect(record.attributes["lookout.dropped_events_count"] == "3")
    #expect(record.attributes["lookout.dropped_links_count"] == "1")
    #expect(record.attributes["otel.dropped_links_count"] == "7")
    #expect(record.attributes["otel.dropped_events_count"] == nil)
  }

  @Test func capsResourceAttributes() throws {
    // Copied into every span, so they are capped too; service.name is not among them.
    let resource =
      [Builder.pair("service.name", "shop")] + (0..<5).map { Builder.pair("r\($0)", "v") }
    let limits = OTLPLimits(attributesPerSpan: 3)
    let batch = try Self.decode(
      Builder.request([Builder.span(0)], resource: resource), limits: limits)
    #expect(
      batch.spans.first?.attributes == [
        "resource.r0": "v", "resource.r1": "v", "resource.r2": "v",
        "lookout.dropped_resource_attributes_count": "2",
      ])
    #expect(batch.spans.first?.service == "shop")
  }

  @Test func cutsLongValuesAtACharacterBoundary() throws {
    var span = Builder.span(0)
    // 4095 ASCII bytes then a 2-byte "é": the cut at 4096 would split it.
    span.attributes = [
      Builder.pair("long", String(repeating: "a", count: 4095) + "é" + "tail"),
      Builder.pair("exact", String(repeating: "b", count: 4096)),
    ]
    let attributes = try #require(try Self.decode(Builder.request([span])).spans.first).attributes
    #expect(attributes["long"] == String(repeating: "a", count: 4095))
    #expect(attributes["exact"]?.utf8.count == 4096)
  }

  @Test func timesAndKinds() throws {
    var spans: [Builder.Span] = []
    for (index, kind) in [0, 1, 2, 3, 4, 5, 9].enumerated() {
      var span = Builder.span(index)
      span.kind = Builder.Span.SpanKind(rawValue: kind) ?? .unspecified
      spans.append(span)
    }
    spans[0].startTimeUnixNano = 1_500
    spans[0].endTimeUnixNano = 2_400  // 1 µs: whole microseconds of each end
    spans[1].endTimeUnixNano = 0  // never ended
    spans[2].endTimeUnixNano = spans[2].startTimeUnixNano - 1  // clock skew
    spans[3].status.code = .ok
    spans[4].status.code = .error
    spans[4].status.message = "timeout"
    spans[5].status.code = Opentelemetry_Proto_Trace_V1_Status.StatusCode(rawValue: 7) ?? .unset
    let batch = try Self.decode(Builder.request(spans))
    #expect(
      batch.spans.map(\.kind) == [
        .unspecified, .internal, .server, .client, .producer, .consumer, .unspecified,
      ])
    #expect(batch.spans[0].start == 1)
    #expect(batch.spans[0].duration == 1)
    #expect(batch.spans[1].duration == 0)
    #expect(batch.spans[2].duration == 0)
    #expect(batch.spans[6].duration == 2_500)
    #expect(batch.spans.map(\.status) == [.unset, .unset, .unset, .ok, .error, .unset, .unset])
    #expect(batch.spans[4].statusMessage == "timeout")
  }

  @Test func serviceAndEnvironmentDefaults() throws {
    let anonymous = try Self.decode(Builder.request([Builder.span(0)], resource: []))
    #expect(anonymous.spans.first?.service == "unknown_service")
    #expect(anonymous.spans.first?.environment == "")
    let legacy = try Self.decode(
      Builder.request(
        [Builder.span(0)],
        resource: [Builder.pair("service.name", ""), Builder.pair("deployment.environment", "qa")]))
    #expect(legacy.spans.first?.service == "unknown_service")
    #expect(legacy.spans.first?.environment == "qa")
  }

  @Test func decodesAHundredThousandSpans() throws {
    let request = Builder.request((0..<100_000).map { Builder.span($0) })
    let batch = try Self.decode(request)
    #expect(batch.spans.count == 100_000)
    #expect(batch.spans.last?.spanID == "00000000000186a0")
    #expect(batch.rejectedSpans == 0)
  }
}
