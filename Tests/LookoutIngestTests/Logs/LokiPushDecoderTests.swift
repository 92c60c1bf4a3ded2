import Foundation
import LookoutCore
import Testing

@testable import LookoutIngest

/// Loki push bodies, JSON and snappy protobuf, and the label strings of streams.
@Suite("Loki push decoder")
struct LokiPushDecoderTests {
  static let now: Int64 = 1_717_545_700_000_000

  static func json(_ text: String) throws -> DecodedLogs {
    try LokiPushDecoder.decodeJSON(Array(text.utf8), receivedAt: now)
  }

  @Test func readsStreamsLabelsValuesAndMetadata() throws {
    let decoded = try Self.json(
      #"""
      {"streams":[{"stream":{"job":"api","service_name":"checkout","env":"staging","level":"info"},
        "values":[["1717545600000000000","GET /orders 200"],
                  ["1717545600500001999","payment failed",{"level":"error","trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736","span_id":"00f067aa0ba902b7","order":"42"}]]}]}
      """#)
    #expect(decoded.rejected == 0)
    #expect(decoded.records.count == 2)
    let first = decoded.records[0]
    #expect(first.timestamp == 1_717_545_600_000_000)
    #expect(first.observedTimestamp == Self.now)
    #expect(first.body == "GET /orders 200")
    #expect(first.service == "checkout")
    #expect(first.source == "api")
    #expect(first.environment == "staging")
    #expect(first.severity == .info)
    #expect(first.severityNumber == 9)
    #expect(
      first.attributes == [
        LogAttribute("label.job", "api"), LogAttribute("label.service_name", "checkout"),
        LogAttribute("label.env", "staging"), LogAttribute("label.level", "info"),
      ])
    let second = decoded.records[1]
    #expect(second.timestamp == 1_717_545_600_500_001)
    #expect(second.severity == .error)
    #expect(second.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
    #expect(second.spanID == "00f067aa0ba902b7")
    #expect(second.attribute("order") == "42")
    #expect(second.attribute("level") == "error")
    #expect(second.attribute("trace_id") == nil)
  }

  @Test func withoutLabelsTheServiceIsUnknownAndTheLevelComesFromTheLine() throws {
    let decoded = try Self.json(
      #"{"streams":[{"stream":{},"values":[["1","2024-06-05 10:00:00 WARN disk almost full"]]}]}"#)
    #expect(decoded.records.map(\.service) == ["unknown_service"])
    #expect(decoded.records.map(\.source) == ["loki"])
    #expect(decoded.records.map(\.severity) == [.warn])
    #expect(decoded.records.map(\.timestamp) == [0])
  }

  @Test(
    arguments: [
      #"{"streams":[]}"#,
      #"{"streams":[{"stream":{"job":"x"},"values":[]}]}"#,
      #"{"streams":[{"stream":{"job":"x"}}]}"#,
    ])
  func emptyStreamsAreAnEmptyPush(body: String) throws {
    #expect(try Self.json(body) == DecodedLogs())
  }

  @Test(
    arguments: [
      (#"["abc","line"]"#, "entry time \"abc\" is not nanoseconds since the epoch"),
      (#"["-5","line"]"#, "entry time \"-5\" is not nanoseconds since the epoch"),
      (#"[null,"line"]"#, "entry time \"null\" is not nanoseconds since the epoch"),
      (
        #"["99999999999999999999","line"]"#,
        "entry time \"99999999999999999999\" is not nanoseconds since the epoch"
      ),
      (#"["1",42]"#, "an entry's line is not a string"),
      (#"["1"]"#, "an entry is not a [time, line] array"),
      (#""just a string""#, "an entry is not a [time, line] array"),
    ] as [(String, String)])
  func rejectsBadEntriesAndKeepsTheOthers(entry: String, reason: String) throws {
    let decoded = try Self.json(
      #"{"streams":[{"stream":{"job":"x"},"values":[["1","good"],"# + entry + "]}]}")
    #expect(decoded.records.map(\.body) == ["good"])
    #expect(decoded.rejected == 1)
    #expect(decoded.errorMessage == "1 log record rejected: " + reason)
  }

  @Test func readsTheOlderLabelsAndEntriesForm() throws {
    let decoded = try Self.json(
      #"""
      {"streams":[{"labels":"{job=\"legacy\", level=\"warn\"}",
        "entries":[{"ts":"2024-06-05T00:00:00.25Z","line":"old client"}]}]}
      """#)
    #expect(decoded.records.count == 1)
    #expect(decoded.records.first?.timestamp == 1_717_545_600_250_000)
    #expect(decoded.records.first?.source == "legacy")
    #expect(decoded.records.first?.severity == .warn)
  }

  @Test(
    arguments: [
      "[1,2]", #"{"other":1}"#, "{", #"{"streams":{}}"#,
    ])
  func refusesBodiesThatAreNotPushes(body: String) {
    #expect(throws: LogDecodeError.self) { try Self.json(body) }
  }

  // MARK: protobuf

  static func entry(
    _ seconds: Int64, _ nanos: Int32, _ line: String, _ metadata: [(String, String)] = []
  )
    -> Logproto_EntryAdapter
  {
    var entry = Logproto_EntryAdapter()
    entry.timestamp.seconds = seconds
    entry.timestamp.nanos = nanos
    entry.line = line
    entry.structuredMetadata = metadata.map { name, value in
      var pair = Logproto_LabelPairAdapter()
      pair.name = name
      pair.value = value
      return pair
    }
    return entry
  }

  static func push(_ streams: [(String, [Logproto_EntryAdapter])]) throws -> [UInt8] {
    var request = Logproto_PushRequest()
    request.streams = streams.map { labels, entries in
      var stream = Logproto_StreamAdapter()
      stream.labels = labels
      stream.entries = entries
      return stream
    }
    return LogTestSupport.snappy(try request.serializedBytes())
  }

  @Test func readsASnappyProtobufPush() throws {
    let body = try Self.push([
      (
        #"{job="promtail", app="web", filename="/var/log/web.log"}"#,
        [
          Self.entry(1_717_545_600, 123_456_789, "level=error msg=\"boom\""),
          Self.entry(1_717_545_601, 0, "ok", [("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")]),
        ]
      )
    ])
    let decoded = try LokiPushDecoder.decodeProtobuf(body, receivedAt: Self.now)
    #expect(decoded.rejected == 0)
    #expect(decoded.records.map(\.timestamp) == [1_717_545_600_123_456, 1_717_545_601_000_000])
    #expect(decoded.records.map(\.severity) == [.error, .unknown])
    #expect(decoded.records.map(\.service) == ["web", "web"])
    #expect(decoded.records.map(\.source) == ["promtail", "promtail"])
    #expect(decoded.records[1].traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
    #expect(
      decoded.records[0].attributes == [
        LogAttribute("label.job", "promtail"), LogAttribute("label.app", "web"),
        LogAttribute("label.filename", "/var/log/web.log"),
      ])
  }

  @Test func aStreamWithBadLabelsIsRejectedEntryByEntry() throws {
    let body = try Self.push([
      (#"{job="a""#, [Self.entry(1, 0, "x"), Self.entry(2, 0, "y")]),
      (#"{job="b"}"#, [Self.entry(3, 0, "z"), Self.entry(-1, 0, "before 1970")]),
    ])
    let decoded = try LokiPushDecoder.decodeProtobuf(body, receivedAt: Self.now)
    #expect(decoded.records.map(\.body) == ["z"])
    #expect(decoded.rejected == 3)
    #expect(decoded.errorMessage.hasPrefix("3 log records rejected, the first: stream labels"))
  }

  @Test func refusesATruncatedSnappyBody() throws {
    let body = try Self.push([(#"{job="a"}"#, [Self.entry(1, 0, "x")])])
    let error = #expect(throws: LogDecodeError.self) {
      try LokiPushDecoder.decodeProtobuf(Array(body.dropLast(3)), receivedAt: Self.now)
    }
    #expect(error == .snappy(.truncated))
  }

  @Test func refusesASnappyBodyClaimingTooMuch() {
    let error = #expect(throws: LogDecodeError.self) {
      try LokiPushDecoder.decodeProtobuf(
        [0xFF, 0xFF, 0xFF, 0x7F, 0x00], receivedAt: Self.now, maxDecompressedBytes: 1 << 20)
    }
    #expect(error == .snappy(.tooLarge(claimed: 268_435_455, limit: 1 << 20)))
  }

  @Test func refusesProtobufGarbageInsideValidSnappy() {
    let garbage: [UInt8] = [0x0A, 0xFF, 0xFF, 0x01, 0x02]  // streams: a length past the end
    let error = #expect(throws: LogDecodeError.self) {
      try LokiPushDecoder.decodeProtobuf(LogTestSupport.snappy(garbage), receivedAt: Self.now)
    }
    #expect(error.map { "\($0)" }?.hasPrefix("body is not valid protobuf") == true)
  }

  @Test func refusesAJSONBodySentAsProtobuf() {
    #expect(throws: LogDecodeError.self) {
      try LokiPushDecoder.decodeProtobuf(Array(#"{"streams":[]}"#.utf8), receivedAt: Self.now)
    }
  }

  // MARK: labels

  @Test(
    arguments: [
      ("{}", []),
      (" { } ", []),
      (#"{a="b"}"#, [("a", "b")]),
      (#"{a="b", c="d",}"#, [("a", "b"), ("c", "d")]),
      (#"{ job = "x" ,env="prod"}"#, [("job", "x"), ("env", "prod")]),
      (#"{msg="say \"hi\"\\ \n\t"}"#, [("msg", "say \"hi\"\\ \n\t")]),
      (#"{u="\u00e9\x41\U0001F600"}"#, [("u", "éA😀")]),
      (#"{k8s.pod:name_1="é, }"}"#, [("k8s.pod:name_1", "é, }")]),
    ] as [(String, [(String, String)])])
  func parsesLabelStrings(text: String, expected: [(String, String)]) throws {
    let labels = try LokiLabelParser.parse(text)
    #expect(labels.map(\.name) == expected.map(\.0))
    #expect(labels.map(\.value) == expected.map(\.1))
  }

  @Test(
    arguments: [
      "", "a=\"b\"", "{a=\"b\"", "{a=b}", "{a=\"b}", "{1a=\"b\"}", "{a\"b\"}", "{a=\"b\" c=\"d\"}",
      "{a=\"b\"} x", #"{a="\q"}"#, #"{a="\u12"}"#, #"{a="\uD800"}"#, "{=\"b\"}", #"{a="b\"#,
    ])
  func refusesMalformedLabelStrings(text: String) {
    #expect(throws: LogDecodeError.self) { try LokiLabelParser.parse(text) }
  }
}
