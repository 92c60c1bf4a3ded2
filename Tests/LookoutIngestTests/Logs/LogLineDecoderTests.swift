import Foundation
import LookoutCore
import Testing

@testable import LookoutIngest

/// File lines: timestamps and levels found in plain text, JSON lines.
@Suite("Log line decoder")
struct LogLineDecoderTests {
  static let now: Int64 = 1_717_545_700_000_000  // 2024-06-05T00:01:40Z
  static let plain = LogLineDecoder(format: .plain, source: "/var/log/app.log", service: "app")
  static let json = LogLineDecoder(format: .json, source: "/var/log/app.jsonl", service: "app")

  @Test(
    arguments: [
      ("2024-06-05T00:00:00Z hello", 1_717_545_600_000_000),
      ("2024-06-05T00:00:00.123456789+02:00 hello", 1_717_538_400_123_456),
      ("2024-06-05 00:00:00,5 - app - INFO - hi", 1_717_545_600_500_000),
      ("2024/06/05 00:00:01 [error] 12#0: boom", 1_717_545_601_000_000),
      ("[2024-06-05 00:00:00.250] WARN x", 1_717_545_600_250_000),
      ("05/Jun/2024:02:00:00 +0200 GET /", 1_717_545_600_000_000),
      ("Jun  5 00:00:02 host sshd[1]: ok", 1_717_545_602_000_000),
      ("Dec 31 23:59:59 host cron: last year", 1_704_067_199_000_000),
      ("no time here", now),
      ("2024-13-05 00:00:00 bad month", now),
      ("12:00:00 only a clock", now),
    ] as [(String, Int64)])
  func findsTheLeadingTimestamp(line: String, expected: Int64) {
    let record = Self.plain.decode(line, receivedAt: Self.now)
    #expect(record.timestamp == expected)
    #expect(record.observedTimestamp == Self.now)
    #expect(record.body == line)
    #expect(record.source == "/var/log/app.log")
    #expect(record.service == "app")
  }

  @Test(
    arguments: [
      ("2024-06-05 00:00:00,5 - app - ERROR - boom", LogSeverity.error),
      ("2024/06/05 00:00:01 [warn] 12#0: upstream slow", .warn),
      ("time=2024-06-05T00:00:00Z level=DEBUG msg=x", .debug),
      (#"{"level":"fatal"} not json mode"#, .fatal),
      ("I0605 00:00:00 glog style is unknown", .unknown),
      ("more info here", .unknown),
      ("WARNING: disk full", .warn),
      ("info: listening", .info),
      ("<crit> kernel", .fatal),
      ("xlevel=error is not a level", .unknown),
      ("a b c d e f g h ERROR too far", .unknown),
    ] as [(String, LogSeverity)])
  func detectsTheLevel(line: String, expected: LogSeverity) {
    let record = Self.plain.decode(line, receivedAt: Self.now)
    #expect(record.severity == expected)
    #expect(record.severityNumber == expected.number)
  }

  @Test func readsAJSONLine() {
    let line =
      #"{"ts":"2024-06-05T00:00:00.5Z","level":"warn","msg":"slow request","service":"api","#
      + #""trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","duration_ms":812,"user":{"id":7},"ok":false}"#
    let record = Self.json.decode(line, receivedAt: Self.now)
    #expect(record.timestamp == 1_717_545_600_500_000)
    #expect(record.severity == .warn)
    #expect(record.body == "slow request")
    #expect(record.service == "api")
    #expect(record.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
    #expect(
      record.attributes == [
        LogAttribute("duration_ms", "812"), LogAttribute("user", #"{"id":7}"#),
        LogAttribute("ok", "false"),
      ])
  }

  @Test(
    arguments: [
      (#"{"time":1717545600}"#, 1_717_545_600_000_000),
      (#"{"time":1717545600.25}"#, 1_717_545_600_250_000),
      (#"{"timestamp":1717545600250}"#, 1_717_545_600_250_000),
      (#"{"@timestamp":"1717545600250000"}"#, 1_717_545_600_250_000),
      (#"{"ts":1717545600250000999}"#, 1_717_545_600_250_000),
      (#"{"time":"yesterday"}"#, now),
      (#"{"time":-5}"#, now),
    ] as [(String, Int64)])
  func readsJSONTimesOfEveryMagnitude(line: String, expected: Int64) {
    #expect(Self.json.decode(line, receivedAt: Self.now).timestamp == expected)
  }

  @Test(
    arguments: [
      (#"{"level":30}"#, 9, LogSeverity.info), (#"{"level":50}"#, 17, .error),
      (#"{"severity":"WARNING"}"#, 13, .warn), (#"{"level":"18"}"#, 18, .error),
      (#"{"levelname":"CRITICAL"}"#, 21, .fatal), (#"{"level":99}"#, 0, .unknown),
    ] as [(String, Int, LogSeverity)])
  func readsJSONLevels(line: String, number: Int, label: LogSeverity) {
    let record = Self.json.decode(line, receivedAt: Self.now)
    #expect(record.severityNumber == number)
    #expect(record.severity == label)
  }

  @Test func aLineThatIsNotJSONIsPlainText() {
    let record = Self.json.decode("2024-06-05T00:00:00Z ERROR {broken", receivedAt: Self.now)
    #expect(record.timestamp == 1_717_545_600_000_000)
    #expect(record.severity == .error)
    #expect(record.body == "2024-06-05T00:00:00Z ERROR {broken")
    #expect(record.attributes.isEmpty)
  }

  @Test func aJSONLineWithoutAMessageKeepsTheWholeLine() {
    let line = #"{"event":"login","user":"ann"}"#
    let record = Self.json.decode(line, receivedAt: Self.now)
    #expect(record.body == line)
    #expect(record.attributes.map(\.key) == ["event", "user"])
  }

  @Test func capsLongEntries() {
    let record = Self.plain.decode(
      String(repeating: "x", count: 70_000), receivedAt: Self.now, truncated: false)
    #expect(record.body.utf8.count == 65_536)
    #expect(record.bodyTruncated)
    #expect(Self.plain.decode("short", receivedAt: Self.now, truncated: true).bodyTruncated)
  }
}
