import Testing

@testable import LookoutIngest

@Suite("SentryEnvelope")
struct SentryEnvelopeTests {
  /// An envelope and the items it must split into.
  struct FramingCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var items: [SentryEnvelope.Item]
    var testDescription: String { name }

    init(_ name: String, _ bytes: [UInt8], _ items: [SentryEnvelope.Item]) {
      self.name = name
      self.bytes = bytes
      self.items = items
    }

    init(_ name: String, _ text: String, _ items: [SentryEnvelope.Item]) {
      self.init(name, Array(text.utf8), items)
    }
  }

  static func item(_ type: String, _ payload: String, contentType: String? = nil)
    -> SentryEnvelope.Item
  {
    SentryEnvelope.Item(type: type, contentType: contentType, payload: Array(payload.utf8))
  }

  static let binary: [UInt8] = [0x00, 0x0A, 0xFF, 0x0A, 0x00, 0x7B]
  static let header = #"{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}"#

  static let framing: [FramingCase] = [
    FramingCase(
      "item without length",
      header + "\n" + #"{"type":"event"}"# + "\n" + #"{"message":"hi"}"# + "\n",
      [item("event", #"{"message":"hi"}"#)]),
    FramingCase(
      "item with length",
      "{}\n" + #"{"type":"event","length":16}"# + "\n" + #"{"message":"hi"}"# + "\n",
      [item("event", #"{"message":"hi"}"#)]),
    FramingCase(
      "length with content type, no final newline",
      "{}\n" + #"{"type":"event","length":2,"content_type":"application/json"}"# + "\n{}",
      [item("event", "{}", contentType: "application/json")]),
    FramingCase(
      "binary attachment with newlines and NUL bytes",
      Array(("{}\n" + #"{"type":"attachment","length":6,"filename":"a.bin"}"# + "\n").utf8)
        + binary + Array(("\n" + #"{"type":"event"}"# + "\n{}\n").utf8),
      [
        SentryEnvelope.Item(type: "attachment", payload: binary), item("event", "{}"),
      ]),
    FramingCase(
      "empty payload with length 0",
      "{}\n" + #"{"type":"attachment","length":0}"# + "\n\n" + #"{"type":"event"}"# + "\n{}",
      [item("attachment", ""), item("event", "{}")]),
    FramingCase(
      "last item without length and without newline",
      "{}\n" + #"{"type":"event"}"# + "\n{\"a\":1}\n" + #"{"type":"session"}"# + "\n{\"s\":2}",
      [item("event", #"{"a":1}"#), item("session", #"{"s":2}"#)]),
    FramingCase(
      "item header at the very end, no payload", "{}\n" + #"{"type":"client_report"}"#,
      [item("client_report", "")]),
    FramingCase(
      "blank lines between items",
      "{}\n\n" + #"{"type":"event"}"# + "\n{}\n\n\r\n\n" + #"{"type":"session","length":2}"#
        + "\n{}\n\n",
      [item("event", "{}"), item("session", "{}")]),
    FramingCase(
      "unknown item types are returned",
      "{}\n"
        + ["session", "client_report", "profile", "log", "span", "check_in"].map {
          #"{"type":"\#($0)"}"# + "\n" + #"{"kind":"\#($0)"}"# + "\n"
        }.joined(),
      ["session", "client_report", "profile", "log", "span", "check_in"].map {
        item($0, #"{"kind":"\#($0)"}"#)
      }),
    FramingCase("only a header", header, []),
    FramingCase("only a header and its newline", header + "\n", []),
    FramingCase(
      "two events",
      header + "\n" + #"{"type":"event","length":9}"# + "\n" + #"{"n":"1"}"# + "\n"
        + #"{"type":"event"}"# + "\n" + #"{"n":"2"}"# + "\n",
      [item("event", #"{"n":"1"}"#), item("event", #"{"n":"2"}"#)]),
  ]

  @Test(arguments: framing)
  func splitsItems(_ example: FramingCase) throws {
    let envelope = try SentryEnvelope.parse(example.bytes)
    #expect(envelope.items == example.items)
  }

  @Test func readsTheEnvelopeHeader() throws {
    let text =
      #"{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","dsn":"https://abc@lookout.example/1","#
      + #""sent_at":"2024-06-05T12:30:45.5Z","sdk":{"name":"sentry.python","version":"2.19.2"}}"#
      + "\n"
    let envelope = try SentryEnvelope.parse(Array(text.utf8))
    #expect(envelope.eventID == "9ec79c33ec9942ab8353589fcb2e04dc")
    #expect(envelope.dsn == "https://abc@lookout.example/1")
    #expect(envelope.sentAt == 1_717_590_645_500_000)
    #expect(envelope.sdkName == "sentry.python")
    #expect(envelope.items.isEmpty)
  }

  @Test func envelopeHeaderFieldsAreOptional() throws {
    let envelope = try SentryEnvelope.parse(Array("{}\n".utf8))
    #expect(envelope == SentryEnvelope())
  }

  /// A broken envelope and the error it must raise.
  struct ErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var error: SentryEnvelopeError
    var testDescription: String { name }
  }

  static let errors: [ErrorCase] = [
    ErrorCase(
      name: "length past the end",
      text: "{}\n" + #"{"type":"attachment","length":50}"# + "\nshort\n",
      error: .truncatedPayload(item: 1, length: 50, available: 6)),
    ErrorCase(
      name: "second item's length past the end",
      text: "{}\n" + #"{"type":"event"}"# + "\n{}\n" + #"{"type":"attachment","length":3}"#
        + "\nab",
      error: .truncatedPayload(item: 2, length: 3, available: 2)),
    ErrorCase(
      name: "payload not followed by a newline",
      text: "{}\n" + #"{"type":"attachment","length":2}"# + "\nabc\n",
      error: .missingNewline(item: 1, offset: 38)),
    ErrorCase(
      name: "envelope header is not an object", text: "[1,2]\n",
      error: .invalidEnvelopeHeader(reason: "not a JSON object")),
    ErrorCase(
      name: "item header is not an object", text: "{}\n\"event\"\n{}\n",
      error: .invalidItemHeader(item: 1, offset: 3, reason: "not a JSON object")),
    ErrorCase(
      name: "missing type", text: "{}\n" + #"{"length":2}"# + "\n{}\n",
      error: .missingItemType(item: 1, offset: 3)),
    ErrorCase(
      name: "type is not a string", text: "{}\n" + #"{"type":7}"# + "\n{}\n",
      error: .missingItemType(item: 1, offset: 3)),
    ErrorCase(
      name: "negative length", text: "{}\n" + #"{"type":"event","length":-1}"# + "\n{}\n",
      error: .invalidItemLength(item: 1, offset: 3)),
    ErrorCase(
      name: "length as a string", text: "{}\n" + #"{"type":"event","length":"2"}"# + "\n{}\n",
      error: .invalidItemLength(item: 1, offset: 3)),
    ErrorCase(name: "empty body", text: "", error: .empty),
  ]

  @Test(arguments: errors)
  func rejectsBrokenFraming(_ example: ErrorCase) {
    #expect(throws: example.error) { try SentryEnvelope.parse(Array(example.text.utf8)) }
  }

  @Test(arguments: [
    "{not json}\n", "{\"event_id\":\"a\"\n", "\n" + #"{"type":"event"}"# + "\n{}\n",
  ])
  func rejectsABadEnvelopeHeader(_ text: String) {
    let error = #expect(throws: SentryEnvelopeError.self) {
      try SentryEnvelope.parse(Array(text.utf8))
    }
    guard case .invalidEnvelopeHeader(let reason)? = error else {
      Issue.record("expected invalidEnvelopeHeader, got \(String(describing: error))")
      return
    }
    #expect(!reason.isEmpty)
  }

  @Test func rejectsABadItemHeaderWithItsPosition() {
    let text = "{}\n" + #"{"type":"event"}"# + "\n{}\n" + #"{"type":"event""# + "\n{}\n"
    let error = #expect(throws: SentryEnvelopeError.self) {
      try SentryEnvelope.parse(Array(text.utf8))
    }
    guard case .invalidItemHeader(let item, let offset, _)? = error else {
      Issue.record("expected invalidItemHeader, got \(String(describing: error))")
      return
    }
    #expect(item == 2)
    #expect(offset == 23)
    #expect(error?.description.hasPrefix("invalid header of item 2 at offset 23:") == true)
  }

  @Test func capsTheNumberOfItems() throws {
    let item = #"{"type":"session"}"# + "\n{}\n"
    let atCap = "{}\n" + String(repeating: item, count: SentryEnvelope.maxItems)
    #expect(try SentryEnvelope.parse(Array(atCap.utf8)).items.count == SentryEnvelope.maxItems)
    do {
      let envelope = try SentryEnvelope.parse(Array((atCap + item).utf8))
      Issue.record("accepted \(envelope.items.count) items")
    } catch {
      #expect(error == .tooManyItems(limit: SentryEnvelope.maxItems))
    }
  }

  @Test func capsHeaderLines() {
    let padding = String(repeating: "x", count: SentryEnvelope.maxHeaderLineLength)
    let itemHeader = #"{"type":"event","pad":"\#(padding)"}"#
    let error = #expect(throws: SentryEnvelopeError.self) {
      try SentryEnvelope.parse(Array(("{}\n" + itemHeader + "\n{}\n").utf8))
    }
    #expect(
      error
        == .headerLineTooLong(
          item: 1, length: itemHeader.utf8.count, limit: SentryEnvelope.maxHeaderLineLength))
    #expect(throws: SentryEnvelopeError.self) {
      try SentryEnvelope.parse(Array((#"{"pad":"\#(padding)"}"# + "\n").utf8))
    }
  }

  @Test func describesEveryError() {
    let errors: [SentryEnvelopeError] = [
      .empty, .invalidEnvelopeHeader(reason: "r"),
      .invalidItemHeader(item: 1, offset: 2, reason: "r"),
      .missingItemType(item: 1, offset: 2), .invalidItemLength(item: 1, offset: 2),
      .truncatedPayload(item: 1, length: 9, available: 2), .missingNewline(item: 1, offset: 2),
      .headerLineTooLong(item: 0, length: 9, limit: 8), .tooManyItems(limit: 3),
    ]
    let descriptions = Set(errors.map(\.description))
    #expect(descriptions.count == errors.count)
    #expect(
      SentryEnvelopeError.truncatedPayload(item: 1, length: 9, available: 2).description
        == "item 1 declares 9 bytes but only 2 follow")
  }
}
