import Foundation
import LookoutCore
import Testing

@testable import LookoutIngest

/// OTLP logs exports, protobuf and JSON: mapping, rejected records, bad bodies.
@Suite("OTLP log decoder")
struct OTLPLogDecoderTests {
  typealias Request = Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceRequest
  typealias Record = Opentelemetry_Proto_Logs_V1_LogRecord
  static let now: Int64 = 1_717_545_700_000_000

  static func request(
    _ records: [Record], resource: [(String, String)] = [("service.name", "checkout")]
  )
    -> Request
  {
    var scope = Opentelemetry_Proto_Logs_V1_ScopeLogs()
    scope.scope.name = "app.payments"
    scope.logRecords = records
    var resourceLogs = Opentelemetry_Proto_Logs_V1_ResourceLogs()
    resourceLogs.resource.attributes = resource.map { OTLPRequestBuilder.pair($0.0, $0.1) }
    resourceLogs.scopeLogs = [scope]
    var request = Request()
    request.resourceLogs = [resourceLogs]
    return request
  }

  static func record(_ body: String, severity: Int = 17, text: String = "ERROR") -> Record {
    var record = Record()
    record.timeUnixNano = 1_717_545_600_123_456_789
    record.observedTimeUnixNano = 1_717_545_600_200_000_000
    record.severityNumber = .init(rawValue: severity) ?? .unspecified
    record.severityText = text
    record.body.stringValue = body
    record.attributes = [
      OTLPRequestBuilder.pair("order.id", .intValue(42)),
      OTLPRequestBuilder.pair("retry", .boolValue(true)),
    ]
    record.traceID = OTLPRequestBuilder.bytes("4bf92f3577b34da6a3ce929d0e0e4736")
    record.spanID = OTLPRequestBuilder.bytes("00f067aa0ba902b7")
    return record
  }

  static func protobuf(_ request: Request) throws -> DecodedLogs {
    try OTLPLogDecoder.decode(try request.serializedBytes(), encoding: .protobuf, receivedAt: now)
  }

  @Test func mapsAProtobufRecord() throws {
    let decoded = try Self.protobuf(
      Self.request(
        [Self.record("payment failed")],
        resource: [
          ("service.name", "checkout"), ("deployment.environment.name", "staging"),
          ("host.name", "web-1"),
        ]))
    #expect(decoded.rejected == 0)
    let record = try #require(decoded.records.first)
    #expect(record.timestamp == 1_717_545_600_123_456)
    #expect(record.observedTimestamp == 1_717_545_600_200_000)
    #expect(record.severityNumber == 17)
    #expect(record.severity == .error)
    #expect(record.body == "payment failed")
    #expect(record.service == "checkout")
    #expect(record.environment == "staging")
    #expect(record.source == "otlp")
    #expect(record.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
    #expect(record.spanID == "00f067aa0ba902b7")
    #expect(
      record.attributes == [
        LogAttribute("order.id", "42"), LogAttribute("retry", "true"),
        LogAttribute("otel.scope.name", "app.payments"),
        LogAttribute("resource.host.name", "web-1"),
      ])
  }

  @Test(
    arguments: [
      (0, "WARNING", 13, LogSeverity.warn), (0, "", 0, .unknown), (3, "", 3, .trace),
      (24, "x", 24, .fatal), (0, "critical", 21, .fatal), (99, "info", 9, .info),
    ] as [(Int, String, Int, LogSeverity)])
  func severityFromNumberElseText(
    number: Int, text: String, expectedNumber: Int, label: LogSeverity
  )
    throws
  {
    let decoded = try Self.protobuf(Self.request([Self.record("x", severity: number, text: text)]))
    #expect(decoded.records.map(\.severityNumber) == [expectedNumber])
    #expect(decoded.records.map(\.severity) == [label])
  }

  @Test func timesFallBackToObservedThenReceipt() throws {
    var noTime = Self.record("a")
    noTime.timeUnixNano = 0
    var neither = Self.record("b")
    neither.timeUnixNano = 0
    neither.observedTimeUnixNano = 0
    let decoded = try Self.protobuf(Self.request([noTime, neither]))
    #expect(decoded.records.map(\.timestamp) == [1_717_545_600_200_000, Self.now])
    #expect(decoded.records.map(\.observedTimestamp) == [1_717_545_600_200_000, Self.now])
  }

  @Test func rejectsRecordsWithIDsOfTheWrongLengthAndKeepsTheRest() throws {
    var shortTrace = Self.record("short trace")
    shortTrace.traceID = Data([1, 2, 3])
    var longSpan = Self.record("long span")
    longSpan.spanID = Data(repeating: 7, count: 9)
    var noIDs = Self.record("outside a span")
    noIDs.traceID = Data()
    noIDs.spanID = Data(repeating: 0, count: 8)
    let decoded = try Self.protobuf(
      Self.request([shortTrace, Self.record("fine"), longSpan, noIDs]))
    #expect(decoded.records.map(\.body) == ["fine", "outside a span"])
    #expect(decoded.records.last?.traceID == nil)
    #expect(decoded.records.last?.spanID == nil)
    #expect(decoded.rejected == 2)
    #expect(
      decoded.errorMessage
        == "2 log records rejected, the first: trace_id is 3 bytes, expected 16")
  }

  @Test func bodiesOfOtherKindsAreText() throws {
    var map = Self.record("")
    map.body.kvlistValue = Opentelemetry_Proto_Common_V1_KeyValueList()
    map.body.kvlistValue.values = [OTLPRequestBuilder.pair("event", "login")]
    var missing = Self.record("")
    missing.clearBody()
    let decoded = try Self.protobuf(Self.request([map, missing]))
    #expect(decoded.records.map(\.body) == [#"{"event":"login"}"#, ""])
  }

  @Test func capsTheBodyAndTheAttributes() throws {
    var big = Self.record(String(repeating: "é", count: 40_000))
    big.attributes = (0..<200).map {
      OTLPRequestBuilder.pair("k\($0)", String(repeating: "v", count: 5000))
    }
    let decoded = try Self.protobuf(Self.request([big]))
    let record = try #require(decoded.records.first)
    #expect(record.bodyTruncated)
    #expect(record.body.utf8.count == 65_536)
    #expect(record.attributes.count == 129)
    #expect(record.attributes[0].value.utf8.count == 4096)
    #expect(record.attribute("lookout.dropped_attributes_count") == "73")
  }

  @Test(arguments: [1, 5, 20, 60])
  func refusesATruncatedProtobufBody(length: Int) throws {
    let whole: [UInt8] = try Self.request([Self.record("payment failed")]).serializedBytes()
    let body = Array(whole.prefix(length))
    #expect(throws: LogDecodeError.self) {
      try OTLPLogDecoder.decode(body, encoding: .protobuf, receivedAt: Self.now)
    }
  }

  @Test func refusesProtobufGarbage() {
    let error = #expect(throws: LogDecodeError.self) {
      try OTLPLogDecoder.decode([0x0F, 0x01, 0x02], encoding: .protobuf, receivedAt: Self.now)
    }
    #expect(error.map { "\($0)" }?.hasPrefix("body is not valid protobuf") == true)
  }

  // MARK: JSON

  static func json(_ text: String) throws -> DecodedLogs {
    try OTLPLogDecoder.decode(Array(text.utf8), encoding: .json, receivedAt: now)
  }

  @Test func readsOTLPJSON() throws {
    let decoded = try Self.json(
      #"""
      {"resourceLogs":[{"resource":{"attributes":[
          {"key":"service.name","value":{"stringValue":"web"}},
          {"key":"deployment.environment","value":{"stringValue":"dev"}}]},
        "scopeLogs":[{"scope":{"name":"logger","version":"1.0"},"logRecords":[
          {"timeUnixNano":"1717545600000000000","severityNumber":13,"severityText":"WARN",
           "body":{"stringValue":"slow query"},"traceId":"4bf92f3577b34da6a3ce929d0e0e4736",
           "spanId":"00f067aa0ba902b7","attributes":[{"key":"ms","value":{"doubleValue":812.5}}],
           "eventName":"db.slow","unknownField":{"x":1}},
          {"time_unix_nano":1717545601000000000,"severity_number":"SEVERITY_NUMBER_ERROR2",
           "body":{"intValue":"7"}}]}]}]}
      """#)
    #expect(decoded.rejected == 0)
    #expect(decoded.records.map(\.timestamp) == [1_717_545_600_000_000, 1_717_545_601_000_000])
    #expect(decoded.records.map(\.severity) == [.warn, .error])
    #expect(decoded.records.map(\.severityNumber) == [13, 18])
    #expect(decoded.records.map(\.body) == ["slow query", "7"])
    #expect(decoded.records.map(\.service) == ["web", "web"])
    #expect(decoded.records.map(\.environment) == ["dev", "dev"])
    #expect(decoded.records[0].traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
    #expect(
      decoded.records[0].attributes == [
        LogAttribute("ms", "812.5"), LogAttribute("event.name", "db.slow"),
        LogAttribute("otel.scope.name", "logger"), LogAttribute("otel.scope.version", "1.0"),
      ])
  }

  @Test func rejectsJSONRecordsWithUnreadableIDs() throws {
    let decoded = try Self.json(
      #"""
      {"resourceLogs":[{"scopeLogs":[{"logRecords":[
        {"body":{"stringValue":"a"},"traceId":"not-hex!"},
        {"body":{"stringValue":"b"},"spanId":12},
        "not an object",
        {"body":{"stringValue":"c"}}]}]}]}
      """#)
    #expect(decoded.records.map(\.body) == ["c"])
    #expect(decoded.records.map(\.service) == ["unknown_service"])
    #expect(decoded.rejected == 3)
  }

  @Test(
    arguments: [
      "[]", "{", #"{"resourceLogs":{}}"#, #"{"resourceSpans":[]}"#,
    ])
  func refusesJSONThatIsNotALogsExport(body: String) {
    #expect(throws: LogDecodeError.self) { try Self.json(body) }
  }

  @Test func answersWithPartialSuccess() throws {
    let json = OTLPResponse.logs(rejectedLogRecords: 2, errorMessage: "2 bad", encoding: .json)
    #expect(
      String(decoding: json, as: UTF8.self)
        == #"{"partialSuccess":{"rejectedLogRecords":"2","errorMessage":"2 bad"}}"#)
    #expect(OTLPResponse.logs(rejectedLogRecords: 0, errorMessage: "", encoding: .protobuf) == [])
  }
}
