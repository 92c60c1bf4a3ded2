import LookoutCore
import Testing

@testable import LookoutIngest

@Suite("SentryEventDecoder")
struct SentryEventDecoderTests {
  static let eventID = "fc6d8c0c43fc4630ad850ee518f1b9d0"
  static let receivedAt: Int64 = 1_717_600_000_000_000

  static func decode(_ json: String, fallbackEventID: String? = nil, payloadLimit: Int = 1 << 20)
    throws -> ErrorEvent
  {
    try SentryEventDecoder.decode(
      Array(json.utf8), receivedAt: receivedAt, payloadLimit: payloadLimit,
      fallbackEventID: fallbackEventID)
  }

  /// `fields` (JSON members, without braces) in an event that has an id.
  static func event(_ fields: String) -> String {
    #"{"event_id":"\#(eventID)"\#(fields.isEmpty ? "" : ",")\#(fields)}"#
  }

  @Test func decodesAPythonDjangoError() throws {
    let json = SentryEventFixtures.pythonDjangoError
    let event = try Self.decode(json)

    var expected = ErrorEvent(eventID: Self.eventID, timestamp: 1_717_590_645_123_456)
    expected.level = "error"
    expected.platform = "python"
    expected.exceptions = [
      ExceptionInfo(
        type: "KeyError", value: "'user_id'", handled: true,
        frames: [
          StackFrame(
            filename: "shop/orders/services.py", absPath: "/srv/shop/orders/services.py",
            function: "load_user", module: "shop.orders.services", lineno: 41, inApp: true,
            contextLine: #"        return USERS[session["user_id"]]"#,
            preContext: ["", "def load_user(session):", "    try:"],
            postContext: ["    except KeyError:", #"        raise LookupError("no user")"#])
        ]),
      ExceptionInfo(
        type: "LookupError", value: "no user", handled: false,
        frames: [
          StackFrame(
            filename: "django/core/handlers/base.py",
            absPath: "/venv/lib/python3.12/site-packages/django/core/handlers/base.py",
            function: "_get_response", module: "django.core.handlers.base", lineno: 197,
            inApp: false,
            contextLine: "            response = wrapped_callback(request, *callback_args)",
            preContext: ["", "        if response is None:"],
            postContext: ["            except Exception as e:"]),
          StackFrame(
            filename: "shop/orders/views.py", absPath: "/srv/shop/orders/views.py",
            function: "order_detail", module: "shop.orders.views", lineno: 18, inApp: true,
            contextLine: "    user = load_user(request.session)",
            preContext: ["@login_required", "def order_detail(request, order_id):"]),
          StackFrame(
            filename: "shop/orders/services.py", absPath: "/srv/shop/orders/services.py",
            function: "load_user", module: "shop.orders.services", lineno: 43, inApp: true,
            contextLine: #"        raise LookupError("no user")"#),
        ]),
    ]
    expected.fingerprint = ["{{ default }}", "orders", "7"]
    expected.environment = "staging"
    expected.release = "shop@1.4.2"
    expected.serverName = "web-1"
    expected.transaction = "/orders/{order_id}"
    expected.user = EventUser(
      id: "4711", username: "ada", email: "ada@example.com", ipAddress: "203.0.113.7")
    expected.tags = [("customer_tier", "gold"), ("retry", "2"), ("beta", "true")]
    expected.traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
    expected.spanID = "00f067aa0ba902b7"
    expected.requestURL = "http://shop.example/orders/17"
    expected.requestMethod = "GET"
    expected.payload = Array(json.utf8)

    // Field by field first, for readable failures; then the whole value.
    #expect(event.exceptions == expected.exceptions)
    #expect(event.tags.map(\.key) == expected.tags.map(\.key))
    #expect(event.tags.map(\.value) == expected.tags.map(\.value))
    #expect(event.user == expected.user)
    #expect(event.message == "")
    #expect(event == expected)
  }

  /// A message-only event and the message and template it must yield.
  struct MessageCase: Sendable, CustomTestStringConvertible {
    var name: String
    var fields: String
    var message: String
    var template: String
    var testDescription: String { name }
  }

  static let messages: [MessageCase] = [
    MessageCase(
      name: "message as a string", fields: #""message":"Disk almost full""#,
      message: "Disk almost full", template: ""),
    MessageCase(
      name: "logentry with params",
      fields:
        #""logentry":{"message":"Order %s failed","params":["17"],"formatted":"Order 17 failed"}"#,
      message: "Order 17 failed", template: "Order %s failed"),
    MessageCase(
      name: "message as an object",
      fields:
        #""message":{"message":"User {} missing","params":[42],"formatted":"User 42 missing"}"#,
      message: "User 42 missing", template: "User {} missing"),
    MessageCase(
      name: "logentry without params", fields: #""logentry":{"message":"Started"}"#,
      message: "Started", template: ""),
    MessageCase(
      name: "logentry with params but not formatted",
      fields: #""logentry":{"message":"Retry %d","params":[3]}"#,
      message: "Retry %d", template: "Retry %d"),
    MessageCase(
      name: "logentry wins over message",
      fields: #""message":"plain","logentry":{"formatted":"from logentry"}"#,
      message: "from logentry", template: ""),
    MessageCase(
      name: "empty logentry falls back to message",
      fields: #""logentry":{"params":[]},"message":"fallback""#,
      message: "fallback", template: ""),
    MessageCase(
      name: "logentry with named params",
      fields: #""logentry":{"message":"%(n)s rows","params":{"n":5},"formatted":"5 rows"}"#,
      message: "5 rows", template: "%(n)s rows"),
  ]

  @Test(arguments: messages)
  func readsMessages(_ example: MessageCase) throws {
    let event = try Self.decode(Self.event(#""level":"info","# + example.fields))
    #expect(event.message == example.message)
    #expect(event.messageTemplate == example.template)
    #expect(event.level == "info")
    #expect(event.exceptions.isEmpty)
  }

  @Test func readsTagsAsPairs() throws {
    let event = try Self.decode(
      Self.event(#""tags":[["a","1"],["b",2],["bad"],["c",null],[1,true],["d",{"x":[1]}]]"#))
    #expect(event.tags.map(\.key) == ["a", "b", "1", "d"])
    #expect(event.tags.map(\.value) == ["1", "2", "true", #"{"x":[1]}"#])
  }

  /// A timestamp as sent and the µs it must become.
  struct TimestampCase: Sendable, CustomTestStringConvertible {
    var json: String
    var micros: Int64
    var testDescription: String { json }
  }

  static let timestamps: [TimestampCase] = [
    TimestampCase(json: "1717590645.123456", micros: 1_717_590_645_123_456),
    TimestampCase(json: "1717590645.1234559", micros: 1_717_590_645_123_456),
    TimestampCase(json: "1717590645", micros: 1_717_590_645_000_000),
    TimestampCase(json: "1.7175906455e9", micros: 1_717_590_645_500_000),
    TimestampCase(json: #""2024-06-05T12:30:45Z""#, micros: 1_717_590_645_000_000),
    TimestampCase(json: #""2024-06-05T12:30:45.123456Z""#, micros: 1_717_590_645_123_456),
    TimestampCase(json: #""2024-06-05T12:30:45.1234567Z""#, micros: 1_717_590_645_123_456),
    TimestampCase(json: #""2024-06-05T12:30:45.5""#, micros: 1_717_590_645_500_000),
    TimestampCase(json: #""2024-06-05T14:30:45+02:00""#, micros: 1_717_590_645_000_000),
    TimestampCase(json: #""2024-06-05T07:00:45.25-0530""#, micros: 1_717_590_645_250_000),
    TimestampCase(json: #""2024-06-05 12:30:45z""#, micros: 1_717_590_645_000_000),
    TimestampCase(json: #""1717590645.25""#, micros: 1_717_590_645_250_000),
    TimestampCase(json: #""1999-12-31T23:59:59Z""#, micros: 946_684_799_000_000),
    TimestampCase(json: #""2024-02-29T00:00:00Z""#, micros: 1_709_164_800_000_000),
    TimestampCase(json: #""yesterday""#, micros: receivedAt),
    TimestampCase(json: #""2024-13-05T12:30:45Z""#, micros: receivedAt),
    TimestampCase(json: #""2024-06-05T12:30""#, micros: receivedAt),
    TimestampCase(json: "null", micros: receivedAt),
    TimestampCase(json: "[1717590645]", micros: receivedAt),
  ]

  @Test(arguments: timestamps)
  func readsTimestamps(_ example: TimestampCase) throws {
    let event = try Self.decode(Self.event(#""timestamp":\#(example.json)"#))
    #expect(event.timestamp == example.micros)
  }

  @Test func missingTimestampIsTheReceiveTime() throws {
    #expect(try Self.decode(Self.event("")).timestamp == Self.receivedAt)
  }

  @Test(arguments: [
    ("FC6D8C0C-43FC-4630-AD85-0EE518F1B9D0", "fc6d8c0c43fc4630ad850ee518f1b9d0"),
    ("fc6d8c0c43fc4630ad850ee518f1b9d0", "fc6d8c0c43fc4630ad850ee518f1b9d0"),
    ("fc6d8c0c-43fc-4630-ad85-0ee518f1b9d0", "fc6d8c0c43fc4630ad850ee518f1b9d0"),
  ])
  func normalisesEventIDs(_ sent: String, _ normalised: String) throws {
    #expect(try Self.decode(#"{"event_id":"\#(sent)"}"#).eventID == normalised)
    #expect(try Self.decode("{}", fallbackEventID: sent).eventID == normalised)
  }

  @Test func prefersTheEventsOwnIDOverTheEnvelopes() throws {
    let event = try Self.decode(
      Self.event(""), fallbackEventID: "00000000000000000000000000000001")
    #expect(event.eventID == Self.eventID)
    let empty = try Self.decode(
      #"{"event_id":""}"#, fallbackEventID: "00000000000000000000000000000001")
    #expect(empty.eventID == "00000000000000000000000000000001")
  }

  @Test func missingOptionalFieldsTakeDefaults() throws {
    let event = try Self.decode(Self.event(""))
    var expected = ErrorEvent(eventID: Self.eventID, timestamp: Self.receivedAt)
    expected.payload = Array(Self.event("").utf8)
    #expect(event == expected)
    #expect(event.level == "error")
    #expect(event.environment == "production")
    #expect(event.user == nil)
    #expect(event.fingerprint == nil)
  }

  @Test func ignoresFieldsOfTheWrongType() throws {
    let json = Self.event(
      #""level":5,"platform":[],"message":12,"logentry":7,"exception":"boom","#
        + #""fingerprint":"abc","environment":7,"release":1.5,"server_name":{},"#
        + #""transaction":null,"user":"ada","tags":"t","contexts":[],"request":"GET","#
        + #""timestamp":true"#)
    let event = try Self.decode(json)
    var expected = ErrorEvent(eventID: Self.eventID, timestamp: Self.receivedAt)
    expected.payload = Array(json.utf8)
    #expect(event == expected)
  }

  @Test func ignoresWrongTypesInsideExceptionsAndFrames() throws {
    let event = try Self.decode(
      Self.event(
        #""exception":[{"type":"E","value":7,"module":1,"mechanism":{"handled":"no"},"#
          + #""stacktrace":{"frames":[3,{"function":"f","lineno":"12","in_app":"yes","#
          + #""pre_context":["a",null,"c"],"post_context":"x","context_line":5}]}},"#
          + #""not an exception",{},{"module":"only"}],"#
          + #""level":"WARN","user":{"id":true,"ip_address":"{{auto}}"},"#
          + #""fingerprint":[null,"a",1.5,false,{}]"#))
    #expect(
      event.exceptions == [
        ExceptionInfo(
          type: "E", value: "7",
          frames: [StackFrame(function: "f", lineno: 12, preContext: ["a", "", "c"])])
      ])
    #expect(event.level == "warning")
    #expect(event.user == EventUser(id: "true"))
    #expect(event.fingerprint == ["a", "1.5", "false"])
  }

  @Test func readsASingleExceptionObject() throws {
    let event = try Self.decode(
      Self.event(#""exception":{"type":"ValueError","value":"bad","mechanism":{"handled":true}}"#))
    #expect(event.exceptions == [ExceptionInfo(type: "ValueError", value: "bad", handled: true)])
  }

  @Test func userWithoutIdentityIsNil() throws {
    #expect(try Self.decode(Self.event(#""user":{"ip_address":"{{auto}}"}"#)).user == nil)
    #expect(try Self.decode(Self.event(#""user":{"id":"u-1"}"#)).user == EventUser(id: "u-1"))
  }

  @Test func keepsMalformedTraceIDsOut() throws {
    let event = try Self.decode(
      Self.event(#""contexts":{"trace":{"trace_id":"not-hex","span_id":"00F067AA0BA902B7"}}"#))
    #expect(event.traceID == "")
    #expect(event.spanID == "00f067aa0ba902b7")
  }

  /// A payload that must be refused, and how.
  struct ErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var json: String
    var fallback: String?
    var error: SentryEventError
    var testDescription: String { name }
  }

  static let errors: [ErrorCase] = [
    ErrorCase(name: "not JSON", json: "event: boom", error: .invalidJSON(reason: "")),
    ErrorCase(name: "unterminated", json: #"{"event_id":"#, error: .invalidJSON(reason: "")),
    ErrorCase(name: "trailing data", json: "{} {}", error: .invalidJSON(reason: "")),
    ErrorCase(name: "an array", json: "[1,2]", error: .notAnObject),
    ErrorCase(name: "a string", json: #""event""#, error: .notAnObject),
    ErrorCase(name: "short id", json: #"{"event_id":"abc"}"#, error: .invalidEventID("abc")),
    ErrorCase(
      name: "id with a non-hex letter", json: #"{"event_id":"gc6d8c0c43fc4630ad850ee518f1b9d0"}"#,
      error: .invalidEventID("gc6d8c0c43fc4630ad850ee518f1b9d0")),
    ErrorCase(name: "numeric id", json: #"{"event_id":42}"#, error: .invalidEventID("42")),
    ErrorCase(name: "no id anywhere", json: #"{"message":"x"}"#, error: .missingEventID),
    ErrorCase(
      name: "bad fallback id", json: "{}", fallback: "nope", error: .invalidEventID("nope")),
  ]

  @Test(arguments: errors)
  func rejects(_ example: ErrorCase) {
    let error = #expect(throws: SentryEventError.self) {
      try Self.decode(example.json, fallbackEventID: example.fallback)
    }
    if case .invalidJSON = example.error {
      guard case .invalidJSON(let reason)? = error else {
        Issue.record("expected invalidJSON, got \(String(describing: error))")
        return
      }
      #expect(!reason.isEmpty)
    } else {
      #expect(error == example.error)
    }
  }

  @Test func rejectsANestingBombBeforeParsing() {
    let depth = 100_000
    let bomb = Self.event(
      #""extra":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
    #expect(throws: SentryEventError.tooDeeplyNested(limit: SentryEventDecoder.maxDepth)) {
      try Self.decode(bomb)
    }
  }

  @Test func acceptsNestingUpToTheLimit() throws {
    // The event object is one level; 63 more arrays reach exactly the limit.
    let inner = SentryEventDecoder.maxDepth - 1
    let deep = Self.event(
      #""extra":"# + String(repeating: "[", count: inner) + String(repeating: "]", count: inner))
    #expect(try Self.decode(deep).eventID == Self.eventID)
    let tooDeep = Self.event(
      #""extra":"# + String(repeating: "[", count: inner + 1)
        + String(repeating: "]", count: inner + 1))
    #expect(throws: SentryEventError.tooDeeplyNested(limit: SentryEventDecoder.maxDepth)) {
      try Self.decode(tooDeep)
    }
  }

  @Test func bracketsInsideStringsDoNotCount() throws {
    let brackets = String(repeating: "[{", count: 200) + #"\"]"#
    let event = try Self.decode(Self.event(#""message":"\#(brackets)""#))
    #expect(event.message == String(repeating: "[{", count: 200) + "\"]")
  }

  @Test func truncatesAnOversizePayloadButDecodesItsFields() throws {
    let json = SentryEventFixtures.pythonDjangoError
    let event = try Self.decode(json, payloadLimit: 1000)
    let marker = #"{"_truncated":true,"size":\#(json.utf8.count)}"#
    #expect(String(decoding: event.payload, as: UTF8.self) == marker)
    let parsed = try JSONParser.parse(event.payload)
    #expect(parsed["_truncated"] == .bool(true))
    #expect(event.exceptions.count == 2)
    #expect(event.release == "shop@1.4.2")
    // At the limit exactly, the payload is kept.
    let kept = try Self.decode(json, payloadLimit: json.utf8.count)
    #expect(String(decoding: kept.payload, as: UTF8.self) == json)
  }

  @Test func describesEveryError() {
    let errors: [SentryEventError] = [
      .invalidJSON(reason: "r"), .tooDeeplyNested(limit: 64), .notAnObject,
      .invalidEventID("x"), .missingEventID, .missingTraceContext,
    ]
    #expect(Set(errors.map(\.description)).count == errors.count)
  }
}
