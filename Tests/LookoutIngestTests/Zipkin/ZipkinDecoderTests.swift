import LookoutCore
import Testing

@testable import LookoutIngest

@Suite("ZipkinDecoder")
struct ZipkinDecoderTests {
  static let receivedAt: Int64 = 1_700_000_000_000_000

  static func decode(_ json: String, decoder: ZipkinDecoder = .init()) throws -> ZipkinBatch {
    try decoder.decode(Array(json.utf8), receivedAt: receivedAt)
  }

  @Test func decodesABraveStyleClientSpan() throws {
    let batch = try Self.decode(
      #"""
      [{
        "traceId": "5AF7183FB1D4CF5F", "parentId": "6b221d5bc9e6496c", "id": "352bff9a74ca9ad2",
        "kind": "CLIENT", "name": "get /api", "timestamp": 1556604172355737, "duration": 1431,
        "localEndpoint": {"serviceName": "Frontend", "ipv4": "192.168.99.1", "port": 3306},
        "remoteEndpoint": {"serviceName": "backend", "ipv4": "172.19.0.2", "port": 9000},
        "annotations": [{"timestamp": 1556604172356000, "value": "wire send"}],
        "tags": {"http.method": "GET", "http.path": "/api", "http.status_code": "503",
                 "error": "upstream timed out", "clnt/finagle.version": "6.45.0"}
      }]
      """#)
    #expect(batch.rejected == 0)
    let expected = SpanRecord(
      traceID: "00000000000000005af7183fb1d4cf5f", spanID: "352bff9a74ca9ad2",
      parentSpanID: "6b221d5bc9e6496c", service: "Frontend", name: "get /api", kind: .client,
      start: 1_556_604_172_355_737, duration: 1431, status: .error,
      statusMessage: "upstream timed out",
      attributes: [
        "network.local.address": "192.168.99.1", "network.local.port": "3306",
        "peer.service": "backend", "network.peer.address": "172.19.0.2",
        "network.peer.port": "9000", "server.address": "172.19.0.2", "server.port": "9000",
        "http.request.method": "GET", "url.path": "/api", "http.response.status_code": "503",
        "clnt/finagle.version": "6.45.0",
      ],
      events: [SpanRecord.Event(time: 1_556_604_172_356_000, name: "wire send")])
    #expect(batch.spans == [expected])
  }

  @Test(arguments: [
    ("463ac35c9f6413ad", "0000000000000000463ac35c9f6413ad"),
    ("463AC35C9F6413AD48485A3953BB6124", "463ac35c9f6413ad48485a3953bb6124"),
    ("3c9f6413ad", "0000000000000000000000" + "3c9f6413ad"),
    ("a3ac35c9f6413ad48485a3953bb6124", "0a3ac35c9f6413ad48485a3953bb6124"),
  ])
  func padsTraceIDsTo32Digits(sent: String, stored: String) throws {
    let batch = try Self.decode(#"[{"traceId":"\#(sent)","id":"1","name":"x"}]"#)
    #expect(batch.spans.map(\.traceID) == [stored])
    #expect(batch.spans.map(\.spanID) == ["0000000000000001"])
  }

  @Test func keepsTheHalvesOfASharedSpanApart() throws {
    let batch = try Self.decode(
      #"""
      [
        {"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312","parentId":"463ac35c9f6413ad",
         "kind":"CLIENT","name":"get","timestamp":10,"duration":100,
         "localEndpoint":{"serviceName":"frontend"}},
        {"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312","parentId":"463ac35c9f6413ad",
         "kind":"SERVER","shared":true,"name":"get","timestamp":20,"duration":80,
         "localEndpoint":{"serviceName":"backend"},
         "remoteEndpoint":{"ipv6":"2001:db8::c001","port":51234}}
      ]
      """#)
    #expect(batch.spans.count == 2)
    let client = batch.spans[0]
    let server = batch.spans[1]
    #expect(client.spanID == "a2fb4a1d1a96d312")
    #expect(server.spanID != client.spanID)
    #expect(server.spanID == ZipkinDecoder.sharedServerSpanID("a2fb4a1d1a96d312"))
    #expect(server.spanID.utf8.count == 16)
    #expect(server.parentSpanID == client.spanID)
    #expect(server.attributes["zipkin.shared_span_id"] == "a2fb4a1d1a96d312")
    #expect(server.attributes["client.address"] == "2001:db8::c001")
    #expect(server.attributes["client.port"] == "51234")
    #expect(server.service == "backend")
    // The same server half sent again gets the same id: a repeat, not a third span.
    let again = try Self.decode(
      #"[{"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312","kind":"SERVER","shared":true}]"#)
    #expect(again.spans.map(\.spanID) == [server.spanID])
  }

  @Test func fillsMissingFields() throws {
    let batch = try Self.decode(#"[{"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312"}]"#)
    let span = try #require(batch.spans.first)
    #expect(span.service == "unknown")
    #expect(span.name == "")
    #expect(span.kind == .internal)
    #expect(span.start == Self.receivedAt)
    #expect(span.duration == 0)
    #expect(span.parentSpanID == "")
    #expect(span.status == .unset)
    #expect(span.attributes.isEmpty)
  }

  @Test func rejectsSpansWithBadIdsAndKeepsTheOthers() throws {
    let batch = try Self.decode(
      #"""
      [
        {"traceId":"463ac35c9f6413ad","id":"0000000000000001","name":"kept"},
        {"traceId":"xyz","id":"0000000000000002"},
        {"traceId":"00000000000000000000000000000000","id":"0000000000000003"},
        {"traceId":"463ac35c9f6413ad48485a3953bb61240","id":"0000000000000004"},
        {"traceId":"463ac35c9f6413ad","id":"00000000000000005"},
        {"traceId":"463ac35c9f6413ad","id":"0000000000000006","parentId":"nope"},
        {"traceId":"463ac35c9f6413ad"},
        "not a span",
        {"traceId":"463ac35c9f6413ad","id":"0000000000000007","parentId":null,"name":"kept too"}
      ]
      """#)
    #expect(batch.spans.map(\.name) == ["kept", "kept too"])
    #expect(batch.rejected == 7)
    #expect(
      batch.rejectionExamples == [
        .invalidTraceID(index: 1, value: "xyz"),
        .invalidTraceID(index: 2, value: "00000000000000000000000000000000"),
        .invalidTraceID(index: 3, value: "463ac35c9f6413ad48485a3953bb61240"),
        .invalidSpanID(index: 4, value: "00000000000000005"),
        .invalidParentID(index: 5, value: "nope"),
        .invalidSpanID(index: 6, value: ""),
        .notAnObject(index: 7),
      ])
  }

  @Test(arguments: [
    ("{}", ZipkinDecodeError.notAnArray),
    (#"{"spans":[]}"#, .notAnArray),
    ("[", .invalidJSON("JSON ends early, expected a value")),
    ("", .invalidJSON("JSON ends early, expected a value")),
  ])
  func refusesBodiesThatAreNotArrays(body: String, expected: ZipkinDecodeError) {
    #expect(throws: expected) { try Self.decode(body) }
  }

  @Test func acceptsAnEmptyArray() throws {
    #expect(try Self.decode("[]") == ZipkinBatch())
  }

  @Test func readsOpenTelemetryStatusTags() throws {
    let batch = try Self.decode(
      #"""
      [{"traceId":"1","id":"1","tags":{"otel.status_code":"ERROR","otel.status_description":"boom"}},
       {"traceId":"1","id":"2","tags":{"otel.status_code":"OK"}},
       {"traceId":"1","id":"3","tags":{"error":""}}]
      """#)
    #expect(batch.spans.map(\.status) == [.error, .ok, .error])
    #expect(batch.spans.map(\.statusMessage) == ["boom", "", ""])
    #expect(batch.spans.allSatisfy { $0.attributes.isEmpty })
  }

  @Test func capsTagsAnnotationsAndSpans() throws {
    let tags = (0..<10).map { #""t\#($0)":"\#(String(repeating: "v", count: 50))""# }
    let annotations = (0..<5).map { #"{"timestamp":\#($0),"value":"a\#($0)"}"# }
    let span =
      #"{"traceId":"1","id":"1","tags":{\#(tags.joined(separator: ","))},"annotations":[\#(annotations.joined(separator: ","))]}"#
    let decoder = ZipkinDecoder(
      limits: .init(maxAttributes: 4, maxValueLength: 10, maxEvents: 2), maxSpans: 2)
    let batch = try Self.decode("[\(span),\(span),\(span)]", decoder: decoder)
    #expect(batch.spans.count == 2)
    #expect(batch.rejected == 1)
    #expect(batch.rejectionExamples == [.tooManySpans(limit: 2)])
    let first = batch.spans[0]
    #expect(first.attributes["lookout.dropped_attributes_count"] == "6")
    #expect(first.attributes["lookout.truncated_attributes_count"] == "4")
    #expect(first.attributes["t0"] == String(repeating: "v", count: 10))
    #expect(first.attributes["lookout.dropped_events_count"] == "3")
    #expect(first.events.map(\.name) == ["a0", "a1"])
  }
}
