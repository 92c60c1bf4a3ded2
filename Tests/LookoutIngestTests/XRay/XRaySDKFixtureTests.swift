import LookoutCore
import Testing

@testable import LookoutIngest

/// Datagrams the real aws-xray-sdk 2.15.0 (Python) sent to a loopback UDP socket, recorded
/// by `Fixtures/xray/make_fixtures.py`, whose `expected.json` says what it recorded.
@Suite("X-Ray SDK fixtures")
struct XRaySDKFixtureTests {
  static func expected() throws -> JSONValue {
    try JSONParser.parse(TestSupport.fixture("xray/expected.json"))
  }

  /// The spans of every datagram of one recording, through the assembler, in order.
  static func assemble(_ name: String, count: Int) throws -> (
    spans: [SpanRecord], documents: [XRayDocument], assembler: XRayAssembler
  ) {
    var assembler = XRayAssembler()
    var spans: [SpanRecord] = []
    var documents: [XRayDocument] = []
    for index in 0..<count {
      let file = "xray/sdk-\(name)-" + (index < 10 ? "0" : "") + String(index) + ".datagram"
      let datagram = try XRayDatagram(TestSupport.fixture(file))
      let document = try XRayDocumentDecoder().decode(datagram.document)
      documents.append(document)
      spans += assembler.add(document, now: 1_000_000)
    }
    return (spans, documents, assembler)
  }

  @Test func checkoutSegmentMatchesWhatTheSDKRecorded() throws {
    let expected = try #require(try Self.expected()["checkout"])
    let count = try #require(expected["datagrams"]?.integer)
    let (spans, _, assembler) = try Self.assemble("checkout", count: count)
    #expect(assembler.pendingCount == 0)
    let trace = try #require(expected["trace_id"]?.string.flatMap(XRayTraceID.hex))
    let root = try #require(expected["segment_id"]?.string)
    #expect(spans.count == 4)
    #expect(spans.allSatisfy { $0.traceID == trace && $0.service == "checkout" })

    let segment = try #require(spans.first { $0.spanID == root })
    #expect(segment.parentSpanID == "")
    #expect(segment.kind == .server)
    #expect(segment.name == "POST /orders/42/checkout")
    #expect(segment.status == .error)
    #expect(segment.attributes["annotation.customer_tier"] == "gold")
    #expect(segment.attributes["annotation.items"] == "3")
    #expect(segment.attributes["metadata.shop.cart"] == #"{"sku":["A1","B2"]}"#)
    #expect(segment.attributes["http.response.status_code"] == "500")
    #expect(segment.attributes["client.address"] == "203.0.113.7")
    #expect(segment.attributes["user_agent.original"] == "curl/8.5.0")
    #expect(segment.attributes["aws.xray.sdk"] == "X-Ray for Python")

    let http = try #require(spans.first { $0.spanID == expected["http_id"]?.string })
    #expect(http.parentSpanID == root)
    #expect(http.kind == .client)
    #expect(http.name == "payments.example")
    #expect(http.attributes["http.response.status_code"] == "201")
    #expect(http.attributes["server.address"] == "payments.example")

    let sql = try #require(spans.first { $0.spanID == expected["sql_id"]?.string })
    #expect(sql.parentSpanID == root)
    #expect(sql.kind == .client)
    #expect(sql.attributes["db.system"] == "postgresql")
    #expect(sql.attributes["db.name"] == "shop")
    #expect(sql.attributes["db.user"] == "app")
    #expect(sql.attributes["server.address"] == "db.example")
    #expect(sql.attributes["db.statement"] == "SELECT * FROM orders WHERE id = %s")

    let failing = try #require(spans.first { $0.spanID == expected["failing_id"]?.string })
    #expect(failing.parentSpanID == root)
    #expect(failing.kind == .internal)
    #expect(failing.status == .error)
    #expect(failing.statusMessage == "out of stock: B2")
    let exception = try #require(failing.events.first)
    #expect(failing.events.count == 1)
    #expect(exception.name == "exception")
    #expect(exception.time == failing.start + failing.duration)
    #expect(exception.attributes["exception.type"] == "ValueError")
    #expect(exception.attributes["exception.message"] == "out of stock: B2")
    #expect(
      exception.attributes["exception.stacktrace"]?.hasPrefix("  at <module> (make_fixtures.py:")
        == true)
  }

  @Test func streamedSubsegmentsJoinTheirSegment() throws {
    let expected = try #require(try Self.expected()["batch"])
    let count = try #require(expected["datagrams"]?.integer)
    let (spans, documents, assembler) = try Self.assemble("batch", count: count)
    // The SDK streamed finished subsegments ahead of the segment.
    #expect(documents.filter { $0.kind == .subsegment }.count >= 30)
    #expect(documents.last?.kind == .segment)
    #expect(assembler.pendingCount == 0)

    let root = try #require(expected["segment_id"]?.string)
    let children = try #require(expected["children"]?.array).compactMap(\.string)
    #expect(children.count == 35)
    #expect(spans.count == 36)
    #expect(spans.allSatisfy { $0.service == "batch" })
    #expect(Set(spans.map(\.spanID)) == Set(children + [root]))
    #expect(spans.filter { $0.spanID != root }.allSatisfy { $0.parentSpanID == root })
    #expect(
      Set(spans.filter { $0.spanID != root }.map(\.name))
        == Set((0..<35).map { "step-\($0)" }))
  }
}
