import Foundation
import LookoutCore
import SwiftProtobuf
import Testing

@testable import LookoutIngest

/// The hand-written protobuf reader against the reference it replaces: swift-protobuf's
/// decoding then OTLPSpanMapper. Every body, valid or damaged, must give the same spans
/// and rejections, or be refused by both.
@Suite("OTLP protobuf reader vs swift-protobuf")
struct OTLPProtobufReaderTests {
  typealias Builder = OTLPRequestBuilder
  typealias T = OTLPProtobufReaderTests

  enum Outcome: Equatable {
    case batch(OTLPTraceBatch)
    case refused
  }

  static func reference(_ body: [UInt8], limits: OTLPLimits) -> Outcome {
    do {
      let request = try body.withUnsafeBytes { try OTLPTraceDecoder.protobufRequest($0) }
      var mapper = OTLPSpanMapper(limits: limits)
      mapper.map(request)
      return .batch(mapper.batch)
    } catch {
      return .refused
    }
  }

  static func reader(_ body: [UInt8], limits: OTLPLimits) -> Outcome {
    do {
      return .batch(try OTLPTraceDecoder.decode(body, encoding: .protobuf, limits: limits))
    } catch {
      return .refused
    }
  }

  static func expectSame(_ body: [UInt8], limits: OTLPLimits = OTLPLimits()) {
    let expected = reference(body, limits: limits)
    let actual = reader(body, limits: limits)
    #expect(actual == expected, "body of \(body.count) bytes: \(body.prefix(64))")
  }

  /// Requests with every kind of field: values of each type (arrays, lists, bytes,
  /// non-finite doubles), events, links (one with a bad id), status, dropped counts,
  /// repeated keys, ids that are rejected, zero parents, two resources and scopes.
  static func varied() -> Builder.Request {
    var spans = (0..<6).map { Builder.span($0) }
    spans[0].attributes = [
      Builder.pair("http.route", "/a"), Builder.pair("n", .intValue(-42)),
      Builder.pair("b", .boolValue(true)), Builder.pair("d", .doubleValue(0.25)),
      Builder.pair("inf", .doubleValue(-.infinity)), Builder.pair("big", .doubleValue(1e300)),
      Builder.pair("bytes", .bytesValue(Data([0, 1, 2, 250]))),
      Builder.pair("unset", nil), Builder.pair("http.route", "/b"),
      Builder.pair(
        "list",
        .arrayValue(
          .with {
            $0.values = [.with { $0.stringValue = "x" }, .with { $0.intValue = 1 }, .init()]
          })),
      Builder.pair(
        "map",
        .kvlistValue(.with { $0.values = [Builder.pair("k", "v"), Builder.pair("n", nil)] })),
    ]
    spans[0].droppedAttributesCount = 3
    spans[0].events = [
      .with {
        $0.name = "exception"
        $0.timeUnixNano = 1_717_545_600_001_000_000
        $0.attributes = [Builder.pair("exception.type", "ValueError")]
        $0.droppedAttributesCount = 1
      }
    ]
    spans[0].droppedEventsCount = 2
    spans[1].links = [
      .with {
        $0.traceID = Builder.bytes("0102030405060708090a0b0c0d0e0f10")
        $0.spanID = Builder.bytes("0102030405060708")
        $0.attributes = [Builder.pair("why", "batch")]
      },
      .with { $0.traceID = Data([1, 2]) },
    ]
    spans[1].droppedLinksCount = 1
    spans[1].status = .with {
      $0.code = .error
      $0.message = "boom"
    }
    spans[2].traceID = Data([1, 2, 3])
    spans[3].parentSpanID = Data(count: 8)
    spans[4].spanID = Data(count: 8)
    spans[5].parentSpanID = Data([1, 2, 3])
    spans[5].kind = .client
    var request = Builder.request(
      spans,
      resource: [
        Builder.pair("service.name", "shop"), Builder.pair("deployment.environment", "dev"),
        Builder.pair("host.name", "web-1"),
      ])
    var second = Opentelemetry_Proto_Trace_V1_ResourceSpans()
    second.scopeSpans = [
      .with {
        $0.scope = .with {
          $0.name = "io.opentelemetry.jdbc"
          $0.version = "2.1"
        }
        $0.spans = [Builder.span(9, name: "SELECT orders")]
      },
      .with { $0.spans = [Builder.span(10, name: "no scope")] },
    ]
    request.resourceSpans.append(second)
    return request
  }

  @Test func sameSpansAsTheReference() throws {
    Self.expectSame(try Builder.encoded(Self.varied()))
    Self.expectSame(try Builder.encoded(Builder.realistic(spans: 512)))
    Self.expectSame(try TestSupport.fixture("otlp/traces.binpb"))
    Self.expectSame([])
  }

  @Test func sameLimitsAsTheReference() throws {
    let body = try Builder.encoded(Self.varied())
    for limits in [
      OTLPLimits(attributesPerSpan: 0), OTLPLimits(attributesPerSpan: 3),
      OTLPLimits(eventsPerSpan: 0, linksPerSpan: 1), OTLPLimits(attributeValueBytes: 2),
    ] {
      Self.expectSame(body, limits: limits)
    }
  }

  /// Wire forms an encoder may produce and swift-protobuf's encoder never does.
  @Test(
    arguments: [
      // A span whose value field comes twice: a string, then an integer (the last wins).
      T.request(
        span: T.span(extra: T.keyValue(key: [0x76], values: [[0x0A, 0x01, 0x61], [0x18, 0x07]]))),
      // A value holding a string then an array: merged by protobuf's rules.
      T.request(
        span: span(
          extra: T.keyValue(
            key: [0x76], values: [[0x0A, 0x01, 0x61, 0x2A, 0x04, 0x0A, 0x02, 0x08, 0x01]]))),
      // Status sent twice: code from the first, message from the second.
      T.request(span: T.span(extra: [0x7A, 0x02, 0x18, 0x02, 0x7A, 0x03, 0x12, 0x01, 0x78])),
      // An unknown group field with a nested group, then the span's name.
      T.request(span: T.span(extra: [0xA3, 0x06, 0xAB, 0x06, 0xAC, 0x06, 0xA4, 0x06])),
      // The name (field 5) as a varint: skipped.
      T.request(span: T.span(extra: [0x28, 0x05])),
      // A kind out of the enum's range, and a negative one.
      T.request(span: T.span(extra: [0x30, 0x09, 0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])),
      // A group that ends with another field's number.
      T.request(span: T.span(extra: [0xA3, 0x06, 0xB4, 0x06])),
      // A 5-byte tag with too large a last byte.
      T.request(span: T.span(extra: [0x80, 0x80, 0x80, 0x80, 0x10, 0x00])),
      // An 11-byte varint.
      T.request(span: T.span(extra: [0x50] + [UInt8](repeating: 0xFF, count: 10) + [0x01])),
      // Invalid UTF-8 in a key (refused), and in the trace state (a field neither reads).
      T.request(span: T.span(extra: T.keyValue(key: [0xFF], values: []))),
      T.request(span: T.span(extra: [0x1A, 0x02, 0xC3, 0x28])),
    ])
  func sameAnswerForUnusualWire(body: [UInt8]) {
    Self.expectSame(body)
  }

  @Test func sameDepthLimit() throws {
    // The attribute's value is message 6 of the request; each level adds two.
    for depth in [40, 46, 47, 48] {
      var value = Opentelemetry_Proto_Common_V1_AnyValue.with { $0.stringValue = "leaf" }
      for _ in 0..<depth { value = .with { $0.arrayValue = .with { $0.values = [value] } } }
      var span = Builder.span(0)
      span.attributes = [
        .with {
          $0.key = "deep"
          $0.value = value
        }
      ]
      Self.expectSame(try Builder.encoded(Builder.request([span])))
    }
  }

  /// Random damage to real bodies: flipped bytes, cuts, repeated and dropped runs.
  @Test func sameAnswerForDamagedBodies() throws {
    let bodies = [
      try Builder.encoded(Self.varied()), try Builder.encoded(Builder.realistic(spans: 4)),
      try TestSupport.fixture("otlp/traces.binpb"),
    ]
    var random = SplitMix64(seed: 2026)
    var refused = 0
    for round in 0..<3000 {
      var body = bodies[round % bodies.count]
      for _ in 0..<(random.next() % 4 == 0 ? 2 : 1) {
        let at = Int(random.next() % UInt64(body.count))
        switch random.next() % 4 {
        case 0: body[at] ^= UInt8(truncatingIfNeeded: 1 << (random.next() % 8))
        case 1: body.removeSubrange(at...)
        case 2:
          let end = min(body.count, at + Int(random.next() % 16) + 1)
          body.insert(contentsOf: body[at..<end], at: at)
        default: body.removeSubrange(at..<min(body.count, at + Int(random.next() % 8) + 1))
        }
        if body.isEmpty { break }
      }
      let expected = Self.reference(body, limits: OTLPLimits())
      if expected == .refused { refused += 1 }
      #expect(Self.reader(body, limits: OTLPLimits()) == expected, "round \(round)")
    }
    // Both outcomes occur, so both are compared.
    #expect(refused > 300 && refused < 2700, "\(refused) of 3000 refused")
  }

  @Test func asciiCheckSeesAHighByteAnywhere() {
    for length in 0...17 {
      let ascii = [UInt8](repeating: 0x61, count: length)
      #expect(ascii.withUnsafeBytes { ProtobufWireReader.isASCII($0) })
      for position in 0..<length {
        var bytes = ascii
        bytes[position] = 0xC3
        #expect(!bytes.withUnsafeBytes { ProtobufWireReader.isASCII($0) }, "\(length) \(position)")
      }
    }
  }

  @Test func recentStringsGiveEachBytesTheirOwnText() throws {
    var strings = RecentStrings()
    var random = SplitMix64(seed: 5)
    // 600 strings over 256 slots: hits, misses and collisions.
    let pool = (0..<600).map { index in
      "attribute.key.\(index)" + String(repeating: "é", count: index % 40)
    }
    var wrong = 0
    for _ in 0..<5_000 {
      let text = pool[Int(random.next() % UInt64(pool.count))]
      let read = try Array(text.utf8).withUnsafeBytes { try strings.text($0) }
      if read != text { wrong += 1 }
    }
    #expect(wrong == 0)
    let invalid = [UInt8](repeating: 0x61, count: 20) + [0xFF]
    #expect(throws: ProtobufWireReader.Failure.self) {
      try invalid.withUnsafeBytes { try strings.text($0) }
    }
  }

  // MARK: - hand-built wire

  /// A span with valid ids and a name, followed by `extra` bytes of fields.
  static func span(extra: [UInt8]) -> [UInt8] {
    let trace: [UInt8] = [0x0A, 0x10] + (1...16).map { UInt8($0) }
    let id: [UInt8] = [0x12, 0x08] + (1...8).map { UInt8($0) }
    return trace + id + [0x2A, 0x01, 0x73] + extra
  }

  /// A `KeyValue` field (9) with `key` and each of `values` as a value field.
  static func keyValue(key: [UInt8], values: [[UInt8]]) -> [UInt8] {
    var body = lengthDelimited(1, key)
    for value in values { body += lengthDelimited(2, value) }
    return lengthDelimited(9, body)
  }

  /// A request of one resource, one scope and `span`.
  static func request(span: [UInt8]) -> [UInt8] {
    lengthDelimited(1, lengthDelimited(2, lengthDelimited(2, span)))
  }

  static func lengthDelimited(_ field: UInt8, _ bytes: [UInt8]) -> [UInt8] {
    var length = bytes.count
    var varint: [UInt8] = []
    while length >= 0x80 {
      varint.append(UInt8(length & 0x7F) | 0x80)
      length >>= 7
    }
    varint.append(UInt8(length))
    return [field << 3 | 2] + varint + bytes
  }
}
