/// One token of a SQL statement, as a range of its UTF-8 bytes.
struct SQLToken {
  /// What a token is.
  enum Kind: UInt8 {
    /// A keyword or unquoted identifier (`select`, `users`, `12_13_foo` in MySQL).
    case word
    /// A quoted identifier: `` `name` `` in MySQL, `"name"` in PostgreSQL.
    case quotedIdentifier
    /// A string literal with any prefix: `'a'`, `"a"` (MySQL), `N'a'`, `_utf8mb4'a'`,
    /// `x'ff'`, `b'01'`, `E'a'`, `U&'a'`, `$$a$$`, `$tag$a$tag$`.
    case string
    /// A numeric literal: `42`, `-1.5e3` is `-` and `1.5e3`, `0xff`, `0b01`, `.5`.
    case number
    /// A bound parameter: `?` in MySQL, `$1` in PostgreSQL.
    case placeholder
    /// Any other byte: operators and punctuation, one byte each.
    case punctuation
  }

  /// What the token is.
  var kind: Kind
  /// Index of its first byte.
  var start: Int
  /// Index just past its last byte.
  var end: Int
  /// Whether white space or a comment separates it from the token before.
  var spaceBefore: Bool
}
