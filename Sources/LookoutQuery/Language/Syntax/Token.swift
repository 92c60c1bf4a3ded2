/// One lexical unit of a query.
struct Token: Sendable, Equatable {
  /// What the token is.
  enum Kind: Sendable, Equatable {
    /// A bare name: `route`, `http.status`, `@timestamp`, also keywords such as `stats`.
    case identifier(String)
    /// A name in backquotes, never a keyword: `` `user-agent` ``.
    case quotedIdentifier(String)
    /// An integer literal.
    case integer(Int64)
    /// A literal with a fraction or exponent.
    case number(Double)
    /// A number with a time unit (`5m`, `250ms`), in microseconds; `text` keeps the spelling.
    case duration(Int64)
    /// A string literal with escapes resolved.
    case string(String)
    /// A regular expression literal `/.../`, with `\/` resolved.
    case regex(String)
    /// An operator or punctuation: `| , ( ) [ ] = != < <= > >= =~ !~ + - * / %`.
    case symbol(String)
    /// The end of the text.
    case end
  }

  var kind: Kind
  /// The token as written.
  var text: String
  var position: SourcePosition

  /// How the token reads in an error message.
  var display: String {
    if case .end = kind { return "the end of the query" }
    return "'\(text)'"
  }
}
