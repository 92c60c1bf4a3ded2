/// Fingerprints PostgreSQL statements the way pg_stat_statements normalises them: each
/// constant becomes `$n`.
///
/// Constants are numbered in order of appearance. Parameters already in the statement
/// (`$1` of a prepared statement) stay as they are and new numbers continue after the
/// highest of them, as pg_stat_statements does: `... id = $1 AND score > 5` ->
/// `... id = $1 AND score > $2`. A constant is a number (with a minus before it folded in,
/// `- 5` included, except before a cast: `-5::int` is `-$1::int`), a string in any form
/// (`'a'`, `E'a\n'`, `B'101'`, `X'ff'`, `U&'a'`, `$$a$$`, `$tag$a$tag$`, typed as in
/// `interval '1 day'` -> `interval $1`), `TRUE`, `FALSE`, and `ALL` after `LIMIT`. `NULL`
/// stays, and so do `ORDER BY 1` and `GROUP BY 1`, which name columns.
///
/// ``normalizedText(_:)`` gives exactly what PostgreSQL 15 shows in
/// `pg_stat_statements.query` for the statement: its own text with constants replaced,
/// spacing, case and comments kept, surrounding white space and the final `;` cut, and
/// utility statements (`SET`, `SHOW`, DDL, ...) left as they are. That text depends on the
/// first sample of a class, so it makes a good sample but no key.
///
/// A fingerprinter keeps its work buffers between calls, so its methods are `mutating`: each
/// thread or task keeps its own.
///
/// ``fingerprint(_:)`` gives the class key, a canonical form of the same normalisation:
/// - white space runs become one space and comments go (none is added or removed
///   otherwise: `a=1` and `a = 1` stay two classes, where pg_stat_statements, which hashes
///   the parse tree, has one);
/// - unquoted words are lower-cased (PostgreSQL folds unquoted names to lower case, and
///   keywords have no case); quoted names keep theirs;
/// - a list of constants in `IN (...)` or `ARRAY[...]`, casts allowed, becomes its first
///   element, `IN ($1 /*, ... */)`, whatever its length. This is the form PostgreSQL 18
///   squashes lists to; unlike PostgreSQL 18 a one-element list squashes too, so a list of
///   one and a list of many are one class, like pt-query-digest's `in(?+)`. Lists of
///   parameters (`IN ($2, $3)`, as drivers send them) squash the same way, so a statement
///   sent with inline values and the same one sent with parameters are one class;
///   ``normalizedText(_:)`` keeps them, as PostgreSQL 18 does;
/// - a multi-row `VALUES` keeps only its first row, so batch inserts of any size are one
///   class, as with MySQL (pg_stat_statements keeps every row);
/// - utility statements are normalised like the others, so `SET work_mem = '64MB'` and
///   `'128MB'` are one class.
///
/// ```swift
/// var fingerprinter = PostgresFingerprinter()
/// fingerprinter.normalizedText("SELECT * FROM users WHERE id IN (1, 2, 3)")
/// // "SELECT * FROM users WHERE id IN ($1, $2, $3)"
/// fingerprinter.fingerprint("SELECT * FROM users WHERE id IN (1, 2, 3)").text
/// // "select * from users where id in ($1 /*, ... */)"
/// ```
public struct PostgresFingerprinter: Sendable {
  private var pass = PostgresNormalizationPass()
  private var recent = SQLFingerprintCache()

  /// Creates a fingerprinter.
  public init() {}

  /// The canonical fingerprint of `statement` with its class id, tables and kind.
  public mutating func fingerprint(_ statement: String) -> SQLFingerprint {
    var copy = statement
    return copy.withUTF8 { bytes in
      // Tables and kind follow from the text, so a class seen before needs no collecting;
      // only a new one is read a second time.
      run(bytes, layout: .canonical, collectsTables: false)
      let hash = SQLFingerprintCache.hash(pass.output.bytes)
      if let cached = recent.fingerprint(text: pass.output.bytes, hash: hash) { return cached }
      run(bytes, layout: .canonical, collectsTables: true)
      return recent.storeNew(
        text: pass.output.bytes, tables: pass.collector.tables, kind: pass.collector.kind,
        hash: hash)
    }
  }

  /// The canonical fingerprint text of `statement` alone.
  public mutating func fingerprintText(_ statement: String) -> String {
    var copy = statement
    return copy.withUTF8 { bytes in
      run(bytes, layout: .canonical, collectsTables: false)
      let text = pass.output.bytes
      return recent.fingerprint(text: text, hash: SQLFingerprintCache.hash(text))?.text
        ?? String(decoding: text, as: UTF8.self)
    }
  }

  /// `statement` as PostgreSQL 15's pg_stat_statements shows it: constants replaced by `$n`,
  /// everything else as written.
  public mutating func normalizedText(_ statement: String) -> String {
    var copy = statement
    return copy.withUTF8 { bytes in
      run(bytes, layout: .verbatim, collectsTables: false)
      return String(decoding: pass.output.bytes, as: UTF8.self)
    }
  }

  /// Runs the pass over `bytes` without surrounding white space and final semicolons.
  private mutating func run(
    _ bytes: UnsafeBufferPointer<UInt8>, layout: PostgresNormalizationPass.Layout,
    collectsTables: Bool
  ) {
    var start = 0
    var end = bytes.count
    while end > 0, SQLByte.isSpace(bytes[end - 1]) || bytes[end - 1] == SQLByte.semicolon {
      end -= 1
    }
    while start < end, SQLByte.isSpace(bytes[start]) { start += 1 }
    let statement = UnsafeBufferPointer(rebasing: bytes[start..<end])
    pass.run(
      statement, layout: layout, firstNumber: Self.highestParameter(in: statement) + 1,
      collectsTables: collectsTables)
  }

  /// The highest `$n` parameter in `statement`, or 0.
  private static func highestParameter(in statement: UnsafeBufferPointer<UInt8>) -> Int {
    var mayHave = false
    for index in statement.indices.dropLast()
    where statement[index] == SQLByte.dollar && SQLByte.isDigit(statement[index + 1]) {
      mayHave = true
      break
    }
    guard mayHave else { return 0 }
    var highest = 0
    var lexer = SQLLexer(input: statement, dialect: .postgres)
    while let token = lexer.next() {
      guard token.kind == .placeholder else { continue }
      var value = 0
      for index in (token.start + 1)..<token.end {
        value = min(value * 10 + Int(statement[index] &- 0x30), 1 << 30)
      }
      highest = max(highest, value)
    }
    return highest
  }
}
