import LookoutCore
import LookoutIngest
import Testing

/// What pt-query-digest 3.2.1 saw in one sample log, and what the decoder must see.
struct PtQueryDigestCounts: Sendable, CustomTestStringConvertible {
  let file: String
  /// Events pt-query-digest parsed (`--filter` printing one line per event).
  let entries: Int
  /// Sums of its `Query_time` and `Lock_time` (microseconds), `Rows_sent`, `Rows_examined`.
  let queryTime: Int64
  let lockTime: Int64
  let rowsSent: Int64
  let rowsExamined: Int64
  /// Entries the decoder counts bad (pt-query-digest drops them silently).
  let bad: Int
  /// Server start banner lines skipped.
  let banners: Int

  var testDescription: String { file }

  init(
    _ file: String, _ entries: Int, _ queryTime: Int64, _ lockTime: Int64, _ rowsSent: Int64,
    _ rowsExamined: Int64, bad: Int = 0, banners: Int = 0
  ) {
    self.file = file
    self.entries = entries
    self.queryTime = queryTime
    self.lockTime = lockTime
    self.rowsSent = rowsSent
    self.rowsExamined = rowsExamined
    self.bad = bad
    self.banners = banners
  }
}

@Suite("MySQLSlowLogDecoder on pt-query-digest's samples")
struct MySQLSlowLogSampleTests {
  // Obtained with `pt-query-digest --no-report --filter F slowNNN.txt` where F prints the
  // event's Query_time, Lock_time, Rows_sent and Rows_examined, summed with awk, and
  // checked against `--output json` (global query_count and metric sums).
  //
  // Where the decoder differs on purpose:
  // - slow015: a lone `# Time:` and a cut `# User@Host:` line. pt-query-digest sees no
  //   event; the decoder sees one entry and counts it bad (no `# Query_time:`).
  // - slow017: `Query_time: 18446744073708.796870.000036` is a wrapped negative time
  //   (mysqld's clock went back). pt-query-digest sums the string as 18446744073708.8 s
  //   and its report then fails to compile ("syntax error") and prints the event seven
  //   times; the decoder keeps the entry with queryTime 0 and the raw value in `extra`.
  // - slow019: pt-query-digest zeroes Rows_sent/Rows_examined of `administrator command`
  //   events in its report pipeline ("zero admin"), giving 0 and 3; the decoder keeps what
  //   the log says (5+0+9 and 3+3+2).
  static let samples: [PtQueryDigestCounts] = [
    // file, entries, Query_time µs, Lock_time µs, Rows_sent, Rows_examined
    .init("slow001.txt", 2, 4_000_000, 0, 2, 0, banners: 3),
    .init("slow002.txt", 8, 762_080, 304, 0, 62_951),
    .init("slow003.txt", 1, 12, 0, 0, 0),
    .init("slow004.txt", 1, 2_000_000, 0, 1, 0, banners: 3),
    .init("slow005.txt", 1, 12, 0, 0, 0),
    .init("slow006.txt", 6, 72, 0, 0, 0),
    .init("slow007.txt", 1, 12, 0, 0, 0),
    .init("slow008.txt", 3, 19_700, 9_453, 0, 0),
    .init("slow009.txt", 2001, 1_798_899, 0, 0, 0),
    .init("slow010.txt", 1, 2_000_000, 0, 1, 0),
    .init("slow011.txt", 4, 20_599, 9_453, 0, 0),
    .init("slow012.txt", 2, 36, 0, 0, 0),
    .init("slow013.txt", 5, 149_537, 70, 226, 226),
    .init("slow014.txt", 2, 4_000_000, 0, 2, 0, banners: 15),
    // pt-query-digest: 0 events (see above).
    .init("slow015.txt", 0, 0, 0, 0, 0, bad: 1),
    .init("slow016.txt", 2, 40, 0, 0, 0),
    // pt-query-digest: Query_time 18446744073708796870 µs (see above).
    .init("slow017.txt", 1, 0, 36, 1, 127),
    .init("slow018.txt", 1, 2_000_000, 0, 1, 0),
    // pt-query-digest: Rows_sent 0, Rows_examined 3 (see above).
    .init("slow019.txt", 3, 19_700, 9_453, 14, 8),
    .init("slow020.txt", 3, 19_700, 9_453, 14, 8),
    .init("slow021.txt", 2, 4_000_000, 0, 2, 0, banners: 3),
    .init("slow022.txt", 6, 72, 0, 0, 0),
    .init("slow023.txt", 1, 2_000_000, 0, 1, 0),
    .init("slow024.txt", 4, 8_000_000, 0, 4, 0),
    .init("slow025.txt", 1, 17_737_502, 66, 0, 0),
    .init("slow026.txt", 2, 17_852, 0, 0, 0, banners: 3),
    .init("slow027.txt", 1, 413_146_036, 7_260, 20, 268),
    .init("slow028.txt", 1, 2_000_000, 0, 1, 0),
    .init("slow029.txt", 3, 8_568_124, 0, 270, 133_367),
    .init("slow030.txt", 181, 131_415_412, 16_471, 0, 11_394_131),
  ]

  @Test(arguments: samples)
  func seesWhatPtQueryDigestSees(_ expected: PtQueryDigestCounts) throws {
    let log = try SlowLogTestSupport.sample(expected.file)
    let batch = MySQLSlowLogDecoder.decodeAll(log)
    let records = batch.records
    #expect(records.count == expected.entries)
    #expect(records.reduce(0) { $0 + $1.queryTime } == expected.queryTime)
    #expect(records.reduce(0) { $0 + ($1.lockTime ?? 0) } == expected.lockTime)
    #expect(records.reduce(0) { $0 + ($1.rowsSent ?? 0) } == expected.rowsSent)
    #expect(records.reduce(0) { $0 + ($1.rowsExamined ?? 0) } == expected.rowsExamined)
    #expect(batch.report.badLines == expected.bad, "\(batch.report.examples)")
    #expect(batch.entryCount == expected.entries + expected.bad)
    #expect(batch.ignoredLines >= expected.banners)
    #expect(records.allSatisfy { !$0.statement.isEmpty && !$0.statement.hasSuffix(";") })
  }

  @Test(arguments: samples.map(\.file), [1, 7, 4096])
  func sampleDecodesTheSameInEveryFraming(file: String, size: Int) throws {
    let log = try SlowLogTestSupport.sample(file)
    let whole = MySQLSlowLogDecoder.decodeAll(log)
    let chunked = SlowLogTestSupport.mysqlChunked(log, size: size)
    #expect(chunked.records == whole.records)
    #expect(chunked.report == whole.report)
    #expect(chunked.entryCount == whole.entryCount)
  }

  @Test func statementsMatchPtQueryDigestArguments() throws {
    // `arg` of each event from pt-query-digest's parser, first lines.
    let log = try SlowLogTestSupport.sample("slow011.txt")
    let records = MySQLSlowLogDecoder.decodeAll(log).records
    #expect(
      records.map(\.statement) == [
        "administrator command: Quit", "SET NAMES utf8", "administrator command: Quit",
        "SET NAMES utf8",
      ])
    #expect(records.map(\.database) == ["db1", "db", "db2", "db"])
    #expect(records.map(\.connectionID) == [5, 6, 7, 9])
    let multiLine = MySQLSlowLogDecoder.decodeAll(try SlowLogTestSupport.sample("slow005.txt"))
    #expect(multiLine.records.map(\.statement) == ["foo\nbar\n\t\t\t0 AS counter\nbaz"])
  }

  /// A real MariaDB 10.11 log with a restart in the middle (Fixtures/slowlog/README.md).
  ///
  /// pt-query-digest sees 22 events (Query_time 0.060270 s, Lock_time 0.003509 s,
  /// Rows_sent 10, Rows_examined 111): its banner pattern wants `mysqld, Version`, so
  /// MariaDB's `mariadbd, Version: ...` line is not skipped and the `SHUTDOWN` entry
  /// swallows the banner and the next entry (`SET NAMES utf8mb4`, 0.000094 s, no rows).
  /// The decoder sees all 23.
  @Test func realMariaDBLogWithARestart() throws {
    let log = try SlowLogTestSupport.fixture("mariadb10.11-slow.log")
    let batch = MySQLSlowLogDecoder.decodeAll(log)
    #expect(batch.report.isEmpty, "\(batch.report.examples)")
    #expect(batch.records.count == 22 + 1)
    #expect(batch.ignoredLines == 6)
    #expect(batch.records.reduce(0) { $0 + $1.queryTime } == 60_270 + 94)
    #expect(batch.records.reduce(0) { $0 + ($1.lockTime ?? 0) } == 3_509)
    #expect(batch.records.reduce(0) { $0 + ($1.rowsSent ?? 0) } == 10)
    #expect(batch.records.reduce(0) { $0 + ($1.rowsExamined ?? 0) } == 111)
    let statements = batch.records.map(\.statement)
    #expect(statements.contains("SHUTDOWN"))
    #expect(statements.contains("SET NAMES utf8mb4"))
    #expect(statements.contains("SELECT /* multi\n# not a header\n*/ COUNT(*) FROM users"))
    #expect(statements.contains("SELECT 'it''s ; a string', 'テスト' -- trailing comment"))
    let afterRestart = try #require(batch.records.last)
    #expect(afterRestart.database == "shop" && afterRestart.connectionID == 3)
    #expect(afterRestart.extra["Rows_affected"] == nil && afterRestart.rowsAffected == 5)
    for size in [1, 7, 4096] {
      #expect(SlowLogTestSupport.mysqlChunked(log, size: size).records == batch.records)
    }
  }

  /// pt-query-digest on `gen_mysql_slowlog.py 2000 --seed 3`: 2000 events, Query_time sum
  /// 402.442831 s, Lock_time 4.024402 s, Rows_sent 49785, Rows_examined 202245766.
  @Test func generatedLogMatchesPtQueryDigest() throws {
    let log = try SlowLogTestSupport.generatedMySQLLog(queries: 2000, seed: 3)
    let batch = MySQLSlowLogDecoder.decodeAll(log)
    #expect(batch.records.count == 2000)
    #expect(batch.report.isEmpty)
    #expect(batch.ignoredLines == 3)
    #expect(batch.records.reduce(0) { $0 + $1.queryTime } == 402_442_831)
    #expect(batch.records.reduce(0) { $0 + ($1.lockTime ?? 0) } == 4_024_402)
    #expect(batch.records.reduce(0) { $0 + ($1.rowsSent ?? 0) } == 49_785)
    #expect(batch.records.reduce(0) { $0 + ($1.rowsExamined ?? 0) } == 202_245_766)
    #expect(batch.records.allSatisfy { $0.user == "app" && $0.host == "app-1" })
    #expect(batch.records.allSatisfy { $0.timestamp >= 1_717_545_600_000_000 })
    // `use shop;` is written once, when the database changes, and holds for later entries.
    let firstUse = try #require(batch.records.firstIndex { $0.database == "shop" })
    #expect(batch.records[firstUse...].allSatisfy { $0.database == "shop" })
    #expect(batch.records[..<firstUse].allSatisfy { $0.database.isEmpty })
    for size in [7, 4096] {
      #expect(SlowLogTestSupport.mysqlChunked(log, size: size).records == batch.records)
    }
  }
}
