import LookoutCore
import LookoutIngest
import Testing

/// One `log_line_prefix`, a duration line written with it, and what the record gets.
struct PostgresPrefixCase: Sendable, CustomTestStringConvertible {
  let prefix: String
  let line: String
  var timestamp: Int64 = 1_717_588_800_123_000
  var user = "app"
  var database = "shop"
  var host = ""
  var processID: Int64? = 4242
  var extra: [String: String] = [:]

  var testDescription: String { prefix }
}

@Suite("PostgresLinePrefix")
struct PostgresLinePrefixTests {
  static let message = "LOG:  duration: 1.500 ms  statement: SELECT 1"
  static let noon = 1_717_588_800_000_000 as Int64

  static let cases: [PostgresPrefixCase] = [
    .init(prefix: "%m [%p] %q%u@%d ", line: "2024-06-05 12:00:00.123 UTC [4242] app@shop "),
    .init(prefix: "%m [%p] ", line: "2024-06-05 12:00:00.123 UTC [4242] ", user: "", database: ""),
    .init(
      prefix: "%t [%p]: [%l-1] db=%d,user=%u,app=%a,client=%h ",
      line: "2024-06-05 14:00:00 CEST [4242]: [3-1] db=shop,user=app,app=psql app,client=10.0.0.7 ",
      timestamp: noon, host: "10.0.0.7", extra: ["application_name": "psql app"]),
    .init(
      prefix: "%n %r %c %l %e %x %v %% ",
      line: "1717588800.123 10.0.0.7(51234) 665fe2c0.1092 7 00000 0 3/17 % ", user: "",
      database: "", host: "10.0.0.7", processID: nil, extra: ["session_id": "665fe2c0.1092"]),
    .init(
      prefix: "%m %b %i %Q %s %u@%d ",
      line:
        "2024-06-05 21:00:00.123 +09 client backend idle in transaction -8914232777281370600 "
        + "2024-06-05 20:00:00 +09 app@my shop ",
      database: "my shop", processID: nil, extra: ["query_id": "-8914232777281370600"]),
    .init(
      prefix: "%-10u|%5p|%a|%d|",
      line: "app       | 4242|[unknown]|shop|", timestamp: 0),
    .init(
      prefix: "<%h %P %m> ",
      line: "<[local]  2024-06-05 07:00:00.123 -05> ", user: "", database: "", host: "[local]",
      processID: nil),
    .init(prefix: "%z%m %p ", line: "2024-06-05 12:00:00.123 UTC 4242 ", user: "", database: ""),
  ]

  @Test(arguments: cases)
  func prefixGivesTheRecordItsFields(_ prefixCase: PostgresPrefixCase) {
    let log = prefixCase.line + Self.message + "\n"
    let batch = PostgresLogDecoder.decodeAll(
      SlowLogTestSupport.bytes(log),
      configuration: .init(format: .stderr(PostgresLinePrefix(prefixCase.prefix))))
    #expect(batch.report.isEmpty, "\(batch.report.examples)")
    let expected = SlowQueryRecord(
      timestamp: prefixCase.timestamp, engine: .postgres, statement: "SELECT 1",
      queryTime: 1_500, database: prefixCase.database, user: prefixCase.user,
      host: prefixCase.host, connectionID: prefixCase.processID, extra: prefixCase.extra)
    #expect(batch.records == [expected])
  }

  @Test func backgroundProcessLinesStopAtPercentQ() {
    let log = """
      2024-06-05 12:00:00.123 UTC [77] LOG:  checkpoint starting: time
      2024-06-05 12:00:01.000 UTC [4242] app@shop LOG:  duration: 2.000 ms  statement: SELECT 2
      2024-06-05 12:00:02.000 UTC [77] LOG:  duration: 3.000 ms  statement: VACUUM
      """
    let batch = PostgresLogDecoder.decodeAll(SlowLogTestSupport.bytes(log))
    #expect(batch.report.isEmpty)
    #expect(batch.ignoredLines == 1)
    #expect(batch.records.map(\.statement) == ["SELECT 2", "VACUUM"])
    #expect(batch.records.map(\.user) == ["app", ""])
    #expect(batch.records.map(\.connectionID) == [4242, 77])
  }

  @Test func describesItselfAsConfigured() {
    #expect(PostgresLinePrefix.debian.description == "%m [%p] %q%u@%d ")
    #expect(PostgresLinePrefix("%t [%p] ") == PostgresLinePrefix("%t [%p] "))
  }
}
