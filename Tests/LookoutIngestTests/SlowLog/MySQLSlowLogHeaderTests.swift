import LookoutCore
import LookoutIngest
import Testing

/// One entry written by one server flavour, and the record it must give.
struct MySQLHeaderCase: Sendable, CustomTestStringConvertible {
  let testDescription: String
  let log: String
  let expected: SlowQueryRecord
}

@Suite("MySQLSlowLogDecoder headers")
struct MySQLSlowLogHeaderTests {
  static func micros(
    _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int,
    _ micro: Int = 0
  ) -> Int64 {
    SlowLogTestSupport.micros(year, month, day, hour, minute, second, micro: micro)
  }

  static let cases: [MySQLHeaderCase] = [
    MySQLHeaderCase(
      testDescription: "MySQL 8, ISO time in UTC",
      log: """
        # Time: 2024-06-05T00:00:00.123456Z
        # User@Host: app[app] @ app-1 [10.0.0.8]  Id:   664
        # Query_time: 0.021107  Lock_time: 0.000211 Rows_sent: 9  Rows_examined: 124873
        SET timestamp=1717545600;
        SELECT 1;
        """,
      expected: SlowQueryRecord(
        timestamp: micros(2024, 6, 5, 0, 0, 0, 123_456), engine: .mysql, statement: "SELECT 1",
        queryTime: 21_107, lockTime: 211, rowsSent: 9, rowsExamined: 124_873, user: "app",
        host: "app-1", connectionID: 664)),
    MySQLHeaderCase(
      testDescription: "MySQL 5.7, ISO time with an offset",
      log: """
        # Time: 2024-06-05T09:30:00.5+09:30
        # User@Host: root[root] @ localhost []  Id:     8
        # Query_time: 1.5  Lock_time: 0 Rows_sent: 0  Rows_examined: 0
        SELECT 2;
        """,
      expected: SlowQueryRecord(
        timestamp: micros(2024, 6, 5, 0, 0, 0, 500_000), engine: .mysql, statement: "SELECT 2",
        queryTime: 1_500_000, lockTime: 0, rowsSent: 0, rowsExamined: 0, user: "root",
        host: "localhost", connectionID: 8)),
    MySQLHeaderCase(
      testDescription: "MySQL 5.1, YYMMDD time",
      log: """
        # Time: 071218 11:48:27
        # User@Host: root[root] @ localhost []
        # Query_time: 2  Lock_time: 0  Rows_sent: 1  Rows_examined: 0
        select sleep(2) from n;
        """,
      expected: SlowQueryRecord(
        timestamp: micros(2007, 12, 18, 11, 48, 27), engine: .mysql,
        statement: "select sleep(2) from n", queryTime: 2_000_000, lockTime: 0, rowsSent: 1,
        rowsExamined: 0, user: "root", host: "localhost")),
    MySQLHeaderCase(
      testDescription: "MariaDB, one-digit hour, Thread_id and Schema",
      log: """
        # Time: 240605  9:00:00
        # User@Host: shop[shop] @ localhost []
        # Thread_id: 42  Schema: shop  QC_hit: No
        # Query_time: 0.000120  Lock_time: 0.000030  Rows_sent: 1  Rows_examined: 1
        # Rows_affected: 0  Bytes_sent: 120
        SET timestamp=1717578000;
        SELECT 3;
        """,
      expected: SlowQueryRecord(
        timestamp: micros(2024, 6, 5, 9, 0, 0), engine: .mysql, statement: "SELECT 3",
        queryTime: 120, lockTime: 30, rowsSent: 1, rowsExamined: 1, rowsAffected: 0,
        database: "shop", user: "shop", host: "localhost", connectionID: 42,
        extra: ["QC_hit": "No", "Bytes_sent": "120"])),
    MySQLHeaderCase(
      testDescription: "MariaDB 10.6, log_slow_verbosity=query_plan,explain",
      log: """
        # Time: 240605 10:00:00
        # User@Host: root[root] @ localhost []
        # Thread_id: 5  Schema: test  QC_hit: No
        # Query_time: 0.001500  Lock_time: 0.000030  Rows_sent: 1  Rows_examined: 1000
        # Rows_affected: 0  Bytes_sent: 75
        # Full_scan: Yes  Full_join: No  Tmp_table: No  Tmp_table_on_disk: No
        #
        # explain: id\tselect_type\ttable\ttype\tpossible_keys\tkey\trows\tExtra
        # explain: 1\tSIMPLE\tt1\tALL\tNULL\tNULL\t1000\tUsing where
        #
        SET timestamp=1717581600;
        SELECT * FROM t1 WHERE a = 1;
        """,
      expected: SlowQueryRecord(
        timestamp: micros(2024, 6, 5, 10, 0, 0), engine: .mysql,
        statement: "SELECT * FROM t1 WHERE a = 1", queryTime: 1_500, lockTime: 30, rowsSent: 1,
        rowsExamined: 1000, rowsAffected: 0, database: "test", user: "root", host: "localhost",
        connectionID: 5,
        extra: [
          "QC_hit": "No", "Bytes_sent": "75", "Full_scan": "Yes", "Full_join": "No",
          "Tmp_table": "No", "Tmp_table_on_disk": "No",
        ])),
    MySQLHeaderCase(
      testDescription: "MySQL 5.0, User@Host on the Time line, replication thread",
      log: """
        # Time: 071218 11:48:27 # User@Host: [SQL_SLAVE] @  []
        # Thread_id: 10
        # Query_time: 0.000012  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0
        BEGIN;
        """,
      expected: SlowQueryRecord(
        timestamp: micros(2007, 12, 18, 11, 48, 27), engine: .mysql, statement: "BEGIN",
        queryTime: 12, lockTime: 0, rowsSent: 0, rowsExamined: 0, user: "SQL_SLAVE",
        connectionID: 10)),
    MySQLHeaderCase(
      testDescription: "MySQL 8 log_slow_extra",
      log: """
        # Time: 2024-06-05T00:00:01.000000Z
        # User@Host: app[app] @  [10.0.0.2]  Id:    12
        # Query_time: 0.000286  Lock_time: 0.000002 Rows_sent: 1  Rows_examined: 1 Thread_id: 12 Errno: 0 Killed: 0 Bytes_received: 24 Bytes_sent: 56 Read_first: 0 Read_last: 0 Read_key: 1 Read_next: 0 Read_prev: 0 Read_rnd: 0 Read_rnd_next: 0 Sort_merge_passes: 0 Sort_range_count: 0 Sort_rows: 0 Sort_scan_count: 0 Created_tmp_disk_tables: 0 Created_tmp_tables: 0 Start: 2024-06-05T00:00:00.999714Z End: 2024-06-05T00:00:01.000000Z
        SET timestamp=1717545600;
        SELECT 4;
        """,
      expected: SlowQueryRecord(
        timestamp: micros(2024, 6, 5, 0, 0, 1), engine: .mysql, statement: "SELECT 4",
        queryTime: 286, lockTime: 2, rowsSent: 1, rowsExamined: 1, user: "app",
        host: "10.0.0.2", connectionID: 12,
        extra: [
          "Errno": "0", "Killed": "0", "Bytes_received": "24", "Bytes_sent": "56",
          "Read_first": "0", "Read_last": "0", "Read_key": "1", "Read_next": "0",
          "Read_prev": "0", "Read_rnd": "0", "Read_rnd_next": "0", "Sort_merge_passes": "0",
          "Sort_range_count": "0", "Sort_rows": "0", "Sort_scan_count": "0",
          "Created_tmp_disk_tables": "0", "Created_tmp_tables": "0",
          "Start": "2024-06-05T00:00:00.999714Z", "End": "2024-06-05T00:00:01.000000Z",
        ])),
    MySQLHeaderCase(
      testDescription: "Percona, InnoDB lines, empty Schema, no Time",
      log: """
        # User@Host: meow[meow] @  [1.2.3.8]
        # Thread_id: 6  Schema:   QC_hit: No
        # Query_time: 0.000512  Lock_time: 0.000077  Rows_sent: 0  Rows_examined: 0  Rows_affected: 1  Rows_read: 1
        #   InnoDB_IO_r_ops: 0  InnoDB_IO_r_bytes: 0  InnoDB_IO_r_wait: 0.000000
        #   InnoDB_pages_distinct: 24
        # No InnoDB statistics available for this query
        # explain: id select_type table type
        SET last_insert_id=7,insert_id=8,timestamp=1197996507;
        INSERT INTO t VALUES (1);
        """,
      expected: SlowQueryRecord(
        timestamp: 1_197_996_507_000_000, engine: .mysql, statement: "INSERT INTO t VALUES (1)",
        queryTime: 512, lockTime: 77, rowsSent: 0, rowsExamined: 0, rowsAffected: 1,
        user: "meow", host: "1.2.3.8", connectionID: 6,
        extra: [
          "QC_hit": "No", "Rows_read": "1", "InnoDB_IO_r_ops": "0", "InnoDB_IO_r_bytes": "0",
          "InnoDB_IO_r_wait": "0.000000", "InnoDB_pages_distinct": "24",
          "last_insert_id": "7", "insert_id": "8",
        ])),
    MySQLHeaderCase(
      testDescription: "no Time, no User@Host, use db, CRLF line ends",
      log: "# Query_time: 0.5  Lock_time: 0.1 Rows_sent: 0  Rows_examined: 3\r\n"
        + "use `shop`;\r\nUPDATE t\r\nSET a = 1;\r\n",
      expected: SlowQueryRecord(
        timestamp: 0, engine: .mysql, statement: "UPDATE t\nSET a = 1", queryTime: 500_000,
        lockTime: 100_000, rowsSent: 0, rowsExamined: 3, database: "shop")),
    MySQLHeaderCase(
      testDescription: "administrator command",
      log: """
        # Time: 2024-06-05T00:00:00Z
        # User@Host: app[app] @ localhost [127.0.0.1]  Id: 3
        # Query_time: 0.000002  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0
        SET timestamp=1717545600;
        # administrator command: Quit;
        """,
      expected: SlowQueryRecord(
        timestamp: micros(2024, 6, 5, 0, 0, 0), engine: .mysql,
        statement: "administrator command: Quit", queryTime: 2, lockTime: 0, rowsSent: 0,
        rowsExamined: 0, user: "app", host: "localhost", connectionID: 3)),
    MySQLHeaderCase(
      testDescription: "wrapped negative Query_time and an unreadable Time",
      log: """
        # Time: margdl 11:48:27 # User@Host: user[user] @ host [10.1.65.120]
        # Query_time: 18446744073708.796870.000036  Lock_time: 0.000036  Rows_sent: 1  Rows_examined: 127
        SELECT * FROM mytbl;
        """,
      expected: SlowQueryRecord(
        timestamp: 0, engine: .mysql, statement: "SELECT * FROM mytbl", queryTime: 0,
        lockTime: 36, rowsSent: 1, rowsExamined: 127, user: "user", host: "host",
        extra: ["Query_time": "18446744073708.796870.000036", "Time": "margdl 11:48:27"])),
  ]

  @Test(arguments: cases)
  func decodesHeaderVariant(_ entry: MySQLHeaderCase) {
    let batch = MySQLSlowLogDecoder.decodeAll(SlowLogTestSupport.bytes(entry.log))
    #expect(batch.report.isEmpty, "\(batch.report.examples)")
    #expect(batch.entryCount == 1)
    #expect(batch.records == [entry.expected])
  }

  @Test(arguments: [1, 7, 4096])
  func everyVariantDecodesTheSameInChunks(size: Int) {
    let log = Self.cases.map(\.log).joined(separator: "\n")
    let whole = MySQLSlowLogDecoder.decodeAll(SlowLogTestSupport.bytes(log))
    #expect(whole.records.count == Self.cases.count)
    let chunked = SlowLogTestSupport.mysqlChunked(SlowLogTestSupport.bytes(log), size: size)
    #expect(chunked.records == whole.records)
    #expect(chunked.report == whole.report)
  }

  @Test func localTimeZoneOffsetAppliesToZonelessTimesOnly() {
    let log = """
      # Time: 071218 11:48:27
      # Query_time: 1  Lock_time: 0  Rows_sent: 0  Rows_examined: 0
      SELECT 1;
      # Time: 2024-06-05T00:00:00Z
      # Query_time: 1  Lock_time: 0  Rows_sent: 0  Rows_examined: 0
      SELECT 2;
      """
    let batch = MySQLSlowLogDecoder.decodeAll(
      SlowLogTestSupport.bytes(log), configuration: .init(localTimeZoneOffset: -5 * 3600))
    #expect(
      batch.records.map(\.timestamp) == [
        Self.micros(2007, 12, 18, 16, 48, 27), Self.micros(2024, 6, 5, 0, 0, 0),
      ])
  }
}
