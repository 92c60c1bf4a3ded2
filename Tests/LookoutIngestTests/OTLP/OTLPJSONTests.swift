import LookoutCore
import LookoutIngest
import Testing

/// OTLP/JSON edge cases: each document, decoded, gives exactly the spans written under it.
@Suite("OTLP JSON")
struct OTLPJSONTests {
  static let trace = "5b8efff798038103d269b633813fc60c"

  /// A request of one resource (`service.name=cart`) and one scope around `spans`.
  static func request(
    _ spans: String, resource: String = #"{"key":"service.name","value":{"stringValue":"cart"}}"#
  )
    -> String
  {
    #"{"resourceSpans":[{"resource":{"attributes":[\#(resource)]},"scopeSpans":[{"spans":[\#(spans)]}]}]}"#
  }

  static func decode(_ json: String) throws(OTLPDecodeError) -> OTLPTraceBatch {
    try OTLPTraceDecoder.decode(Array(json.utf8), encoding: .json)
  }

  struct Golden: Sendable, CustomTestStringConvertible {
    var name: String
    var json: String
    var spans: [SpanRecord]
    var testDescription: String { name }
  }

  static let goldens: [Golden] = [
    Golden(
      name: "int64 as strings, hex ids, enums as ints",
      json: request(
        #"{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","#
          + #""parentSpanId":"eee19b7ec3c1b173","name":"a","kind":2,"#
          + #""startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000","#
          + #""status":{"code":2,"message":"boom"}}"#),
      spans: [
        SpanRecord(
          traceID: trace, spanID: "eee19b7ec3c1b174", parentSpanID: "eee19b7ec3c1b173",
          service: "cart", name: "a", kind: .server, start: 1_544_712_660_000_000,
          duration: 1_000_000, status: .error, statusMessage: "boom")
      ]),
    Golden(
      name: "int64 as numbers, enum names, upper-case hex",
      json: request(
        #"{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","#
          + #""name":"b","kind":"SPAN_KIND_CONSUMER","startTimeUnixNano":1544712660000000000,"#
          + #""endTimeUnixNano":1544712660000500000,"status":{"code":"STATUS_CODE_OK"}}"#),
      spans: [
        SpanRecord(
          traceID: trace, spanID: "eee19b7ec3c1b174", service: "cart", name: "b",
          kind: .consumer, start: 1_544_712_660_000_000, duration: 500, status: .ok)
      ]),
    Golden(
      name: "base64 ids, snake_case keys, unknown fields and nulls ignored",
      json: request(
        #"{"trace_id":"W47/95gDgQPSabYzgT/GDA==","span_id":"7uGbfsPBsXQ=","#
          + #""parent_span_id":null,"name":"c","kind":null,"flags":257,"traceState":"x=1","#
          + #""start_time_unix_nano":"1000","end_time_unix_nano":"999","futureField":{"a":[1]},"#
          + #""attributes":[{"key":"k","value":{"stringValue":"v"},"key_strindex":3}]}"#),
      spans: [
        SpanRecord(
          traceID: trace, spanID: "eee19b7ec3c1b174", service: "cart", name: "c", start: 1,
          duration: 0, attributes: ["k": "v"])
      ]),
    Golden(
      name: "missing optional fields",
      json:
        #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}]}"#,
      spans: [
        SpanRecord(
          traceID: trace, spanID: "eee19b7ec3c1b174", service: "unknown_service", name: "",
          start: 0, duration: 0)
      ]),
    Golden(
      name: "values of every type, nested arrays and kvlists",
      json: request(
        #"{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"d","#
          + #""attributes":["#
          + #"{"key":"s","value":{"stringValue":"x\"y"}},"#
          + #"{"key":"b","value":{"boolValue":false}},"#
          + #"{"key":"i","value":{"intValue":"-42"}},"#
          + #"{"key":"n","value":{"intValue":7}},"#
          + #"{"key":"d","value":{"doubleValue":2.0}},"#
          + #"{"key":"e","value":{"doubleValue":"1.5e-9"}},"#
          + #"{"key":"inf","value":{"doubleValue":"-Infinity"}},"#
          + #"{"key":"bytes","value":{"bytesValue":"AAEC/w=="}},"#
          + #"{"key":"empty","value":{}},"#
          + #"{"key":"nothing"},"#
          + #"{"key":"arr","value":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"1"},"#
          + #"{"doubleValue":"NaN"},{"arrayValue":{"values":[{"boolValue":true}]}},{}]}}},"#
          + #"{"key":"kv","value":{"kvlistValue":{"values":[{"key":"x","value":{"intValue":"1"}},"#
          + #"{"key":"y","value":{"kvlistValue":{"values":[{"key":"z","value":{"bytesValue":"AQ=="}}]}}}]}}}"#
          + #"]}"#),
      spans: [
        SpanRecord(
          traceID: trace, spanID: "eee19b7ec3c1b174", service: "cart", name: "d", start: 0,
          duration: 0,
          attributes: [
            "s": #"x"y"#, "b": "false", "i": "-42", "n": "7", "d": "2", "e": "1.5e-9",
            "inf": "-Infinity", "bytes": "AAEC/w==", "empty": "", "nothing": "",
            "arr": #"["a",1,"NaN",[true],null]"#, "kv": #"{"x":1,"y":{"z":"AQ=="}}"#,
          ])
      ]),
    Golden(
      name: "resource and scope attributes, environment, events and links",
      json: #"{"resourceSpans":[{"resource":{"attributes":["#
        + #"{"key":"service.name","value":{"stringValue":"cart"}},"#
        + #"{"key":"deployment.environment","value":{"stringValue":"old"}},"#
        + #"{"key":"deployment.environment.name","value":{"stringValue":"prod"}},"#
        + #"{"key":"host.name","value":{"stringValue":"h1"}},"#
        + #"{"key":"shadowed","value":{"stringValue":"resource"}}]},"#
        + #""scopeSpans":[{"scope":{"name":"io.lib","version":"0.1"},"spans":[{"#
        + #""traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"e","#
        + #""attributes":[{"key":"resource.shadowed","value":{"stringValue":"span"}}],"#
        + #""events":[{"timeUnixNano":"2000","name":"exception","attributes":["#
        + #"{"key":"exception.type","value":{"stringValue":"KeyError"}}]}],"#
        + #""links":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331"},"#
        + #"{"traceId":"00000000000000000000000000000000","spanId":"b7ad6b7169203331"}],"#
        + #""droppedEventsCount":3}]}]}]}"#,
      spans: [
        SpanRecord(
          traceID: trace, spanID: "eee19b7ec3c1b174", service: "cart", name: "e", start: 0,
          duration: 0,
          attributes: [
            "resource.host.name": "h1", "resource.shadowed": "span",
            "otel.scope.name": "io.lib", "otel.scope.version": "0.1",
            "otel.dropped_events_count": "3", "lookout.dropped_links_count": "1",
          ],
          environment: "prod",
          events: [
            SpanRecord.Event(time: 2, name: "exception", attributes: ["exception.type": "KeyError"])
          ],
          links: [
            SpanRecord.Link(traceID: "0af7651916cd43dd8448eb211c80319c", spanID: "b7ad6b7169203331")
          ])
      ]),
    Golden(name: "an empty request", json: "{}", spans: []),
    Golden(name: "a request with null resourceSpans", json: #"{"resourceSpans":null}"#, spans: []),
  ]

  @Test(arguments: goldens)
  func golden(_ golden: Golden) throws {
    let batch = try Self.decode(golden.json)
    #expect(batch.rejectedSpans == 0)
    #expect(batch.spans.count == golden.spans.count)
    for (span, want) in zip(batch.spans, golden.spans) {
      #expect(span.attributes == want.attributes)
      #expect(span == want)
    }
  }

  @Test func rejectsSpansWithBadIdsAndKeepsTheRest() throws {
    let good =
      #"{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"ok"}"#
    let batch = try Self.decode(
      Self.request(
        [
          #"{"traceId":"5b8efff798038103d269b633813fc6","spanId":"eee19b7ec3c1b174","name":"short"}"#,
          good,
          #"{"traceId":"not an id!","spanId":"eee19b7ec3c1b174","name":"junk"}"#,
          #"{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"0000000000000000","name":"zero"}"#,
          #"{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"ab","name":"parent"}"#,
          #""a string, not a span""#,
        ].joined(separator: ",")))
    #expect(batch.spans.map(\.name) == ["ok"])
    #expect(batch.rejectedSpans == 5)
    // The JSON reader finds unreadable ids before the mapper checks lengths.
    #expect(batch.errorMessage.hasPrefix("5 spans rejected, the first: span \"junk\": trace_id"))
  }

  @Test func countsASpanThatIsNotAnObject() throws {
    let batch = try Self.decode(Self.request("42"))
    #expect(batch.spans.isEmpty)
    #expect(batch.rejectedSpans == 1)
    #expect(batch.errorMessage == "1 span rejected: unnamed span: not a JSON object")
  }

  @Test(arguments: [
    ("", "invalid JSON"), ("{", "invalid JSON"), (#"{"resourceSpans":[}"#, "invalid JSON"),
    ("[1]", "not a trace request"), (#"{"resourceSpans":{"a":1}}"#, "not a trace request"),
    (#"{"resourceLogs":[]}"#, "not a trace request"),
    (String(repeating: "[", count: 100_000), "invalid JSON"),
  ])
  func refusesDocumentsThatAreNotTraceExports(json: String, kind: String) {
    let error = #expect(throws: OTLPDecodeError.self) { try Self.decode(json) }
    switch error {
    case .invalidJSON: #expect(kind == "invalid JSON", "\(String(describing: error))")
    case .notATraceRequest: #expect(kind == "not a trace request", "\(String(describing: error))")
    case .invalidProtobuf, nil: Issue.record("wrong error: \(String(describing: error))")
    }
  }
}
