import LookoutAnalysis
import Testing

@Suite("MySQLFingerprinter")
struct MySQLFingerprinterTests {
  /// Where pt-query-digest is right, the fingerprint and its id are pt-query-digest's.
  @Test("agrees with pt-query-digest", arguments: PTQueryDigestFixtures.agreements)
  func agreesWithPTQueryDigest(statement: String, fingerprint: String, classID: String) {
    var fingerprinter = MySQLFingerprinter()
    let result = fingerprinter.fingerprint(statement)
    #expect(result.text == fingerprint)
    #expect(result.classID == classID)
    #expect(fingerprinter.fingerprintText(statement) == fingerprint)
  }

  /// Where pt-query-digest is wrong, Lookout's fingerprint is the documented one.
  @Test("deliberate differences", arguments: PTQueryDigestFixtures.differences)
  func differsFromPTQueryDigest(statement: String, lookout: String, ptQueryDigest: String) {
    var fingerprinter = MySQLFingerprinter()
    let text = fingerprinter.fingerprintText(statement)
    #expect(text == lookout)
    #expect(text != ptQueryDigest)
  }

  /// Statements that must share a class, each pair a weakness of pt-query-digest or a rule.
  @Test(
    "same class",
    arguments: [
      ("SELECT * FROM t WHERE a = 'it''s'", "SELECT * FROM t WHERE a = 'plain'"),
      ("SELECT * FROM t WHERE a = 'it\\'s'", "SELECT * FROM t WHERE a = 'plain'"),
      ("SELECT * FROM t WHERE a = \"a\\\"b\"", "SELECT * FROM t WHERE a = 'plain'"),
      ("SELECT * FROM t WHERE a = 'テスト'", "SELECT * FROM t WHERE a = 'plain'"),
      (
        "SELECT * FROM t WHERE a = 'a\\\\' AND b = 'テスト'", "SELECT * FROM t WHERE a = '' AND b = ''"
      ),
      ("SELECT * FROM t WHERE a = 0xFF", "SELECT * FROM t WHERE a = 12"),
      ("SELECT * FROM t WHERE a = X'AB'", "SELECT * FROM t WHERE a = b'0101'"),
      ("SELECT * FROM t WHERE a = 1E5", "SELECT * FROM t WHERE a = -2.5e-3"),
      ("SELECT * FROM t WHERE a = N'abc'", "SELECT * FROM t WHERE a = _utf8mb4'abc'"),
      ("SELECT * FROM t WHERE a IN (1)", "SELECT * FROM t WHERE a IN (1, 2, 3, 4, 5)"),
      ("INSERT INTO t (a) VALUES (1)", "INSERT INTO t (a) VALUES (1), (2), (3)"),
      (
        "INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = VALUES(a)",
        "INSERT INTO t (a) VALUES (1), (2) ON DUPLICATE KEY UPDATE a = VALUES(a)"
      ),
      ("SELECT * FROM t LIMIT 10", "SELECT * FROM t LIMIT 5, 10"),
      ("SELECT * FROM t LIMIT 10", "SELECT * FROM t LIMIT 10 OFFSET 20"),
      ("SELECT * FROM t ORDER BY a ASC", "SELECT * FROM t ORDER BY a"),
      ("select * from T where A = 1", "SELECT  *\n FROM t -- why\n WHERE a = 2 /* note */"),
      ("SELECT * FROM t WHERE a = -1", "SELECT * FROM t WHERE a = 7"),
      ("CALL p(1, 'a')", "CALL p (2)"),
      ("use shop", "USE `other`"),
      ("SELECT /*!40001 SQL_NO_CACHE */ * FROM t", "SELECT SQL_NO_CACHE * FROM t"),
      ("SELECT * FROM t WHERE a = 'x' -- it's", "SELECT * FROM t WHERE a = 'x' -- its"),
    ])
  func sameClass(first: String, second: String) {
    var fingerprinter = MySQLFingerprinter()
    #expect(fingerprinter.fingerprint(first).classID == fingerprinter.fingerprint(second).classID)
  }

  /// Statements that must not share a class: pt-query-digest merges each pair.
  @Test(
    "different classes",
    arguments: [
      ("SELECT * FROM users_2009 WHERE id = 1", "SELECT * FROM users_2010 WHERE id = 1"),
      ("UPDATE db1.t SET a = 1", "UPDATE db2.t SET a = 1"),
      ("SELECT a - b FROM t", "SELECT a + b FROM t"),
      ("SELECT a - 1 FROM t", "SELECT a * 1 FROM t"),
    ])
  func differentClasses(first: String, second: String) {
    var fingerprinter = MySQLFingerprinter()
    #expect(fingerprinter.fingerprint(first).classID != fingerprinter.fingerprint(second).classID)
  }

  /// Tables (aliases dropped, `db.table` kept, subqueries read) and kinds.
  @Test(
    "tables and kind",
    arguments: [
      ("SELECT * FROM users WHERE id = 1", "users", SQLStatementKind.select),
      ("SELECT * FROM t1 a, `db`.`t2` AS b, db.t3 c WHERE a.x = b.x", "t1,db.t2,db.t3", .select),
      (
        "SELECT s.* FROM services s JOIN reviews r ON r.service_id = s.id", "services,reviews",
        .select
      ),
      ("SELECT * FROM t1 LEFT JOIN t2 USING (id) STRAIGHT_JOIN t3 ON 1", "t1,t2,t3", .select),
      ("SELECT * FROM (SELECT a FROM t) x JOIN u ON u.a = x.a", "t,u", .select),
      (
        "SELECT * FROM t WHERE a IN (SELECT b FROM u WHERE c IN (SELECT d FROM v))", "t,u,v",
        .select
      ),
      ("SELECT EXTRACT(YEAR FROM d), TRIM(BOTH 'x' FROM s) FROM t", "t", .select),
      ("SELECT 1 FROM DUAL", "", .select),
      ("SELECT a FROM t UNION SELECT a FROM t UNION SELECT b FROM u", "t,u", .select),
      ("(SELECT a FROM t) UNION (SELECT a FROM u)", "t,u", .select),
      ("WITH x AS (SELECT * FROM a) SELECT * FROM x JOIN b", "a,b", .select),
      ("INSERT INTO t (a, b) VALUES (1, 2)", "t", .insert),
      ("INSERT IGNORE INTO db.t VALUES (1)", "db.t", .insert),
      ("INSERT t (a) VALUES (1)", "t", .insert),
      ("INSERT INTO t SELECT * FROM u", "t,u", .insert),
      ("REPLACE INTO `t` (a) VALUES (1)", "t", .insert),
      ("INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = a + 1", "t", .insert),
      ("UPDATE t SET a = 1 WHERE id = 2", "t", .update),
      ("UPDATE LOW_PRIORITY t1, t2 SET t1.a = t2.a WHERE t1.id = t2.id", "t1,t2", .update),
      ("UPDATE t1 n INNER JOIN t2 a USING (k) SET n.c = a.c", "t1,t2", .update),
      ("DELETE FROM t WHERE id = 1", "t", .delete),
      ("DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id", "t1,t2", .delete),
      ("DELETE FROM t1 USING t1 JOIN t2 ON t1.id = t2.id WHERE t2.x = 1", "t1,t2", .delete),
      ("DELETE t1 FROM t1 JOIN t2 USING (id) WHERE t2.x = 1", "t1,t2", .delete),
      (
        "SELECT * FROM users_2009 JOIN users_2010 USING (id) JOIN users_2009",
        "users_2009,users_2010", .select
      ),
      ("SET NAMES utf8", "", .other),
      ("USE shop", "", .other),
      ("CALL p(1)", "", .other),
      ("SHOW TABLES", "", .other),
      ("administrator command: Quit", "", .other),
    ])
  func tablesAndKind(statement: String, tables: String, kind: SQLStatementKind) {
    var fingerprinter = MySQLFingerprinter()
    let result = fingerprinter.fingerprint(statement)
    #expect(result.tables.joined(separator: ",") == tables)
    #expect(result.kind == kind)
  }

  /// Very long statements fingerprint in one linear pass: a mysqldump-sized multi-row
  /// `INSERT` (170 kB, as in pt-query-digest's slow024 sample) and a 10 000-item `IN` list.
  @Test func longStatements() {
    var fingerprinter = MySQLFingerprinter()
    let rows = (1...6_000).map { "(\($0),\($0 % 97),'2006-02-15 10:05:03')" }
    let insert =
      "INSERT INTO `film_actor` VALUES " + rows.joined(separator: ",")
      + " ON DUPLICATE KEY UPDATE actor_id=actor_id+1"
    #expect(
      fingerprinter.fingerprintText(insert)
        == "insert into `film_actor` values(?+) on duplicate key update actor_id=actor_id+?")
    let list = (1...10_000).map(String.init).joined(separator: ",")
    let select = "select id from products p where p.id in (\(list)) order by p.id asc limit 0,20"
    #expect(
      fingerprinter.fingerprintText(select)
        == "select id from products p where p.id in(?+) order by p.id limit ?")
  }

  /// Malformed input never traps: unterminated strings, comments and identifiers run to the
  /// end, and stray bytes are kept.
  @Test(
    "malformed input",
    arguments: [
      ("SELECT 'unterminated", "select ?"),
      ("SELECT \"unterminated", "select ?"),
      ("SELECT `unterminated", "select `unterminated"),
      ("SELECT 1 /* unterminated", "select ?"),
      ("SELECT /*!50100 1", "select ?"),
      ("SELECT 'a\\", "select ?"),
      ("", ""),
      (";", ""),
      ("   ", ""),
      ("))) union select", "))) union select"),
      ("SELECT x'", "select ?"),
      ("SELECT 0x", "select 0x"),
    ])
  func malformedInput(statement: String, expected: String) {
    var fingerprinter = MySQLFingerprinter()
    #expect(fingerprinter.fingerprint(statement).text == expected)
  }

  /// One fingerprinter reused for every fixture, and a copy of it used alongside, give the
  /// same results as a fresh fingerprinter per statement: buffers and cache carry nothing
  /// over.
  @Test func reuseAndCopies() {
    var reused = MySQLFingerprinter()
    var copy = reused
    for (statement, fingerprint, classID) in PTQueryDigestFixtures.agreements {
      var fresh = MySQLFingerprinter()
      let expected = fresh.fingerprint(statement)
      #expect(expected.text == fingerprint)
      #expect(expected.classID == classID)
      #expect(reused.fingerprint(statement) == expected)
      #expect(reused.fingerprintText(statement) == fingerprint)
      #expect(copy.fingerprint(statement) == expected)
      #expect(reused.fingerprint(statement) == expected)
    }
  }
}
