import Foundation
import LookoutCore
import LookoutIngest
import Testing

/// Real exports of the OpenTelemetry Python SDK (`Fixtures/otlp/make_fixtures.py`):
/// decoded, they must be exactly the spans the SDK held (`expected.json`, written by the
/// same script from the spans it created).
@Suite("OTLP SDK fixtures")
struct OTLPSDKFixtureTests {
  /// A field of an expected.json object, of the type asked for.
  static func field<T>(_ object: [String: Any], _ key: String, as type: T.Type = T.self) throws
    -> T
  {
    try #require(object[key] as? T, "expected.json: \(key) is missing or not \(T.self)")
  }

  static func expectedSpans() throws -> [SpanRecord] {
    let data = Data(try TestSupport.fixture("otlp/expected.json"))
    let spans = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    return try spans.map { span in
      let kind: String = try field(span, "kind")
      let status: String = try field(span, "status")
      let events: [[String: Any]] = try field(span, "events")
      let links: [[String: Any]] = try field(span, "links")
      return SpanRecord(
        traceID: try field(span, "traceID"), spanID: try field(span, "spanID"),
        parentSpanID: try field(span, "parentSpanID"), service: try field(span, "service"),
        name: try field(span, "name"), kind: try #require(SpanRecord.Kind(rawValue: kind)),
        start: try field(span, "start"), duration: try field(span, "duration"),
        status: try #require(SpanRecord.Status(rawValue: status)),
        statusMessage: try field(span, "statusMessage"),
        attributes: try field(span, "attributes"), environment: try field(span, "environment"),
        events: try events.map { event in
          SpanRecord.Event(
            time: try field(event, "time"), name: try field(event, "name"),
            attributes: try field(event, "attributes"))
        },
        links: try links.map { link in
          SpanRecord.Link(
            traceID: try field(link, "traceID"), spanID: try field(link, "spanID"),
            attributes: try field(link, "attributes"))
        })
    }
  }

  @Test(arguments: [
    ("otlp/traces.binpb", OTLPEncoding.protobuf), ("otlp/traces.json", OTLPEncoding.json),
  ])
  func decodesWhatTheSDKCreated(fixture: String, encoding: OTLPEncoding) throws {
    let batch = try OTLPTraceDecoder.decode(
      try TestSupport.fixture(fixture), encoding: encoding)
    let expected = try Self.expectedSpans()
    #expect(batch.rejectedSpans == 0)
    #expect(batch.errorMessage == "")
    #expect(batch.spans.count == expected.count)
    for (span, want) in zip(batch.spans, expected) {
      // Field by field first, so a failure shows which part differs.
      #expect(span.attributes == want.attributes)
      #expect(span.events == want.events)
      #expect(span.links == want.links)
      #expect(span == want)
    }
  }

  /// The same facts written out by hand, so the expectations do not rest on the script's
  /// conversion alone.
  @Test func theServerSpanReadsAsWritten() throws {
    let batch = try OTLPTraceDecoder.decode(
      try TestSupport.fixture("otlp/traces.binpb"), encoding: .protobuf)
    let server = try #require(batch.spans.first { $0.kind == .server })
    let child = try #require(batch.spans.first { $0.kind == .client })
    #expect(server.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
    #expect(server.spanID == "00f067aa0ba902b7")
    #expect(server.parentSpanID == "")
    #expect(child.parentSpanID == server.spanID)
    #expect(server.service == "checkout")
    #expect(server.environment == "staging")
    #expect(server.start == 1_717_545_600_123_456)
    #expect(server.duration == 12_346)  // 135802467 ns / 1000 - 123456789 ns / 1000
    #expect(server.status == .error)
    #expect(server.statusMessage == "cart lookup failed")
    #expect(server.isFault)
    let attributes = server.attributes
    #expect(attributes["http.response.status_code"] == "500")
    #expect(attributes["sampled"] == "true")
    #expect(attributes["ratio"] == "0.25")
    #expect(attributes["big"] == "-9007199254740993")
    #expect(attributes["tags"] == #"["a","b\"q"]"#)
    #expect(attributes["flags"] == "[true,false]")
    #expect(attributes["sizes"] == "[1,2,3]")
    #expect(attributes["weights"] == "[0.5,1e-7]")
    #expect(attributes["unicode"] == "café ☕")
    #expect(attributes["resource.host.name"] == "web-1")
    #expect(attributes["resource.service.name"] == nil)
    #expect(attributes["otel.scope.name"] == "lookout.fixtures")
    #expect(attributes["otel.scope.version"] == "1.2.3")
    #expect(server.events.map(\.name) == ["cache miss", "exception"])
    let exception = server.events[1].attributes
    #expect(exception["exception.type"] == "ValueError")
    #expect(exception["exception.message"] == "cart 42 not found")
    #expect(
      exception["exception.stacktrace"]?.hasPrefix("Traceback (most recent call last):") == true)
    #expect(
      server.links == [
        SpanRecord.Link(
          traceID: "0af7651916cd43dd8448eb211c80319c", spanID: "b7ad6b7169203331",
          attributes: ["link.reason": "retry of", "attempt": "2"])
      ])
  }
}
