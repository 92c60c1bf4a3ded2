import Foundation
import LookoutCore
import Testing

@testable import LookoutIngest

@Suite("XRayDocumentDecoder")
struct XRayDocumentDecoderTests {
  static func decode(_ document: String, limits: XRayDocumentDecoder.Limits = .init()) throws
    -> XRayDocument
  {
    try XRayDocumentDecoder(limits: limits).decode(Array(document.utf8))
  }

  @Test func decodesAWholeSegmentWithNestedSubsegments() throws {
    let document = try Self.decode(XRayDocuments.orderSegment)
    let trace = XRayDocuments.traceHex
    #expect(document.kind == .segment)
    #expect(document.traceID == trace)
    #expect(document.id == "70de5b6f19ff9a0a")
    #expect(document.parentID == "")
    #expect(document.droppedSubsegments == 0)
    let expected = [
      SpanRecord(
        traceID: trace, spanID: "70de5b6f19ff9a0a", service: "orders-api",
        name: "POST /orders/42", kind: .server, start: 1_602_537_377_500_000, duration: 312_345,
        status: .error, statusMessage: "'sku'",
        attributes: [
          "xray.origin": "AWS::ECS::Container", "enduser.id": "alice", "service.version": "1.4.2",
          "http.request.method": "POST", "url.full": "https://api.example.com/orders/42?debug=1",
          "url.path": "/orders/42", "user_agent.original": "curl/8.5.0",
          "client.address": "203.0.113.7", "xray.x_forwarded_for": "true",
          "http.response.status_code": "500", "http.response.body.size": "87",
          "aws.elastic_beanstalk.environment_name": "prod-eu",
          "annotation.tier": "gold", "annotation.items": "3", "annotation.retry": "false",
          "metadata.default.cart": #"{"sku":["A1","B2"]}"#, "metadata.debug.n": "1",
        ],
        environment: "prod-eu",
        events: [
          SpanRecord.Event(
            time: 1_602_537_377_812_345, name: "exception",
            attributes: [
              "exception.type": "KeyError", "exception.message": "'sku'",
              "exception.stacktrace": "  at create (app/orders.py:42)\n  at post (app/views.py:7)",
              "xray.exception.id": "e1",
            ])
        ]),
      SpanRecord(
        traceID: trace, spanID: "a1b2c3d4e5f60001", parentSpanID: "70de5b6f19ff9a0a",
        service: "orders-api", name: "shop@db.internal", kind: .client,
        start: 1_602_537_377_510_000, duration: 20_000,
        attributes: [
          "peer.service": "shop@db.internal", "xray.namespace": "remote",
          "db.statement": "SELECT * FROM orders WHERE id = $1", "db.system": "postgresql",
          "db.user": "app", "db.name": "shop", "server.address": "db.internal",
          "server.port": "5432", "xray.sql.database_version": "16.2",
          "xray.sql.driver_version": "psycopg2 2.9.9",
        ],
        environment: "prod-eu"),
      SpanRecord(
        traceID: trace, spanID: "a1b2c3d4e5f60002", parentSpanID: "70de5b6f19ff9a0a",
        service: "orders-api", name: "charge", kind: .internal, start: 1_602_537_377_540_000,
        duration: 160_000, environment: "prod-eu"),
      SpanRecord(
        traceID: trace, spanID: "a1b2c3d4e5f60003", parentSpanID: "a1b2c3d4e5f60002",
        service: "orders-api", name: "payments.example", kind: .client,
        start: 1_602_537_377_550_000, duration: 140_000,
        attributes: [
          "peer.service": "payments.example", "xray.namespace": "remote",
          "http.request.method": "POST", "url.full": "https://payments.example:8443/charge",
          "url.path": "/charge", "server.address": "payments.example", "server.port": "8443",
          "http.response.status_code": "429", "xray.error": "true", "xray.throttle": "true",
        ],
        environment: "prod-eu"),
      SpanRecord(
        traceID: trace, spanID: "a1b2c3d4e5f60004", parentSpanID: "70de5b6f19ff9a0a",
        service: "orders-api", name: "DynamoDB", kind: .client, start: 1_602_537_377_710_000,
        duration: 90_000,
        attributes: [
          "peer.service": "DynamoDB", "xray.namespace": "aws", "aws.operation": "PutItem",
          "cloud.region": "eu-west-1", "aws.dynamodb.table_names": "orders",
          "aws.request_id": "R2D2", "aws.retries": "1", "aws.resource_names": #"["orders"]"#,
        ],
        environment: "prod-eu"),
    ]
    #expect(document.spans.count == expected.count)
    for (span, want) in zip(document.spans, expected) {
      #expect(span == want)
    }
    // The span model's rules read the flags as X-Ray does.
    #expect(document.spans[0].isFault)
    #expect(document.spans[3].isClientError)
  }

  @Test func aSegmentWithAParentIsADownstreamServer() throws {
    let document = try Self.decode(
      XRayDocuments.segment(id: "00000000000000b1", name: "billing", parent: "00000000000000a1"))
    #expect(document.parentID == "00000000000000a1")
    #expect(document.spans[0].parentSpanID == "00000000000000a1")
    #expect(document.spans[0].kind == .server)
    #expect(document.spans[0].name == "billing")
    #expect(document.spans[0].service == "billing")
  }

  @Test func aStandaloneSubsegmentHasNoServiceYet() throws {
    let document = try Self.decode(
      XRayDocuments.standalone(
        id: "00000000000000c1", parent: "00000000000000a1",
        subsegments: [XRayDocuments.nested(id: "00000000000000c2")]))
    #expect(document.kind == .subsegment)
    #expect(document.parentID == "00000000000000a1")
    #expect(document.spans.map(\.spanID) == ["00000000000000c1", "00000000000000c2"])
    #expect(document.spans.map(\.parentSpanID) == ["00000000000000a1", "00000000000000c1"])
    #expect(document.spans.allSatisfy { $0.service.isEmpty && $0.kind == .internal })
  }

  @Test func anInProgressSegmentIsMarkedWithZeroDuration() throws {
    let document = try Self.decode(XRayDocuments.segment(id: "00000000000000a1", end: nil))
    #expect(document.spans[0].isXRayInProgress)
    #expect(document.spans[0].duration == 0)
  }

  @Test func skipsACauseThatOnlyNamesAnException() throws {
    let document = try Self.decode(
      String(XRayDocuments.segment(id: "00000000000000a1").dropLast())
        + #","fault":true,"cause":"4fa2b3c1d0e9f8a7"}"#)
    #expect(document.spans[0].events.isEmpty)
    #expect(document.spans[0].status == .error)
    #expect(document.spans[0].statusMessage == "")
  }

  @Test func sqlWithoutURLTakesTheDatabaseFromTheName() throws {
    let document = try Self.decode(
      XRayDocuments.segment(
        id: "00000000000000a1",
        subsegments: [
          #"{"id":"00000000000000a2","name":"inventory@mysql.internal","start_time":100,"end_time":100.5,"sql":{"database_type":"MySQL","sanitized_query":"SELECT 1"}}"#
        ]))
    let sql = document.spans[1]
    #expect(sql.kind == .client)
    #expect(sql.attributes["db.system"] == "mysql")
    #expect(sql.attributes["db.name"] == "inventory")
    #expect(sql.attributes["server.address"] == "mysql.internal")
  }

  @Test(arguments: [
    ("1-5f84c7a1-1234567890abcdef1234567", "short random part"),
    ("1-5f84c7a-1234567890abcdef12345678", "short time part"),
    ("2-5f84c7a1-1234567890abcdef12345678", "version 2"),
    ("1-5f84c7a1-1234567890abcdef1234567g", "not hex"),
    ("5f84c7a11234567890abcdef12345678", "no dashes"),
    ("1-5f84c7a1-1234567890abcdef-12345678", "four parts"),
  ])
  func rejectsMalformedTraceIDs(traceID: String, why: String) {
    let document = XRayDocuments.segment(id: "00000000000000a1")
      .replacingOccurrences(of: XRayDocuments.traceXRay, with: traceID)
    #expect(throws: XRayDocumentError.invalidTraceID(traceID), "\(why)") {
      try Self.decode(document)
    }
  }

  @Test(arguments: [
    (#"{"id":"#, XRayDocumentError.invalidJSON("JSON ends early, expected a value")),
    ("[]", .notAnObject),
    (#"{"id":"00000000000000a1"}"#, .missingField("trace_id")),
    (
      #"{"trace_id":"1-5f84c7a1-1234567890abcdef12345678","id":"xyz","name":"a","start_time":1,"end_time":2}"#,
      .invalidSpanID(field: "id", value: "xyz")
    ),
    (
      #"{"trace_id":"1-5f84c7a1-1234567890abcdef12345678","id":"00000000000000a1","start_time":1,"end_time":2}"#,
      .missingField("name")
    ),
    (
      #"{"trace_id":"1-5f84c7a1-1234567890abcdef12345678","id":"00000000000000a1","name":"a","start_time":"x","end_time":2}"#,
      .invalidTime(field: "start_time")
    ),
    (
      #"{"trace_id":"1-5f84c7a1-1234567890abcdef12345678","id":"00000000000000a1","name":"a","start_time":1}"#,
      .invalidTime(field: "end_time")
    ),
    (
      #"{"type":"subsegment","trace_id":"1-5f84c7a1-1234567890abcdef12345678","id":"00000000000000a1","name":"a","start_time":1,"end_time":2}"#,
      .missingField("parent_id")
    ),
    (
      #"{"trace_id":"1-5f84c7a1-1234567890abcdef12345678","parent_id":"12","id":"00000000000000a1","name":"a","start_time":1,"end_time":2}"#,
      .invalidSpanID(field: "parent_id", value: "12")
    ),
  ])
  func rejectsMalformedDocuments(document: String, expected: XRayDocumentError) {
    #expect(throws: expected) { try Self.decode(document) }
  }

  @Test func dropsAndCountsBrokenNestedSubsegments() throws {
    let document = try Self.decode(
      XRayDocuments.segment(
        id: "00000000000000a1",
        subsegments: [
          #"{"id":"bad","name":"x","start_time":1,"end_time":2,"subsegments":[{"id":"00000000000000a9"}]}"#,
          "42",
          XRayDocuments.nested(id: "00000000000000a2"),
        ]))
    #expect(document.spans.map(\.spanID) == ["00000000000000a1", "00000000000000a2"])
    #expect(document.droppedSubsegments == 3)
    #expect(document.spans[0].attributes["lookout.dropped_subsegments_count"] == "3")
  }

  /// Subsegments nested `levels` deep under one segment.
  static func chain(levels: Int) -> String {
    var inner: [String] = []
    for level in stride(from: levels, through: 1, by: -1) {
      let id = String(level, radix: 16)
      let padded = String(repeating: "0", count: 16 - id.count) + id
      inner = [XRayDocuments.nested(id: padded, subsegments: inner)]
    }
    return XRayDocuments.segment(id: "ffffffffffffffff", subsegments: inner)
  }

  @Test func keepsSubsegmentsUpToTheDepthCap() throws {
    let document = try Self.decode(Self.chain(levels: 70))
    #expect(document.spans.count == 65)
    #expect(document.droppedSubsegments == 6)
    #expect(document.spans.last?.spanID == "0000000000000040")
  }

  @Test func refusesNestingPastWhatTheParserAccepts() {
    #expect {
      try Self.decode(Self.chain(levels: 200))
    } throws: { error in
      guard case XRayDocumentError.invalidJSON = error else { return false }
      return true
    }
  }

  @Test func capsSpansPerDocument() throws {
    let children = (1...20).map {
      XRayDocuments.nested(id: "00000000000000" + String(format: "%02x", $0))
    }
    let document = try Self.decode(
      XRayDocuments.segment(id: "ffffffffffffffff", subsegments: children),
      limits: .init(maxSpans: 5))
    #expect(document.spans.count == 5)
    #expect(document.droppedSubsegments == 16)
  }

  @Test func capsAttributesAndEventsPerSpan() throws {
    let annotations = (0..<200).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
    let exceptions = (0..<5).map { #"{"type":"E\#($0)","message":"m"}"# }.joined(separator: ",")
    let document =
      XRayDocuments.segment(id: "00000000000000a1")
      .dropLast()
      + #","annotations":{\#(annotations)},"fault":true,"cause":{"exceptions":[\#(exceptions)]}}"#
    let span = try Self.decode(
      String(document), limits: .init(span: .init(maxAttributes: 128, maxEvents: 2))
    ).spans[0]
    #expect(span.attributes.count == 128 + 2)
    #expect(span.attributes["lookout.dropped_attributes_count"] == "72")
    #expect(span.attributes["lookout.dropped_events_count"] == "3")
    #expect(span.events.map { $0.attributes["exception.type"] } == ["E0", "E1"])
  }
}
