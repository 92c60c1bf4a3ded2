import LookoutCore
import LookoutIngest
import Testing

@Suite("NginxLineDecoder, JSON lines")
struct NginxJSONLineTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    let format: NginxLogFormat
    let line: String
    let expected: RequestRecord
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "nginx escape=json with JSON escapes and unicode",
      format: .json,
      line:
        #"{"time_iso8601":"2024-06-05T09:00:00+09:00","remote_addr":"203.0.113.7","remote_user":"","request":"GET /caf\u00e9?q=\"x\" HTTP/2.0","status":"200","body_bytes_sent":"512","request_time":"0.120","upstream_response_time":"0.100, 0.010","http_referer":"","http_user_agent":"Mozilla \"5\" \ud83d\ude00 \\o/ 翻訳","host":"example.com"}"#,
      expected: RequestRecord(
        timestamp: june5, method: "GET", path: "/café", query: #"q="x""#,
        httpProtocol: "HTTP/2.0", status: 200, requestTime: 120_000, upstreamTime: 110_000,
        bytesSent: 512, remoteAddress: "203.0.113.7",
        userAgent: #"Mozilla "5" 😀 \o/ 翻訳"#, host: "example.com")),
    Case(
      name: "camelCase aliases, JSON numbers, nested values skipped",
      format: .json,
      line:
        #"{ "timestamp": 1717545600123, "clientIp": "1.2.3.4", "method": "POST", "url": "/a?b=1", "statusCode": 201, "duration": 0.25, "userAgent": "x", "bytes": 10, "extra": {"nested": [1, 2, {"a": "}"}]}, "ok": true }"#,
      expected: RequestRecord(
        timestamp: june5 + 123_000, method: "POST", path: "/a", query: "b=1", status: 201,
        requestTime: 250_000, bytesSent: 10, remoteAddress: "1.2.3.4", userAgent: "x")),
    Case(
      name: "null, \"-\" and \"\" are missing",
      format: .json,
      line:
        #"{"msec":"1717545600.000","status":404,"request_time":null,"upstream_response_time":"-","body_bytes_sent":"","http_user_agent":"-"}"#,
      expected: RequestRecord(timestamp: june5, status: 404)),
    Case(
      name: "a text format auto-detects a JSON line",
      format: .combined,
      line:
        #"  {"time_local":"05/Jun/2024:09:00:00 +0900","request_method":"GET","uri":"/health","status":"200"}"#,
      expected: RequestRecord(timestamp: june5, method: "GET", path: "/health", status: 200)),
    Case(
      name: "a JSON log_format's own keys win over aliases",
      format: try! NginxLogFormat(
        #"escape=json '{"ts":"$msec","req":"$request","st":$status,"time":"$request_time"}'"#),
      line: #"{"ts":"1717545600.5","req":"GET / HTTP/1.1","st":204,"time":"0.002"}"#,
      expected: RequestRecord(
        timestamp: june5 + 500_000, method: "GET", path: "/", httpProtocol: "HTTP/1.1",
        status: 204, requestTime: 2000)),
    Case(
      name: "escaped keys, @timestamp in ISO 8601",
      format: .json,
      line: #"{"@timestamp":"2024-06-05T00:00:00.250Z","http_\u0075ser_agent":"k","status":"500"}"#,
      expected: RequestRecord(timestamp: june5 + 250_000, status: 500, userAgent: "k")),
  ]

  @Test(arguments: cases)
  func decodes(_ testCase: Case) throws {
    let decoder = NginxLineDecoder(format: testCase.format)
    #expect(try decoder.decode(testCase.line) == testCase.expected)
  }

  @Test func invalidUTF8InAStringIsReplaced() throws {
    var line = Array(#"{"status":"200","http_user_agent":"a"#.utf8)
    line += [0xFF, 0xC3]
    line += Array(#"b"}"#.utf8)
    #expect(try NginxLineDecoder(format: .json).decode(line).userAgent == "a\u{FFFD}\u{FFFD}b")
  }

  @Test(arguments: [
    (
      #"{"status": 200"#, NginxDecodeError.invalidJSON(column: 15, reason: "unexpected end of line")
    ),
    (#"{"status": 200} trailing"#, .invalidJSON(column: 17, reason: "text after the object")),
    (#"{"status" 200}"#, .invalidJSON(column: 11, reason: "expected `:`")),
    (#"{"status": "200}"#, .invalidJSON(column: 12, reason: "unterminated string")),
    (#"{"status": , "x": 1}"#, .invalidJSON(column: 12, reason: "expected a value")),
    (#"{"a": "#, .invalidJSON(column: 6, reason: "unexpected end of line")),
    (
      #"{"a": "# + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}",
      .invalidJSON(column: 40, reason: "nested too deeply")
    ),
    (#"{"status": "20x"}"#, .badStatus(value: "20x")),
    (#"{"request_time": "1e-3"}"#, .badNumber(variable: "request_time", value: "1e-3")),
    (#"{"time": "yesterday"}"#, .badTime(variable: "time", value: "yesterday")),
  ])
  func rejects(_ line: String, _ expected: NginxDecodeError) {
    #expect(throws: expected) { try NginxLineDecoder(format: .json).decode(line) }
  }
}
