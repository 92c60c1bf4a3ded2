import LookoutIngest
import Testing

@Suite("NginxLogFormat")
struct NginxLogFormatTests {
  @Test func combinedPresetIsNginxCombined() throws {
    let combined = try NginxLogFormat(
      #"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "#
        + #""$http_referer" "$http_user_agent""#)
    #expect(NginxLogFormat.combined == combined)
    #expect(combined.segments.count == 16)
    #expect(combined.segments.last == .literal("\""))
    #expect(NginxLogFormat.combined.escape == .default)
    #expect(NginxLogFormat.combined.hasTimestamp)
    #expect(!NginxLogFormat.combined.isJSON)
  }

  @Test(arguments: [NginxLogFormat.combined, .timed, .json])
  func presetsRoundTripThroughDescription(_ format: NginxLogFormat) throws {
    #expect(try NginxLogFormat(format.description) == format)
  }

  @Test func timedPresetAddsTimes() {
    let variables = NginxLogFormat.timed.segments.compactMap { segment -> String? in
      if case .variable(let name) = segment { name } else { nil }
    }
    #expect(
      variables == [
        "remote_addr", "remote_user", "time_local", "request", "status", "body_bytes_sent",
        "http_referer", "http_user_agent", "request_time", "upstream_response_time",
      ])
    #expect(NginxLogFormat.timed.segments.last == .variable("upstream_response_time"))
  }

  @Test func jsonPresetIsJSON() {
    #expect(NginxLogFormat.json.isJSON)
    #expect(NginxLogFormat.json.escape == .json)
  }

  struct FormCase: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    let escape: NginxLogFormat.Escape
    let segments: [NginxLogFormat.Segment]
    var testDescription: String { name }
  }

  static let expectedPieces: [NginxLogFormat.Segment] = [
    .variable("remote_addr"), .literal(" - "), .variable("remote_user"), .literal(" ["),
    .variable("time_local"), .literal("] \""), .variable("request"), .literal("\" "),
    .variable("status"),
  ]

  static let forms: [FormCase] = [
    FormCase(
      name: "bare", text: #"$remote_addr - $remote_user [$time_local] "$request" $status"#,
      escape: .default, segments: expectedPieces),
    FormCase(
      name: "single-quoted pieces",
      text: """
        '$remote_addr - $remote_user '
                        '[$time_local] "$request" $status'
        """,
      escape: .default, segments: expectedPieces),
    FormCase(
      name: "double-quoted pieces with \\\"",
      text: #""$remote_addr - $remote_user [$time_local] " "\"$request\" $status""#,
      escape: .default, segments: expectedPieces),
    FormCase(
      name: "braces",
      text: #"${remote_addr} - ${remote_user} [${time_local}] "${request}" $status"#,
      escape: .default, segments: expectedPieces),
    FormCase(
      name: "whole directive with escape",
      text:
        #"log_format  main escape=none '$remote_addr - $remote_user ' '[$time_local] "$request" $status';"#,
      escape: .none, segments: expectedPieces),
    FormCase(
      name: "braces glue a variable to text", text: "rt=${request_time}s $status",
      escape: .default,
      segments: [.literal("rt="), .variable("request_time"), .literal("s "), .variable("status")]),
    FormCase(
      name: "escape=json JSON object",
      text: #"escape=json '{"ts":"$msec",' '"st":$status}'"#, escape: .json,
      segments: [
        .literal(#"{"ts":""#), .variable("msec"), .literal(#"","st":"#), .variable("status"),
        .literal("}"),
      ]),
    FormCase(
      name: "bare text starting with a quote", text: #""$request" $status"#, escape: .default,
      segments: [.literal("\""), .variable("request"), .literal("\" "), .variable("status")]),
  ]

  @Test(arguments: forms)
  func compilesEveryForm(_ form: FormCase) throws {
    let format = try NginxLogFormat(form.text)
    #expect(format.escape == form.escape)
    #expect(format.segments == form.segments)
    #expect(try NginxLogFormat(format.description) == format, "\(format.description)")
  }

  @Test func quotesAndBackslashesSurviveDescription() throws {
    // Pieces are joined as they are: the second one brings its own leading space.
    let format = try NginxLogFormat(#"'it\'s \\ $status' " x\"y $request""#)
    #expect(
      format.segments == [
        .literal(#"it's \ "#), .variable("status"), .literal(#" x"y "#), .variable("request"),
      ])
    #expect(try NginxLogFormat(format.description) == format)
  }

  @Test func textFormatMayBeginWithABrace() throws {
    let format = try NginxLogFormat("{$remote_addr} $status")
    #expect(!format.isJSON)
    let record = try NginxLineDecoder(format: format).decode("{10.0.0.1} 200")
    #expect(record.remoteAddress == "10.0.0.1")
    #expect(record.status == 200)
  }

  @Test(arguments: [
    ("$remote_addr$status", NginxFormatError.adjacentVariables("remote_addr", "status")),
    ("$remote_addr $ x", .invalidVariable(near: "$ x")),
    ("[${time_local", .unterminatedBrace(name: "time_local")),
    ("escape=xml '$status'", .unknownEscape("xml")),
    ("  ''  ", .empty),
    ("log_format main ;", .empty),
  ])
  func rejectsBadFormats(_ text: String, _ expected: NginxFormatError) {
    #expect(throws: expected) { try NginxLogFormat(text) }
    #expect(!expected.description.isEmpty)
  }

  @Test func jsonFormatHasTimestampEvenWithoutTimeVariable() throws {
    let format = try NginxLogFormat(#"escape=json '{"st":"$status"}'"#)
    #expect(format.hasTimestamp)
    #expect(try !NginxLogFormat("$status $request").hasTimestamp)
  }
}
