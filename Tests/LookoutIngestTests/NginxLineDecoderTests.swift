import LookoutCore
import LookoutIngest
import Testing

/// 2024-06-05T00:00:00Z, the generator's default start, in microseconds.
let june5: Int64 = 1_717_545_600_000_000

@Suite("NginxLineDecoder")
struct NginxLineDecoderTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    let format: String
    let line: String
    let expected: RequestRecord
    var testDescription: String { name }
  }

  static let combined = NginxLogFormat.combined.description
  static let timed = NginxLogFormat.timed.description

  static let cases: [Case] = [
    Case(
      name: "combined",
      format: combined,
      line:
        #"203.0.113.7 - alice [05/Jun/2024:09:00:00 +0900] "GET /api/v1/users/42?expand=1 HTTP/1.1" 200 512 "https://example.com/" "curl/8.4.0""#,
      expected: RequestRecord(
        timestamp: june5, method: "GET", path: "/api/v1/users/42", query: "expand=1",
        httpProtocol: "HTTP/1.1", status: 200, bytesSent: 512, remoteAddress: "203.0.113.7",
        remoteUser: "alice", referer: "https://example.com/", userAgent: "curl/8.4.0")),
    Case(
      name: "timed",
      format: timed,
      line:
        #"16.63.114.162 - - [05/Jun/2024:09:00:00 +0900] "POST /api/v1/orders HTTP/2.0" 201 38287 "-" "okhttp/4.12.0" 0.034 0.033"#,
      expected: RequestRecord(
        timestamp: june5, method: "POST", path: "/api/v1/orders", httpProtocol: "HTTP/2.0",
        status: 201, requestTime: 34_000, upstreamTime: 33_000, bytesSent: 38287,
        remoteAddress: "16.63.114.162", userAgent: "okhttp/4.12.0")),
    Case(
      name: "dashes are missing values",
      format: timed,
      line: #"::1 - - [05/Jun/2024:09:00:00 +0900] "-" 400 - "-" "-" 0.000 -"#,
      expected: RequestRecord(
        timestamp: june5, status: 400, requestTime: 0, remoteAddress: "::1")),
    Case(
      name: "upstream list with , and :",
      format: timed,
      line:
        #"10.0.0.1 - - [05/Jun/2024:09:00:00 +0900] "GET / HTTP/1.1" 502 0 "-" "x" 1.500 0.010, 0.020 : 0.005"#,
      expected: RequestRecord(
        timestamp: june5, method: "GET", path: "/", httpProtocol: "HTTP/1.1", status: 502,
        requestTime: 1_500_000, upstreamTime: 35_000, bytesSent: 0, remoteAddress: "10.0.0.1",
        userAgent: "x")),
    Case(
      name: "upstream list of dashes only",
      format: timed,
      line:
        #"10.0.0.1 - - [05/Jun/2024:09:00:00 +0900] "GET / HTTP/1.1" 504 0 "-" "x" 60.001 -, - : -"#,
      expected: RequestRecord(
        timestamp: june5, method: "GET", path: "/", httpProtocol: "HTTP/1.1", status: 504,
        requestTime: 60_001_000, bytesSent: 0, remoteAddress: "10.0.0.1", userAgent: "x")),
    Case(
      name: "upstream list with some dashes",
      format: timed,
      line:
        #"10.0.0.1 - - [05/Jun/2024:09:00:00 +0900] "GET / HTTP/1.1" 200 0 "-" "x" 0.3 -, 0.250 : 0.012"#,
      expected: RequestRecord(
        timestamp: june5, method: "GET", path: "/", httpProtocol: "HTTP/1.1", status: 200,
        requestTime: 300_000, upstreamTime: 262_000, bytesSent: 0, remoteAddress: "10.0.0.1",
        userAgent: "x")),
    Case(
      name: "\\x escapes, \\x22 inside the user agent",
      format: combined,
      line:
        #"1.2.3.4 - - [05/Jun/2024:09:00:00 +0900] "GET /search?q=\xE7\xBF\xBB\xE8\xA8\xB3 HTTP/1.1" 200 1 "-" "Mozilla \x22quoted\x22 \x5Cback\x5C" "#,
      expected: RequestRecord(
        timestamp: june5, method: "GET", path: "/search", query: "q=翻訳",
        httpProtocol: "HTTP/1.1", status: 200, bytesSent: 1, remoteAddress: "1.2.3.4",
        userAgent: #"Mozilla "quoted" \back\"#)),
    Case(
      name: "raw \\\" accepted leniently",
      format: combined,
      line:
        #"1.2.3.4 - - [05/Jun/2024:09:00:00 +0900] "GET / HTTP/1.1" 200 1 "-" "say \"hi\" \\ ok""#,
      expected: RequestRecord(
        timestamp: june5, method: "GET", path: "/", httpProtocol: "HTTP/1.1", status: 200,
        bytesSent: 1, remoteAddress: "1.2.3.4", userAgent: #"say "hi" \ ok"#)),
    Case(
      name: "escaped invalid UTF-8 becomes U+FFFD",
      format: combined,
      line:
        #"1.2.3.4 - - [05/Jun/2024:09:00:00 +0900] "GET / HTTP/1.1" 200 1 "-" "bad \xFF\xFE end""#,
      expected: RequestRecord(
        timestamp: june5, method: "GET", path: "/", httpProtocol: "HTTP/1.1", status: 200,
        bytesSent: 1, remoteAddress: "1.2.3.4", userAgent: "bad \u{FFFD}\u{FFFD} end")),
    Case(
      name: "CRLF and trailing whitespace",
      format: combined,
      line: "1.2.3.4 - - [05/Jun/2024:09:00:00 +0900] \"GET / HTTP/1.1\" 304 0 \"-\" \"x\"  \t\r\n",
      expected: RequestRecord(
        timestamp: june5, method: "GET", path: "/", httpProtocol: "HTTP/1.1", status: 304,
        bytesSent: 0, remoteAddress: "1.2.3.4", userAgent: "x")),
    Case(
      name: "request line that is only a path",
      format: combined,
      line: #"1.2.3.4 - - [05/Jun/2024:09:00:00 +0900] "/index.html?x=1" 400 0 "-" "-""#,
      expected: RequestRecord(
        timestamp: june5, path: "/index.html", query: "x=1", status: 400, bytesSent: 0,
        remoteAddress: "1.2.3.4")),
    Case(
      name: "request line without protocol, and a space in the target",
      format: combined,
      line: #"1.2.3.4 - - [05/Jun/2024:09:00:00 +0900] "GET /a b" 400 0 "-" "-""#,
      expected: RequestRecord(
        timestamp: june5, method: "GET", path: "/a b", status: 400, bytesSent: 0,
        remoteAddress: "1.2.3.4")),
    Case(
      name: "garbage request line kept as logged",
      format: combined,
      line: #"1.2.3.4 - - [05/Jun/2024:09:00:00 +0900] "\x16\x03\x01\x00\xA5\x01" 400 157 "-" "-""#,
      expected: RequestRecord(
        timestamp: june5, path: #"\x16\x03\x01\x00\xA5\x01"#, status: 400, bytesSent: 157,
        remoteAddress: "1.2.3.4")),
    Case(
      name: "WebDAV method and absolute-form target",
      format: combined,
      line:
        #"1.2.3.4 - - [05/Jun/2024:09:00:00 +0900] "VERSION-CONTROL http://h.example/p?q HTTP/1.0" 405 0 "-" "-""#,
      expected: RequestRecord(
        timestamp: june5, method: "VERSION-CONTROL", path: "http://h.example/p", query: "q",
        httpProtocol: "HTTP/1.0", status: 405, bytesSent: 0, remoteAddress: "1.2.3.4")),
    Case(
      name: "custom format with literals and ${var}",
      format:
        #"[${time_iso8601}] host=$host up=$upstream_addr rt=${request_time}s "$request" $status ${bytes_sent}B"#,
      line:
        #"[2024-06-05T09:00:00+09:00] host=api.example.com up=10.0.0.1:80, 10.0.0.2:80 : unix:/tmp/s rt=0.250s "DELETE /api/v1/favorites/9 HTTP/1.1" 204 310B"#,
      expected: RequestRecord(
        timestamp: june5, method: "DELETE", path: "/api/v1/favorites/9",
        httpProtocol: "HTTP/1.1", status: 204, requestTime: 250_000, bytesSent: 310,
        host: "api.example.com")),
    Case(
      name: "unquoted list before a number needs backtracking",
      format: "$remote_addr $http_x_forwarded_for $status $body_bytes_sent",
      line: "1.2.3.4 10.0.0.1, 10.0.0.2 200 512",
      expected: RequestRecord(
        timestamp: 0, status: 200, bytesSent: 512, remoteAddress: "1.2.3.4")),
    Case(
      name: "unbracketed $time_local contains a space",
      format: "$time_local $status $msec",
      line: "05/Jun/2024:09:00:00 +0900 404 1717545600.250",
      expected: RequestRecord(timestamp: june5 + 250_000, status: 404)),
    Case(
      name: "escape=none: raw quotes inside a quoted field",
      format: #"escape=none '"$http_user_agent" $status'"#,
      line: #""raw "quoted" ua" 200"#,
      expected: RequestRecord(timestamp: 0, status: 200, userAgent: #"raw "quoted" ua"#)),
    Case(
      name: "escape=json in a text format",
      format: #"escape=json '$remote_addr "$http_user_agent" $status'"#,
      line: #"1.2.3.4 "a \"b\" \\ c\u00e9\t" 200"#,
      expected: RequestRecord(
        timestamp: 0, status: 200, remoteAddress: "1.2.3.4", userAgent: "a \"b\" \\ cé\t")),
    Case(
      name: "explicit variables win over the request line",
      format:
        "$host $http_host $server_name $request_method $request_uri $uri $args $server_protocol \"$request\" $status $bytes_sent $body_bytes_sent",
      line:
        #"a.example b.example:8080 c.example PUT /u?x=1 /rewritten - HTTP/2.0 "GET /r?y=2 HTTP/1.1" 200 900 800"#,
      expected: RequestRecord(
        timestamp: 0, method: "PUT", path: "/u", query: "x=1", httpProtocol: "HTTP/2.0",
        status: 200, bytesSent: 800, host: "a.example")),
    Case(
      name: "$uri and $args alone",
      format: "$http_host $request_method $uri?$args $status",
      line: "b.example:8080 GET /p?a=1&b=2 301",
      expected: RequestRecord(
        timestamp: 0, method: "GET", path: "/p", query: "a=1&b=2", status: 301,
        host: "b.example:8080")),
  ]

  @Test(arguments: cases)
  func decodes(_ testCase: Case) throws {
    let decoder = NginxLineDecoder(format: try NginxLogFormat(testCase.format))
    #expect(try decoder.decode(testCase.line) == testCase.expected)
  }

  @Test(
    arguments: [
      ("05/Jun/2024:09:00:00 +0900", june5),
      ("04/Jun/2024:17:00:00 -0700", june5),
      ("05/Jun/2024:00:00:00 +0000", june5),
      ("29/Feb/2024:23:59:59 +0000", 1_709_251_199_000_000),
      ("31/Dec/2023:23:30:00 -0130", 1_704_070_800_000_000),
      ("01/Jan/1970:00:00:00 +0000", 0),
      ("31/Dec/1999:23:59:59 +0000", 946_684_799_000_000),
      ("01/Mar/2100:09:00:00 +0900", 4_107_542_400_000_000),
    ] as [(String, Int64)])
  func timeLocalAtOffsets(_ time: String, _ epoch: Int64) throws {
    let decoder = NginxLineDecoder(format: try NginxLogFormat("[$time_local] $status"))
    #expect(try decoder.decode("[\(time)] 200").timestamp == epoch)
  }

  @Test(
    arguments: [
      ("2024-06-05T09:00:00+09:00", june5),
      ("2024-06-04T17:00:00-07:00", june5),
      ("2024-06-05T00:00:00Z", june5),
      ("2024-06-05T00:00:00.123456Z", june5 + 123_456),
      ("2024-06-05 09:00:00.5+0900", june5 + 500_000),
    ] as [(String, Int64)])
  func iso8601AtOffsets(_ time: String, _ epoch: Int64) throws {
    let decoder = NginxLineDecoder(format: try NginxLogFormat("$time_iso8601 $status"))
    #expect(try decoder.decode("\(time) 200").timestamp == epoch)
  }

  @Test func rawInvalidUTF8IsReplaced() throws {
    var line = Array(
      #"1.2.3.4 - - [05/Jun/2024:09:00:00 +0900] "GET /caf"#.utf8)
    line += [0xE9, 0xFF]
    line += Array(#" HTTP/1.1" 200 1 "-" "ua"#.utf8) + [0xC3]
    line += Array("\"\n".utf8)
    let record = try NginxLineDecoder().decode(line)
    #expect(record.path == "/caf\u{FFFD}\u{FFFD}")
    #expect(record.userAgent == "ua\u{FFFD}")
  }

  struct ErrorCase: Sendable, CustomTestStringConvertible {
    let name: String
    let format: String
    let line: String
    let expected: NginxDecodeError
    var testDescription: String { name }
  }

  static let sample =
    #"1.2.3.4 - - [05/Jun/2024:09:00:00 +0900] "GET / HTTP/1.1" 200 1 "-" "curl/8""#

  static let errorCases: [ErrorCase] = [
    ErrorCase(name: "empty", format: combined, line: "", expected: .emptyLine),
    ErrorCase(name: "blank", format: combined, line: " \t\r\n", expected: .emptyLine),
    ErrorCase(
      name: "timed line, combined format", format: combined, line: sample + " 0.1 0.1",
      expected: .trailingData(column: sample.utf8.count + 1)),
    ErrorCase(
      name: "combined line, timed format", format: timed, line: sample,
      expected: .literalMismatch(expected: "\" ", column: sample.utf8.count)),
    ErrorCase(
      name: "garbage bytes", format: combined, line: "\u{01}\u{02}binary\u{7F}",
      expected: .literalMismatch(expected: " - ", column: 10)),
    ErrorCase(
      name: "truncated in the time", format: combined,
      line: "1.2.3.4 - - [05/Jun/2024:09:00",
      expected: .literalMismatch(expected: "] \"", column: 31)),
    ErrorCase(
      name: "truncated in the user agent", format: combined,
      line:
        #"1.2.3.4 - - [05/Jun/2024:09:00:00 +0900] "GET / HTTP/1.1" 200 1 "-" "Mozilla/5.0 (X11"#,
      expected: .unterminatedQuote(variable: "http_user_agent", column: 69)),
    ErrorCase(
      name: "bad status", format: combined,
      line: #"1.2.3.4 - - [05/Jun/2024:09:00:00 +0900] "GET / HTTP/1.1" abc 1 "-" "-""#,
      expected: .badStatus(value: "abc")),
    ErrorCase(
      name: "four-digit status", format: combined,
      line: #"1.2.3.4 - - [05/Jun/2024:09:00:00 +0900] "GET / HTTP/1.1" 2000 1 "-" "-""#,
      expected: .badStatus(value: "2000")),
    ErrorCase(
      name: "bad month", format: combined,
      line: #"1.2.3.4 - - [05/Jux/2024:09:00:00 +0900] "GET / HTTP/1.1" 200 1 "-" "-""#,
      expected: .badTime(variable: "time_local", value: "05/Jux/2024:09:00:00 +0900")),
    ErrorCase(
      name: "day 32", format: combined,
      line: #"1.2.3.4 - - [32/Jun/2024:09:00:00 +0900] "GET / HTTP/1.1" 200 1 "-" "-""#,
      expected: .badTime(variable: "time_local", value: "32/Jun/2024:09:00:00 +0900")),
    ErrorCase(
      name: "30 February", format: combined,
      line: #"1.2.3.4 - - [30/Feb/2024:09:00:00 +0900] "GET / HTTP/1.1" 200 1 "-" "-""#,
      expected: .badTime(variable: "time_local", value: "30/Feb/2024:09:00:00 +0900")),
    ErrorCase(
      name: "bad request time", format: timed, line: sample + " fast -",
      expected: .badNumber(variable: "request_time", value: "fast")),
    ErrorCase(
      name: "bad bytes", format: combined,
      line: #"1.2.3.4 - - [05/Jun/2024:09:00:00 +0900] "GET / HTTP/1.1" 200 1k "-" "-""#,
      expected: .literalMismatch(expected: " \"", column: 64)),
    ErrorCase(
      name: "text line for a JSON format", format: NginxLogFormat.json.description, line: sample,
      expected: .invalidJSON(column: 1, reason: "expected a JSON object (`{`)")),
  ]

  @Test(arguments: errorCases)
  func rejects(_ testCase: ErrorCase) throws {
    let decoder = NginxLineDecoder(format: try NginxLogFormat(testCase.format))
    #expect(throws: testCase.expected) { try decoder.decode(testCase.line) }
    #expect(!testCase.expected.description.isEmpty)
  }

  @Test func lineTooLong() throws {
    let longAgent = String(repeating: "a", count: 1 << 20)
    let line =
      #"1.2.3.4 - - [05/Jun/2024:09:00:00 +0900] "GET / HTTP/1.1" 200 1 "-" ""#
      + longAgent + "\""
    #expect(throws: NginxDecodeError.lineTooLong(limit: 65536)) {
      try NginxLineDecoder().decode(line)
    }
    let generous = NginxLineDecoder(format: .combined, maxLineLength: 2 << 20)
    #expect(try generous.decode(line).userAgent.utf8.count == 1 << 20)
  }

  @Test func decodesEveryByteSlice() throws {
    let bytes = Array((Self.sample + "\n").utf8)
    let decoder = NginxLineDecoder()
    let expected = try decoder.decode(Self.sample)
    #expect(try decoder.decode(bytes) == expected)
    #expect(try decoder.decode(bytes[0...]) == expected)
    #expect(try bytes.withUnsafeBytes { try decoder.decode($0) } == expected)
  }
}
