import LookoutCore
import Testing

@testable import LookoutIngest

@Suite("SentryTransactionDecoder")
struct SentryTransactionDecoderTests {
  static let receivedAt: Int64 = 1_717_600_000_000_000

  static func decode(_ json: String) throws -> [SpanRecord] {
    try SentryTransactionDecoder.decode(Array(json.utf8), receivedAt: receivedAt)
  }

  @Test func decodesARootAndTwoChildSpans() throws {
    let spans = try Self.decode(SentryEventFixtures.pythonTransaction)
    let trace = "4bf92f3577b34da6a3ce929d0e0e4736"
    let expected = [
      SpanRecord(
        traceID: trace, spanID: "00f067aa0ba902b7", parentSpanID: "a1b2c3d4e5f60718",
        service: "web-1", name: "/orders/{order_id}", kind: .server,
        start: 1_717_590_645_000_000, duration: 250_000, status: .ok,
        attributes: [
          "region": "eu", "thread.name": "MainThread", "sentry.op": "http.server",
          "http.request.method": "GET", "url.full": "http://shop.example/orders/17",
          "service.version": "shop@1.4.2",
        ],
        environment: "staging"),
      SpanRecord(
        traceID: trace, spanID: "b2c3d4e5f6071829", parentSpanID: "00f067aa0ba902b7",
        service: "web-1", name: "db SELECT * FROM orders WHERE id = %s", kind: .client,
        start: 1_717_590_645_010_000, duration: 50_000, status: .unset,
        attributes: [
          "cache": "miss", "db.system": "postgresql", "db.name": "shop", "db.rows": "1",
          "db.cached": "false", "sentry.op": "db",
        ],
        environment: "staging"),
      SpanRecord(
        traceID: trace, spanID: "c3d4e5f607182930", parentSpanID: "b2c3d4e5f6071829",
        service: "web-1", name: "http.client GET https://payments.example/charge",
        kind: .client, start: 1_717_590_645_100_000, duration: 100_000, status: .error,
        statusMessage: "internal_error",
        attributes: [
          "http.method": "GET", "http.response.status_code": "500",
          "url": "https://payments.example/charge", "sentry.op": "http.client",
        ],
        environment: "staging"),
    ]
    #expect(spans.count == 3)
    for (span, want) in zip(spans, expected) {
      #expect(span.attributes == want.attributes)
      #expect(span == want)
    }
  }

  @Test func fillsGapsFromTheTransaction() throws {
    // No server_name: the SDK name is the service. A child without times, parent or op
    // takes the root's start, hangs under the root and is named by its description.
    let spans = try Self.decode(
      #"{"contexts":{"trace":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","#
        + #""span_id":"00f067aa0ba902b7"}},"start_timestamp":1717590645,"#
        + #""sdk":{"name":"sentry.python"},"spans":[{"span_id":"b2c3d4e5f6071829","#
        + #""description":"  render  "},{"description":"no id"},7]}"#)
    #expect(spans.count == 2)
    let root = try #require(spans.first)
    #expect(root.service == "sentry.python")
    #expect(root.name == "")
    #expect(root.kind == .internal)
    #expect(root.parentSpanID == "")
    #expect(root.start == 1_717_590_645_000_000)
    #expect(root.duration == Self.receivedAt - 1_717_590_645_000_000)
    #expect(root.status == .unset)
    #expect(root.environment == "production")
    #expect(root.attributes.isEmpty)
    let child = spans[1]
    #expect(child.parentSpanID == "00f067aa0ba902b7")
    #expect(child.traceID == root.traceID)
    #expect(child.name == "render")
    #expect(child.start == root.start)
    #expect(child.duration == 0)
  }

  @Test func clampsNegativeDurations() throws {
    let spans = try Self.decode(
      #"{"contexts":{"trace":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","#
        + #""span_id":"00f067aa0ba902b7","op":"task"}},"transaction":"nightly","#
        + #""start_timestamp":"2024-06-05T12:30:46Z","timestamp":"2024-06-05T12:30:45Z"}"#)
    #expect(spans.map(\.duration) == [0])
    #expect(spans.first?.name == "nightly")
  }

  @Test(arguments: [
    (#""ok""#, SpanRecord.Status.ok, ""),
    (#""internal_error""#, .error, "internal_error"),
    (#""cancelled""#, .error, "cancelled"),
    (#""not_found""#, .error, "not_found"),
    ("null", .unset, ""),
    (#""""#, .unset, ""),
    ("500", .unset, ""),
  ])
  func mapsStatus(_ status: String, _ expected: SpanRecord.Status, _ message: String) throws {
    let spans = try Self.decode(
      #"{"contexts":{"trace":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","#
        + #""span_id":"00f067aa0ba902b7","status":\#(status)}},"spans":[{"#
        + #""span_id":"b2c3d4e5f6071829","status":\#(status)}]}"#)
    #expect(spans.map(\.status) == [expected, expected])
    #expect(spans.map(\.statusMessage) == [message, message])
  }

  @Test(arguments: [
    ("http.server", SpanRecord.Kind.server), ("http.client", .client), ("db", .client),
    ("db.sql.query", .client), ("cache.get", .client), ("redis", .client),
    ("queue.submit.celery", .producer), ("queue.task.celery", .consumer),
    ("queue.publish", .producer), ("queue.process", .consumer), ("function", .internal),
    ("", .internal), ("http", .internal),
  ])
  func mapsOperationsToKinds(_ op: String, _ kind: SpanRecord.Kind) {
    #expect(SentryTransactionDecoder.kind(op: op) == kind)
  }

  @Test(arguments: [
    #"{"contexts":{}}"#,
    #"{"contexts":{"trace":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}}}"#,
    #"{"contexts":{"trace":{"trace_id":"xyz","span_id":"00f067aa0ba902b7"}}}"#,
    #"{"type":"transaction"}"#,
  ])
  func requiresATraceContext(_ json: String) {
    #expect(throws: SentryEventError.missingTraceContext) { try Self.decode(json) }
  }

  @Test func rejectsWhatIsNotAnObject() {
    #expect(throws: SentryEventError.notAnObject) { try Self.decode("[]") }
    #expect(throws: SentryEventError.tooDeeplyNested(limit: SentryEventDecoder.maxDepth)) {
      try Self.decode(
        String(repeating: "{\"a\":", count: 100) + "1" + String(repeating: "}", count: 100))
    }
  }
}
