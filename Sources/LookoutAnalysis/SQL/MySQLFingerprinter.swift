/// Fingerprints MySQL and MariaDB statements the way pt-query-digest does, except where
/// pt-query-digest puts one statement into two classes or two statements into one.
///
/// The fingerprint follows pt-query-digest's `QueryRewriter::fingerprint` (Percona Toolkit
/// 3.2.1): comments are dropped, strings, numbers, `NULL`, `TRUE` and `FALSE` become `?`,
/// white space collapses to single spaces, everything is lower-cased, `IN (...)` and
/// `VALUES (...)` lists of values become `in(?+)` and `values(?+)`, a `SELECT` repeated with
/// `UNION` becomes `select ... /*repeat union*/`, `limit ?, ?` and `limit ? offset ?` become
/// `limit ?`, `asc` after `ORDER BY` is dropped, `use db` is `use ?`, `CALL p(...)` is
/// `call p`, an `administrator command: ...` stays as it is, mysqldump's
/// `SELECT /*!40001 SQL_NO_CACHE */ * FROM` is `mysqldump` and a statement carrying a
/// pt-table-checksum comment is `percona-toolkit`. Statements on which pt-query-digest is
/// right get exactly its fingerprint, and so its id (see ``SQLFingerprint/classID``).
/// (pt-fingerprint 3.2.1 carries an older copy of the code without the `TRUE`/`FALSE` rule.)
///
/// It differs where pt-query-digest's regular expressions go wrong, reading the statement
/// with a tokenizer instead:
/// - **Digits inside names stay.** pt turns every digit run into `?`, even inside names, so
///   `users_2009` and `users_2010`, or `db2.tuningdetail_21_265507` and `db1.x`, fall into one
///   class (`d?tuningdetail_?_?`). Names are kept whole here, also MySQL's digit-led names
///   (`12_13_foo`) and backquoted ones.
/// - **Quoted strings are read, not matched.** `'it''s'`, `'it\'s'`, `"a\"b"` and
///   `'a\\'` are each one string; pt splits some of them (`'it''s'` -> `??`) or runs into the
///   next one. Multibyte strings (`'テスト'`) are strings like any other.
/// - **Literals are read whole**: `0xFF`, `X'AB'`, `B'01'`, `1E5`, `N'abc'` and
///   `_utf8mb4'abc'` are each `?` (pt leaves `?ff`, `x?`, `b?`, `?e?`, `n?`, `_utf?m??`).
/// - **Operators stay.** pt replaces any `+` or `-` with what follows (`a - b` -> `a ? b`,
///   `col->'$.x'` -> `col?>?`). Here a sign is folded into the number it starts only where
///   an operand begins (`= -1`, `(-1`, `then -1` -> `?`), and `a - 1` is `a - ?`.
/// - **Comments**: `-- ` needs white space after it as in MySQL (`a--1` is `a - -1`), a
///   comment with a quote in it is still a comment, a comment counts as white space
///   (`select/**/1` -> `select ?`), and no trailing space is left where one was cut.
/// - **`/*!50100 ... */` holds SQL**, which the server runs: the markers go and the content
///   is fingerprinted (`SELECT /*!40001 SQL_NO_CACHE */ * FROM t` ->
///   `select sql_no_cache * from t`); pt keeps `/*!? sql_no_cache */`. `/*+ hints */` are
///   dropped as comments, as pt does.
/// - **Multi-row `VALUES`** keeps its first row and drops the others in every statement,
///   leaving what follows (`ON DUPLICATE KEY UPDATE ...`); pt drops the whole tail of a
///   multi-row `INSERT`, so one row and two rows were two classes.
/// - **`IN` lists of tuples** (`IN ((1,2),(3,4))`) collapse to `in(?+)` too, and every
///   `LIMIT` is collapsed, not only the first.
/// - **`CALL p (1)`** with a space is `call p` like `CALL p(1)`; a trailing `;` is dropped.
/// - **`ASC` only as a word**: pt drops ` asc` even from the start of a longer word.
///
/// The tokenizer reads the UTF-8 bytes once, in linear time, with no regular expressions.
/// A fingerprinter keeps its work buffers between calls, so its methods are `mutating`: each
/// thread or task keeps its own, as with ``RouteTemplater``.
///
/// ```swift
/// var fingerprinter = MySQLFingerprinter()
/// fingerprinter.fingerprint("SELECT * FROM users_2009 WHERE id IN (1, 2, 3)").text
/// // "select * from users_2009 where id in(?+)"
/// fingerprinter.fingerprintText("INSERT INTO t (a) VALUES (1), (2)")
/// // "insert into t (a) values(?+)"
/// ```
public struct MySQLFingerprinter: Sendable {
  private var pass = MySQLFingerprintPass()
  private var recent = SQLFingerprintCache()

  /// Creates a fingerprinter.
  public init() {}

  /// The fingerprint of `statement` with its class id, tables and kind.
  public mutating func fingerprint(_ statement: String) -> SQLFingerprint {
    var copy = statement
    return copy.withUTF8 { bytes in
      if let special = Self.special(bytes) {
        return special.text.withUnsafeBufferPointer {
          SQLFingerprint(
            text: String(decoding: $0, as: UTF8.self), classID: SQLFingerprint.classID(of: $0),
            tables: [], kind: special.kind)
        }
      }
      // Tables and kind follow from the text, so a class seen before needs no collecting;
      // only a new one is read a second time.
      let statement = Self.trimmed(bytes)
      pass.run(statement, collectsTables: false)
      if pass.sawToolkitComment { return fingerprint("percona-toolkit") }
      let hash = SQLFingerprintCache.hash(pass.output.bytes)
      if let cached = recent.fingerprint(text: pass.output.bytes, hash: hash) { return cached }
      pass.run(statement, collectsTables: true)
      return recent.storeNew(
        text: pass.output.bytes, tables: pass.collector.tables, kind: pass.collector.kind,
        hash: hash)
    }
  }

  /// The fingerprint text of `statement` alone, without the id, tables and kind.
  public mutating func fingerprintText(_ statement: String) -> String {
    var copy = statement
    return copy.withUTF8 { bytes in
      if let special = Self.special(bytes) { return String(decoding: special.text, as: UTF8.self) }
      pass.run(Self.trimmed(bytes), collectsTables: false)
      if pass.sawToolkitComment { return "percona-toolkit" }
      let text = pass.output.bytes
      return recent.fingerprint(text: text, hash: SQLFingerprintCache.hash(text))?.text
        ?? String(decoding: text, as: UTF8.self)
    }
  }

  /// `bytes` without trailing white space and semicolons.
  private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var end = bytes.count
    while end > 0, SQLByte.isSpace(bytes[end - 1]) || bytes[end - 1] == SQLByte.semicolon {
      end -= 1
    }
    return UnsafeBufferPointer(rebasing: bytes[0..<end])
  }

  /// The fingerprint and kind of statements pt-query-digest special-cases: administrator
  /// commands, mysqldump's `SELECT`, `USE` and `CALL`.
  private static func special(_ bytes: UnsafeBufferPointer<UInt8>)
    -> (text: [UInt8], kind: SQLStatementKind)?
  {
    let statement = trimmed(bytes)
    if hasPrefix(statement, "administrator command: ") { return (Array(statement), .other) }
    if hasPrefix(statement, "SELECT /*!40001 SQL_NO_CACHE */ * FROM `") {
      return (Array("mysqldump".utf8), .select)
    }
    if let text = useOrCall(statement) { return (text, .other) }
    return nil
  }

  /// `use ?` for `USE db`, `call name` for `CALL name(...)`, or nil for other statements.
  private static func useOrCall(_ statement: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    var lexer = SQLLexer(input: statement, dialect: .mysql)
    guard let first = lexer.next(), first.kind == .word, first.end - first.start <= 4 else {
      return nil
    }
    let keyword = SQLKeywordTable.shared.keyword(statement, first.start..<first.end)
    let isCall =
      keyword == nil && first.end - first.start == 4
      && statement[first.start..<first.end].map(SQLByte.lowercased).elementsEqual("call".utf8)
    guard keyword == .use || isCall else { return nil }
    var nameStart = -1
    var nameEnd = -1
    while let token = lexer.next() {
      if token.kind == .word || token.kind == .quotedIdentifier
        || (token.kind == .punctuation && statement[token.start] == SQLByte.dot && nameStart >= 0)
      {
        if nameStart < 0 { nameStart = token.start }
        if token.spaceBefore, token.start != nameStart { return nil }
        nameEnd = token.end
        continue
      }
      guard isCall, nameStart >= 0, token.kind == .punctuation,
        statement[token.start] == SQLByte.openParen
      else { return nil }
      var result = Array("call ".utf8)
      for index in nameStart..<nameEnd { result.append(SQLByte.lowercased(statement[index])) }
      return result
    }
    return keyword == .use && nameStart >= 0 ? Array("use ?".utf8) : nil
  }

  /// Whether `bytes` starts with `prefix`, byte for byte.
  private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: StaticString)
    -> Bool
  {
    let count = prefix.utf8CodeUnitCount
    guard bytes.count >= count else { return false }
    let start = prefix.utf8Start
    for index in 0..<count where bytes[index] != start[index] { return false }
    return true
  }
}
