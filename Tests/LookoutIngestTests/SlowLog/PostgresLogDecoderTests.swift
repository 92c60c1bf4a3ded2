import LookoutCore
import LookoutIngest
import Testing

/// A real PostgreSQL 15 log fixture and what it holds (see Fixtures/slowlog/README.md).
struct PostgresFixture: Sendable, CustomTestStringConvertible {
  let file: String
  let format: PostgresLogDecoder.Format
  let records: Int
  let skipped: Int

  var testDescription: String { file }
}

@Suite("PostgresLogDecoder")
struct PostgresLogDecoderTests {
  static let fixtures: [PostgresFixture] = [
    .init(file: "postgres15-debian.log", format: .stderr(.debian), records: 90, skipped: 66),
    .init(file: "postgres15.csv", format: .csvlog, records: 90, skipped: 66),
    .init(
      file: "postgres15-pgbadger.log",
      format: .stderr(PostgresLinePrefix("%t [%p]: [%l-1] db=%d,user=%u,app=%a,client=%h ")),
      records: 10, skipped: 10),
    .init(
      file: "postgres15-all-escapes.log",
      format: .stderr(
        PostgresLinePrefix("%m|%n|%p|%c|%l|%s|%v|%x|%e|%b|%i|%r|%h|%a|%Q|%%|%q%u@%d ")),
      records: 11, skipped: 10),
  ]

  static func decode(_ log: String, format: PostgresLogDecoder.Format = .stderr(.debian))
    -> SlowLogBatch
  {
    PostgresLogDecoder.decodeAll(
      SlowLogTestSupport.bytes(log), configuration: .init(format: format))
  }

  @Test(arguments: fixtures)
  func fixtureGivesEveryExecutedStatement(_ fixture: PostgresFixture) throws {
    let log = try SlowLogTestSupport.fixture(fixture.file)
    let batch = PostgresLogDecoder.decodeAll(log, configuration: .init(format: fixture.format))
    #expect(batch.report.isEmpty, "\(batch.report.examples)")
    #expect(batch.records.count == fixture.records)
    #expect(batch.skippedEntries == fixture.skipped)
    #expect(batch.entryCount == fixture.records + fixture.skipped)
    #expect(batch.consumedBytes == log.count)
    #expect(batch.records.allSatisfy { $0.engine == .postgres && $0.user == "lookout" })
    #expect(batch.records.allSatisfy { $0.timestamp > 1_700_000_000_000_000 })
    #expect(batch.records.allSatisfy { !$0.statement.hasSuffix(";") && $0.connectionID != nil })
    let extended = batch.records.filter { $0.statement.hasPrefix("SELECT $1::text AS quoted") }
    #expect(extended.map(\.parameters) == [[#"'it''s "quoted"'"#, "NULL"]])
    let named = try #require(batch.records.first { $0.statement.hasPrefix("SELECT count(*)") })
    #expect(named.statement == "SELECT count(*)\nFROM users\nWHERE name LIKE $1")
    #expect(named.parameters == ["'user%'"])
    let lines = try #require(batch.records.first { $0.statement == "SELECT $1::text AS lines" })
    #expect(lines.parameters == ["'first line\nsecond line'"])
  }

  @Test(arguments: fixtures.map(\.file), [1, 7, 4096])
  func fixtureDecodesTheSameInEveryFraming(file: String, size: Int) throws {
    let fixture = try #require(Self.fixtures.first { $0.file == file })
    let log = try SlowLogTestSupport.fixture(file)
    let configuration = PostgresLogDecoder.Configuration(format: fixture.format)
    let whole = PostgresLogDecoder.decodeAll(log, configuration: configuration)
    var decoder = PostgresLogDecoder(configuration: configuration)
    let chunked = SlowLogTestSupport.chunked(
      log, size: size, feed: { decoder.feed($0) }, finish: { decoder.finish() })
    #expect(chunked.records == whole.records)
    #expect(chunked.skippedEntries == whole.skippedEntries)
    #expect(chunked.report == whole.report)
  }

  @Test func stderrAndCSVOfTheSameRunAgree() throws {
    let stderr = PostgresLogDecoder.decodeAll(
      try SlowLogTestSupport.fixture("postgres15-debian.log"))
    let csv = PostgresLogDecoder.decodeAll(
      try SlowLogTestSupport.fixture("postgres15.csv"), configuration: .init(format: .csvlog))
    // The Debian prefix has no client address and no session id; csvlog has both.
    func core(_ record: SlowQueryRecord) -> SlowQueryRecord {
      var record = record
      record.host = ""
      record.extra = [:]
      return record
    }
    #expect(stderr.records.map(core) == csv.records.map(core))
    #expect(csv.records.allSatisfy { $0.host == "127.0.0.1" && $0.extra["session_id"] != nil })
    let multiLine = try #require(stderr.records.first { $0.statement.hasPrefix("SELECT id,") })
    #expect(
      multiLine.statement
        == "SELECT id,\n\tname\n  FROM users\n WHERE email LIKE '%@example.com'\n ORDER BY id\n LIMIT 3"
    )
    let truncated = stderr.records.filter { $0.parameters.contains("'2550...'") }
    #expect(truncated.count == 3)
  }

  @Test func otherMessagesAreSkippedAndStrayLinesAreBad() {
    let log = """
      garbage before the first message
      2024-06-05 12:00:00.000 UTC [1] LOG:  checkpoint starting: time
      2024-06-05 12:00:00.100 UTC [9] app@shop ERROR:  relation "t" does not exist at character 15
      2024-06-05 12:00:00.100 UTC [9] app@shop STATEMENT:  SELECT * FROM t;
      2024-06-05 12:00:00.200 UTC [9] app@shop LOG:  duration: 0.500 ms  statement: SELECT 1;
      2024-06-05 12:00:00.300 UTC [9] app@shop LOG:  duration: 0.010 ms  parse <unnamed>: SELECT 2
      2024-06-05 12:00:00.300 UTC [9] app@shop LOG:  duration: 0.010 ms  bind <unnamed>: SELECT 2
      2024-06-05 12:00:00.300 UTC [9] app@shop DETAIL:  parameters: $1 = '1'
      2024-06-05 12:00:00.400 UTC [9] app@shop LOG:  duration: 0.020 ms
      2024-06-05 12:00:00.500 UTC [9] app@shop LOG:  duration: twelve ms  statement: SELECT 3
      2024-06-05 12:00:00.600 UTC [9] app@shop LOG:  duration: 1.250 ms  statement: SELECT 4
      \u{0}\u{1}binary
      """
    let batch = Self.decode(log)
    #expect(batch.records.map(\.statement) == ["SELECT 1", "SELECT 4\n\u{0}\u{1}binary"])
    #expect(batch.records.map(\.queryTime) == [500, 1_250])
    #expect(batch.skippedEntries == 3)
    #expect(batch.report.badLines == 2)
    #expect(batch.report.examples.map(\.lineNumber) == [1, 10])
    #expect(
      batch.report.examples.map(\.reason)
        == [SlowLogDecodeError.missingLinePrefix, .unreadableDuration].map(\.description))
  }

  @Test func detailOfAnotherProcessDoesNotAttach() {
    let log = """
      2024-06-05 12:00:00.000 UTC [9] app@shop LOG:  duration: 0.500 ms  execute S_1: SELECT $1
      2024-06-05 12:00:00.000 UTC [10] app@shop DETAIL:  parameters: $1 = 'other'
      2024-06-05 12:00:00.000 UTC [11] app@shop LOG:  duration: 0.500 ms  execute S_1: SELECT $1
      2024-06-05 12:00:00.000 UTC [11] app@shop DETAIL:  parameters: $1 = 'mine', $2 = NULL
      """
    #expect(Self.decode(log).records.map(\.parameters) == [[], ["'mine'", "NULL"]])
  }

  @Test(arguments: [4096, 1 << 20])
  func tenMegabyteStatementIsCapped(chunkSize: Int) {
    let big = "SELECT " + String(repeating: "'abcdefgh', ", count: 900_000) + "1"
    for format in [PostgresLogDecoder.Format.stderr(.debian), .csvlog] {
      let log: String
      if format == .csvlog {
        let row = { (statement: String) in
          "2024-06-05 12:00:00.000 UTC,\"app\",\"shop\",9,\"10.0.0.1:5000\",665f.9,1,\"SELECT\","
            + "2024-06-05 11:00:00 UTC,3/0,0,LOG,00000,\"duration: 2.000 ms  statement: "
            + statement.replacingOccurrences(of: "\"", with: "\"\"")
            + "\",,,,,,,,,\"psql\",\"client backend\",,0\n"
        }
        log = row("SELECT 1") + row(big) + row("SELECT 2")
      } else {
        let line = { (statement: String) in
          "2024-06-05 12:00:00.000 UTC [9] app@shop LOG:  duration: 2.000 ms  statement: "
            + statement + "\n"
        }
        log = line("SELECT 1") + line(big) + line("SELECT 2")
      }
      let bytes = SlowLogTestSupport.bytes(log)
      #expect(bytes.count > 10_000_000)
      var decoder = PostgresLogDecoder(configuration: .init(format: format))
      let batch = SlowLogTestSupport.chunked(
        bytes, size: chunkSize, feed: { decoder.feed($0) }, finish: { decoder.finish() })
      #expect(batch.report.isEmpty)
      #expect(batch.records.map(\.statement.utf8.count) == [8, 1 << 20, 8])
      #expect(batch.records.map { $0.extra["truncated"] } == [nil, "true", nil])
    }
  }

  @Test func csvRowsOfTheWrongShapeAreBadAndTheRestKept() throws {
    var log = try SlowLogTestSupport.fixture("postgres15.csv")
    let good = PostgresLogDecoder.decodeAll(log, configuration: .init(format: .csvlog))
    log = Array("not,a,csvlog,row\n".utf8) + log + Array("2024-06-05 12:00:00.000 UTC,\"app".utf8)
    let batch = PostgresLogDecoder.decodeAll(log, configuration: .init(format: .csvlog))
    #expect(batch.records == good.records)
    #expect(batch.report.badLines == 2)
    #expect(batch.report.examples.first?.excerpt == "not,a,csvlog,row")
    #expect(
      batch.report.examples.last?.reason == SlowLogDecodeError.wrongColumnCount(2).description)
  }

  @Test func consumedBytesResumesAtAnEntryBoundary() throws {
    let log = try SlowLogTestSupport.fixture("postgres15-debian.log")
    let all = PostgresLogDecoder.decodeAll(log).records
    for cut in stride(from: 1, to: log.count, by: 1_013) {
      var first = PostgresLogDecoder()
      let head = first.feed(log[..<cut])
      var second = PostgresLogDecoder(startOffset: head.consumedBytes)
      var tail = second.feed(log[head.consumedBytes...])
      tail.append(second.finish())
      #expect(head.records + tail.records == all, "cut at \(cut)")
    }
  }
}
