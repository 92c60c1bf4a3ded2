import LookoutCore
import LookoutIngest
import Testing

@Suite("MySQLSlowLogDecoder")
struct MySQLSlowLogDecoderTests {
  static func entry(_ statement: String, time: String? = nil, queryTime: String = "0.5")
    -> String
  {
    (time.map { "# Time: \($0)\n" } ?? "")
      + "# User@Host: app[app] @ web [10.0.0.1]  Id: 7\n"
      + "# Query_time: \(queryTime)  Lock_time: 0.000010 Rows_sent: 1  Rows_examined: 2\n"
      + statement + "\n"
  }

  static func decode(_ log: String) -> SlowLogBatch {
    MySQLSlowLogDecoder.decodeAll(SlowLogTestSupport.bytes(log))
  }

  @Test func multiLineStatementEndsAtTheNextHeader() {
    let log =
      Self.entry("SELECT a,\n  b\n\nFROM t  -- note\n# not a header: no `;` before it\nWHERE 1;")
      + Self.entry("SELECT 2;\n\n")
      + "# Query_time: 1  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\nCOMMIT;"
    let batch = Self.decode(log)
    #expect(
      batch.records.map(\.statement) == [
        "SELECT a,\n  b\n\nFROM t  -- note\n# not a header: no `;` before it\nWHERE 1",
        "SELECT 2", "COMMIT",
      ])
    #expect(batch.report.isEmpty)
  }

  @Test func binaryJunkAndUnreadableQueryTimesAreBadEntries() {
    let junk = String(
      decoding: (0..<512).map { UInt8(truncatingIfNeeded: $0 &* 151) }, as: UTF8.self)
    let log =
      Self.entry("SELECT 1;") + "# Query_time: x  Lock_time: 0\nSELECT 2;\n"
      + Self.entry("SELECT \u{01}\u{02};") + Self.entry("SELECT 'テスト';")
      + "# Query_time: 0.5\n" + junk + "\n" + Self.entry("SELECT 3;")
    let batch = Self.decode(log)
    #expect(batch.records.map(\.statement) == ["SELECT 1", "SELECT 'テスト'", "SELECT 3"])
    #expect(batch.report.badLines == 3)
    #expect(
      Set(batch.report.examples.map(\.reason)) == [
        SlowLogDecodeError.unreadableQueryTime.description,
        SlowLogDecodeError.binaryStatement.description,
      ])
  }

  @Test func bannerInTheMiddleEndsTheEntryAndIsNotBad() {
    let banner = """
      /usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:
      Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock
      Time                 Id Command    Argument

      """
    let log = banner + Self.entry("SELECT 1;") + banner + Self.entry("SELECT 2;") + banner
    let batch = Self.decode(log)
    #expect(batch.records.map(\.statement) == ["SELECT 1", "SELECT 2"])
    #expect(batch.report.isEmpty)
    #expect(batch.ignoredLines == 9)
  }

  @Test func useDatabaseHoldsUntilTheNextUseAndSchemaWinsForItsEntry() {
    let log =
      Self.entry("SELECT 0;") + Self.entry("use shop;\nSELECT 1;") + Self.entry("SELECT 2;")
      + "# User@Host: a[a] @ h []\n# Thread_id: 3  Schema: blog\n"
      + "# Query_time: 1  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\nSELECT 3;\n"
      + Self.entry("use `crm`;\nSELECT 4;") + Self.entry("SELECT 5;")
    #expect(Self.decode(log).records.map(\.database) == ["", "shop", "shop", "blog", "crm", "crm"])
  }

  @Test func setTimestampGivesTheTimeWithoutBeingPartOfTheStatement() {
    let log =
      Self.entry("SET timestamp=1717545600;\nSELECT 1;")
      + Self.entry("SET timestamp=1717545601;\nSELECT 2;", time: "2024-06-05T00:00:09.250000Z")
      + Self.entry("SET NAMES utf8;") + Self.entry("SELECT 3;", time: "240605  0:00:10")
      + Self.entry("SELECT 4;")
    let records = Self.decode(log).records
    #expect(
      records.map(\.statement) == [
        "SELECT 1", "SELECT 2", "SET NAMES utf8", "SELECT 3", "SELECT 4",
      ])
    #expect(
      records.map(\.timestamp) == [
        1_717_545_600_000_000, 1_717_545_609_250_000,
        // No time of its own: the last `# Time:` (old servers write it once a second).
        1_717_545_609_250_000, 1_717_545_610_000_000, 1_717_545_610_000_000,
      ])
  }

  @Test func administratorCommandsAreStatements() {
    let log =
      Self.entry("# administrator command: Quit;")
      + Self.entry("use db2;\n# administrator command: Ping;")
    let records = Self.decode(log).records
    #expect(
      records.map(\.statement) == ["administrator command: Quit", "administrator command: Ping"])
    #expect(records.map(\.database) == ["", "db2"])
  }

  @Test func badEntriesAreCountedAndTheirNeighboursKept() {
    let junk = "\u{0}\u{1}\u{7f}\u{1b}[2J binary junk"
    let log =
      junk + "\n" + "more junk\n" + Self.entry("SELECT 1;", time: "2024-06-05T00:00:00Z")
      // No Query_time line.
      + "# Time: 2024-06-05T00:00:01Z\n# User@Host: a[a] @ h []\nSELECT 2;\n"
      + Self.entry("SELECT 3;")
      // Cut before its statement by the next entry.
      + "# Time: 2024-06-05T00:00:02Z\n# User@Host: a[a] @ h []\n"
      + "# Query_time: 1  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\n"
      + Self.entry("SELECT 4;")
      // Cut at the end of the file.
      + "# Time: 2024-06-05T00:00:03Z\n# User@Host: a[a] @ h []\n# Query_time: 1  Lock"
    let batch = Self.decode(log)
    #expect(batch.records.map(\.statement) == ["SELECT 1", "SELECT 3", "SELECT 4"])
    #expect(batch.report.badLines == 5)
    #expect(batch.entryCount == 6)
    #expect(batch.report.examples.map(\.lineNumber) == [1, 2, 7, 13, 19])
    #expect(
      batch.report.examples.map(\.reason)
        == [
          SlowLogDecodeError.textOutsideEntry, .textOutsideEntry, .missingQueryTime,
          .missingStatement, .missingStatement,
        ].map(\.description))
    #expect(batch.report.examples[0].excerpt.hasPrefix(#"\x00\x01\x7f\x1b[2J binary junk"#))
    #expect(batch.report.examples[2].excerpt == "# Time: 2024-06-05T00:00:01Z")
  }

  @Test(arguments: [1, 4096, 1 << 20])
  func tenMegabyteStatementIsCappedAndTheRestKept(chunkSize: Int) {
    let big =
      "INSERT INTO t VALUES " + String(repeating: "(1,'abcdefgh'),", count: 700_000) + "(2);"
    let log = SlowLogTestSupport.bytes(
      Self.entry("SELECT 1;") + Self.entry(big) + Self.entry("SELECT 2;"))
    #expect(log.count > 10_000_000)
    let configuration = MySQLSlowLogDecoder.Configuration(maxStatementBytes: 1 << 20)
    let batch: SlowLogBatch
    if chunkSize == 1 {
      // One byte at a time through 10 MB is slow in debug builds; 1-byte framing is
      // covered on the samples. Here: the whole log at once.
      batch = MySQLSlowLogDecoder.decodeAll(log, configuration: configuration)
    } else {
      batch = SlowLogTestSupport.mysqlChunked(log, size: chunkSize, configuration: configuration)
    }
    #expect(batch.records.count == 3)
    #expect(batch.report.isEmpty)
    let capped = batch.records[1]
    #expect(capped.statement.utf8.count == 1 << 20)
    #expect(capped.statement.hasPrefix("INSERT INTO t VALUES (1,'abcdefgh'),"))
    #expect(capped.extra["truncated"] == "true")
    #expect(batch.records[0].extra["truncated"] == nil)
    #expect(batch.records[2].statement == "SELECT 2")
  }

  @Test func overlongHeaderLineIsCutNotBuffered() {
    let long = "# Thread_id: 5  Note: " + String(repeating: "x", count: 300_000) + "\n"
    let log =
      "# User@Host: a[a] @ h []\n" + long
      + "# Query_time: 1  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\nSELECT 1;\n"
    for size in [4096, 1 << 20] {
      let batch = SlowLogTestSupport.mysqlChunked(SlowLogTestSupport.bytes(log), size: size)
      #expect(batch.records.map(\.statement) == ["SELECT 1"])
      #expect(batch.records.first?.connectionID == 5)
    }
  }

  @Test func consumedBytesResumesAtAnEntryBoundary() throws {
    let log = try SlowLogTestSupport.sample("slow002.txt")
    let all = MySQLSlowLogDecoder.decodeAll(log).records
    for cut in stride(from: 1, to: log.count, by: 97) {
      var first = MySQLSlowLogDecoder()
      let head = first.feed(log[..<cut])
      #expect(
        log[head.consumedBytes...].starts(with: Array("# ".utf8)) || head.consumedBytes == cut)
      // A tailer restarting from the stored offset.
      var second = MySQLSlowLogDecoder(startOffset: head.consumedBytes)
      var tail = second.feed(log[head.consumedBytes...])
      tail.append(second.finish())
      #expect(tail.consumedBytes == log.count)
      // The carried `use db1;` is lost across the restart; everything else is the same.
      let resumed = (head.records + tail.records).map(\.statement)
      #expect(resumed == all.map(\.statement), "cut at \(cut)")
    }
  }

  @Test func finishAllowsTheDecoderToGoOn() {
    var decoder = MySQLSlowLogDecoder()
    let first = decoder.feed(SlowLogTestSupport.bytes(Self.entry("SELECT 1;")))
    #expect(first.records.isEmpty)
    #expect(first.consumedBytes == 0)
    let flushed = decoder.finish()
    #expect(flushed.records.map(\.statement) == ["SELECT 1"])
    let again = decoder.feed(
      SlowLogTestSupport.bytes(Self.entry("SELECT 2;") + Self.entry("SELECT 3;")))
    #expect(again.records.map(\.statement) == ["SELECT 2"])
    #expect(decoder.finish().records.map(\.statement) == ["SELECT 3"])
  }
}
