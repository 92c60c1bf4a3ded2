/// Byte classes and named bytes for the SQL lexer, on UTF-8 code units.
///
/// Bytes of multi-byte sequences (0x80 and up) count as identifier bytes, so a non-ASCII
/// identifier is one word and a string is never cut inside a character.
enum SQLByte {
  /// Space
  static let space = UInt8(ascii: " ")
  /// Line feed
  static let lineFeed = UInt8(ascii: "\n")
  /// `'`
  static let quote = UInt8(ascii: "'")
  /// `"`
  static let doubleQuote = UInt8(ascii: "\"")
  /// A backtick
  static let backtick = UInt8(ascii: "`")
  /// `\`
  static let backslash = UInt8(ascii: "\\")
  /// `#`
  static let hash = UInt8(ascii: "#")
  /// `-`
  static let minus = UInt8(ascii: "-")
  /// `+`
  static let plus = UInt8(ascii: "+")
  /// `/`
  static let slash = UInt8(ascii: "/")
  /// `*`
  static let star = UInt8(ascii: "*")
  /// `!`
  static let bang = UInt8(ascii: "!")
  /// `.`
  static let dot = UInt8(ascii: ".")
  /// `,`
  static let comma = UInt8(ascii: ",")
  /// `:`
  static let colon = UInt8(ascii: ":")
  /// `;`
  static let semicolon = UInt8(ascii: ";")
  /// `?`
  static let question = UInt8(ascii: "?")
  /// `$`
  static let dollar = UInt8(ascii: "$")
  /// `&`
  static let ampersand = UInt8(ascii: "&")
  /// `_`
  static let underscore = UInt8(ascii: "_")
  /// `(`
  static let openParen = UInt8(ascii: "(")
  /// `)`
  static let closeParen = UInt8(ascii: ")")
  /// `[`
  static let openBracket = UInt8(ascii: "[")
  /// `]`
  static let closeBracket = UInt8(ascii: "]")

  /// Whether `byte` is `0`-`9`.
  @inline(__always)
  static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

  /// Whether `byte` is a hex digit in either case.
  @inline(__always)
  static func isHex(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20) &- 0x61 < 6 }

  /// Whether `byte` is an ASCII letter.
  @inline(__always)
  static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

  /// Whether `byte` may start an unquoted identifier: a letter, `_`, a non-ASCII byte, and
  /// in MySQL also `$`.
  @inline(__always)
  static func startsWord(_ byte: UInt8, dollar: Bool) -> Bool {
    isLetter(byte) || byte == underscore || byte >= 0x80 || (dollar && byte == SQLByte.dollar)
  }

  /// Whether `byte` may continue an unquoted identifier: a letter, digit, `_`, `$` or a
  /// non-ASCII byte.
  @inline(__always)
  static func continuesWord(_ byte: UInt8) -> Bool {
    isLetter(byte) || isDigit(byte) || byte == underscore || byte == dollar || byte >= 0x80
  }

  /// Whether `byte` is a space, tab, line feed, carriage return, vertical tab or form feed.
  @inline(__always)
  static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte &- 0x09 < 5 }

  /// `byte` with ASCII upper case turned to lower case.
  @inline(__always)
  static func lowercased(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }
}

/// The lexer's byte classes in a 256-entry table, built once and never freed, so a class
/// costs one load instead of a chain of comparisons.
struct SQLByteClasses: @unchecked Sendable {
  /// Space, tab, line feed, carriage return, vertical tab, form feed.
  static let space: UInt8 = 1
  /// Starts an unquoted identifier in both dialects: a letter, `_`, a non-ASCII byte.
  static let wordStart: UInt8 = 2
  /// Continues an unquoted identifier: also digits and `$`.
  static let wordContinue: UInt8 = 4
  /// `0`-`9`.
  static let digit: UInt8 = 8
  /// May start a comment or end a MySQL version comment: `#`, `-`, `/`, `*`.
  static let commentStart: UInt8 = 16

  /// The table every lexer shares.
  static let shared = SQLByteClasses()

  // Immutable after `init`, hence the unchecked `Sendable`.
  private let table: UnsafeMutablePointer<UInt8>

  private init() {
    table = .allocate(capacity: 256)
    for value in 0..<256 {
      let byte = UInt8(value)
      var classes: UInt8 = 0
      if SQLByte.isSpace(byte) { classes |= Self.space }
      if SQLByte.startsWord(byte, dollar: false) { classes |= Self.wordStart }
      if SQLByte.continuesWord(byte) { classes |= Self.wordContinue }
      if SQLByte.isDigit(byte) { classes |= Self.digit }
      if byte == SQLByte.hash || byte == SQLByte.minus || byte == SQLByte.slash
        || byte == SQLByte.star
      {
        classes |= Self.commentStart
      }
      table[value] = classes
    }
  }

  /// The classes of `byte`.
  @inline(__always)
  subscript(_ byte: UInt8) -> UInt8 { table[Int(byte)] }
}
