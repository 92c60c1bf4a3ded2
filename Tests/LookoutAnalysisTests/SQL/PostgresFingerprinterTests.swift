import LookoutAnalysis
import Testing

@Suite("PostgresFingerprinter")
struct PostgresFingerprinterTests {
  /// `normalizedText` is what PostgreSQL 15's pg_stat_statements shows, byte for byte.
  @Test("matches pg_stat_statements", arguments: PgStatStatementsFixtures.normalized)
  func matchesPgStatStatements(statement: String, query: String) {
    var fingerprinter = PostgresFingerprinter()
    #expect(fingerprinter.normalizedText(statement) == query)
  }

  /// The canonical fingerprint, its tables and kind.
  @Test("canonical fingerprints", arguments: PgStatStatementsFixtures.canonical)
  func canonicalFingerprints(statement: String, fingerprint: String, tables: String, kind: String) {
    var fingerprinter = PostgresFingerprinter()
    let result = fingerprinter.fingerprint(statement)
    #expect(result.text == fingerprint)
    #expect(fingerprinter.fingerprintText(statement) == fingerprint)
    #expect(result.tables.joined(separator: ",") == tables)
    #expect(result.kind.rawValue == kind)
    #expect(result.classID == SQLFingerprint.classID(of: fingerprint))
  }

  /// Statements that are one class: constants, lists of any length, batch sizes, spacing,
  /// case and comments do not matter.
  @Test(
    "same class",
    arguments: [
      ("SELECT * FROM users WHERE id IN (1)", "SELECT * FROM users WHERE id IN (1, 2, 3, 4)"),
      ("SELECT * FROM t WHERE a = ANY(ARRAY[1, 2])", "SELECT * FROM t WHERE a = ANY(ARRAY[-7])"),
      (
        "SELECT * FROM t WHERE a IN ('x'::text, 'y'::text)",
        "SELECT * FROM t WHERE a IN ('z'::text)"
      ),
      ("INSERT INTO t (a, b) VALUES (1, 'x')", "INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')"),
      ("SELECT * FROM t WHERE a = 'it''s'", "SELECT * FROM t WHERE a = E'it\\'s'"),
      ("SELECT * FROM t WHERE a = $$x$$", "SELECT * FROM t WHERE a = $tag$テスト$tag$"),
      ("SELECT * FROM t WHERE a = -5", "SELECT * FROM t WHERE a = 1.5e3"),
      ("SELECT * FROM t WHERE b = true", "SELECT * FROM t WHERE b = FALSE"),
      ("select  *\nfrom T -- c\nwhere A = 1", "SELECT * /* c */ FROM t WHERE a = 2;"),
      ("SET work_mem = '64MB'", "SET work_mem = '128MB'"),
    ])
  func sameClass(first: String, second: String) {
    var fingerprinter = PostgresFingerprinter()
    #expect(fingerprinter.fingerprint(first).classID == fingerprinter.fingerprint(second).classID)
  }

  /// Statements that stay apart: names, quoted case, `IS NULL` against `= NULL`, column
  /// positions.
  @Test(
    "different classes",
    arguments: [
      ("SELECT * FROM users_2009", "SELECT * FROM users_2010"),
      ("SELECT * FROM \"Users\"", "SELECT * FROM users"),
      ("SELECT * FROM t WHERE a IS NULL", "SELECT * FROM t WHERE a = NULL"),
      ("SELECT * FROM t ORDER BY 1", "SELECT * FROM t ORDER BY 2"),
      ("SELECT * FROM t WHERE a = 1 - 2", "SELECT * FROM t WHERE a = 1"),
    ])
  func differentClasses(first: String, second: String) {
    var fingerprinter = PostgresFingerprinter()
    #expect(fingerprinter.fingerprint(first).classID != fingerprinter.fingerprint(second).classID)
  }

  /// New constants are numbered after the highest parameter already in the statement.
  @Test(
    "numbering after parameters",
    arguments: [
      ("SELECT * FROM t WHERE a = $1 AND b = 5", "select * from t where a = $1 and b = $2"),
      (
        "SELECT * FROM t WHERE a = $3 AND b = 'x' AND c = $1",
        "select * from t where a = $3 and b = $4 and c = $1"
      ),
      (
        "SELECT * FROM t WHERE a IN (1, 2) AND b = $1 AND c = 3",
        "select * from t where a in ($2 /*, ... */) and b = $1 and c = $3"
      ),
      ("SELECT '$1', $$ $2 $$ FROM t WHERE a = 1", "select $1, $2 from t where a = $3"),
    ])
  func numberingAfterParameters(statement: String, expected: String) {
    var fingerprinter = PostgresFingerprinter()
    #expect(fingerprinter.fingerprintText(statement) == expected)
  }

  /// Malformed input never traps.
  @Test(
    "malformed input",
    arguments: [
      ("SELECT 'unterminated", "select $1"),
      ("SELECT $tag$ unterminated", "select $1"),
      ("SELECT \"unterminated", "select \"unterminated"),
      ("SELECT 1 /* unterminated /* nested */", "select $1"),
      ("SELECT $", "select $"),
      ("", ""),
      (")))]]", ")))]]"),
      ("SELECT * FROM t WHERE a IN (", "select * from t where a in ("),
    ])
  func malformedInput(statement: String, expected: String) {
    var fingerprinter = PostgresFingerprinter()
    #expect(fingerprinter.fingerprint(statement).text == expected)
  }

  /// One fingerprinter reused for every fixture gives what a fresh one does.
  @Test func reuse() {
    var reused = PostgresFingerprinter()
    for (statement, query) in PgStatStatementsFixtures.normalized {
      var fresh = PostgresFingerprinter()
      let expected = fresh.fingerprint(statement)
      #expect(reused.fingerprint(statement) == expected)
      #expect(reused.normalizedText(statement) == query)
      #expect(reused.fingerprintText(statement) == expected.text)
      #expect(reused.fingerprint(statement) == expected)
    }
  }
}

@Suite("PostgresFingerprinter parameter lists")
struct PostgresParameterListTests {
  @Test("a list of parameters is one class with the same list written inline")
  func parameterLists() {
    var fingerprinter = PostgresFingerprinter()
    let inline = fingerprinter.fingerprint("SELECT id FROM orders WHERE id IN (260, 261, 262)")
    let bound = fingerprinter.fingerprint("SELECT id FROM orders WHERE id IN ($1, $2)")
    let one = fingerprinter.fingerprint("SELECT id FROM orders WHERE id IN ($1)")
    #expect(inline.text == "select id from orders where id in ($1 /*, ... */)")
    #expect(bound.classID == inline.classID)
    #expect(one.classID == inline.classID)
    // Later in a statement, the list keeps the number of its first parameter.
    #expect(
      fingerprinter.fingerprint("SELECT 1 FROM t WHERE a = $1 AND b IN ($2, $3, $4)").text
        == "select $5 from t where a = $1 and b in ($2 /*, ... */)")
    // A list mixing parameters and expressions is not a list of values: kept.
    #expect(
      fingerprinter.fingerprint("SELECT 1 FROM t WHERE b IN ($1, lower($2))").text
        == "select $3 from t where b in ($1, lower($2))")
    // pg_stat_statements' text keeps the parameters.
    #expect(
      fingerprinter.normalizedText("SELECT id FROM orders WHERE id IN ($1, $2)")
        == "SELECT id FROM orders WHERE id IN ($1, $2)")
  }
}
