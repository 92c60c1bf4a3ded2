/// Splits query text into tokens, each with its position.
///
/// A `/` starts a regular expression where a value is expected (after an operator, `(`, `,`
/// or a keyword such as `like`) and is division after a value.
struct Lexer {
  private let bytes: [UInt8]
  private var index = 0
  private var line = 1
  private var lineStart = 0
  private var previous: Token.Kind?
  private var beforePrevious: Token.Kind?

  /// Units of duration literals, in microseconds.
  static let durationUnits: [String: Int64] = [
    "us": 1, "ms": 1_000, "s": 1_000_000, "sec": 1_000_000, "m": 60_000_000,
    "min": 60_000_000, "h": 3_600_000_000, "hr": 3_600_000_000, "d": 86_400_000_000,
    "day": 86_400_000_000, "w": 604_800_000_000, "week": 604_800_000_000,
  ]

  init(_ text: String) {
    bytes = Array(text.utf8)
  }

  /// Every token of `text`, ending with `.end`.
  static func tokenize(_ text: String) throws(QueryError) -> [Token] {
    var lexer = Lexer(text)
    var tokens: [Token] = []
    while true {
      let token = try lexer.next()
      tokens.append(token)
      if case .end = token.kind { return tokens }
    }
  }

  private var position: SourcePosition {
    let column = String(decoding: bytes[lineStart..<index], as: UTF8.self).count + 1
    return SourcePosition(offset: index, line: line, column: column)
  }

  private func peek(_ ahead: Int = 0) -> UInt8? {
    index + ahead < bytes.count ? bytes[index + ahead] : nil
  }

  private mutating func skipSpaceAndComments() {
    while let byte = peek() {
      if byte == UInt8(ascii: "\n") {
        index += 1
        line += 1
        lineStart = index
      } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
        || byte == UInt8(ascii: "\r")
      {
        index += 1
      } else if byte == UInt8(ascii: "#") {
        while let b = peek(), b != UInt8(ascii: "\n") { index += 1 }
      } else {
        return
      }
    }
  }

  /// Whether the previous token ends a value, which makes `/` a division.
  private var afterValue: Bool {
    // `parse field /regex/`: the field is a value, but a regex follows it.
    if case .identifier(let word) = beforePrevious, word.lowercased() == "parse" { return false }
    switch previous {
    case .identifier(let name):
      return !["like", "and", "or", "not", "filter", "parse", "in"].contains(name.lowercased())
    case .quotedIdentifier, .integer, .number, .duration, .string, .regex: return true
    case .symbol(let s): return s == ")" || s == "]"
    case .end, nil: return false
    }
  }

  private mutating func next() throws(QueryError) -> Token {
    skipSpaceAndComments()
    let start = position
    let startIndex = index
    guard let byte = peek() else { return Token(kind: .end, text: "", position: start) }
    let kind: Token.Kind
    if Lexer.isNameStart(byte) {
      while let b = peek(), Lexer.isNameContinue(b) { index += 1 }
      // A name may not end with a dot: `a.` is a name followed by a stray dot.
      while index > startIndex + 1, bytes[index - 1] == UInt8(ascii: ".") { index -= 1 }
      kind = .identifier(text(from: startIndex))
    } else if byte == UInt8(ascii: "`") {
      index += 1
      let nameStart = index
      while let b = peek(), b != UInt8(ascii: "`") { index += 1 }
      guard peek() != nil else {
        throw QueryError(.syntax, "unterminated backquoted name", at: start)
      }
      let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
      index += 1
      if name.isEmpty { throw QueryError(.syntax, "empty backquoted name", at: start) }
      kind = .quotedIdentifier(name)
    } else if Lexer.isDigit(byte)
      || (byte == UInt8(ascii: ".") && peek(1).map(Lexer.isDigit) == true)
    {
      kind = try number(start: start)
    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
      kind = .string(try string(quote: byte, start: start))
    } else if byte == UInt8(ascii: "/") && !afterValue {
      kind = .regex(try regex(start: start))
    } else {
      kind = .symbol(try symbol(start: start))
    }
    let token = Token(kind: kind, text: text(from: startIndex), position: start)
    beforePrevious = previous
    previous = kind
    return token
  }

  private func text(from start: Int) -> String {
    String(decoding: bytes[start..<index], as: UTF8.self)
  }

  private mutating func number(start: SourcePosition) throws(QueryError) -> Token.Kind {
    let startIndex = index
    var isInteger = true
    while let b = peek(), Lexer.isDigit(b) || b == UInt8(ascii: "_") { index += 1 }
    if peek() == UInt8(ascii: "."), peek(1).map(Lexer.isDigit) == true {
      isInteger = false
      index += 1
      while let b = peek(), Lexer.isDigit(b) { index += 1 }
    }
    if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E"),
      let after = peek(1),
      Lexer.isDigit(after)
        || ((after == UInt8(ascii: "-") || after == UInt8(ascii: "+"))
          && peek(2).map(Lexer.isDigit) == true)
    {
      isInteger = false
      index += 2
      while let b = peek(), Lexer.isDigit(b) { index += 1 }
    }
    let digits = String(text(from: startIndex).filter { $0 != "_" })
    // A unit directly after the number makes a duration: `5m`, `1.5h`, `250ms`.
    let unitStart = index
    while let b = peek(), Lexer.isLetter(b) { index += 1 }
    if index > unitStart {
      let unit = text(from: unitStart)
      guard let scale = Lexer.durationUnits[unit], !(peek().map(Lexer.isNameContinue) ?? false),
        let value = Double(digits)
      else {
        throw QueryError(
          .syntax,
          "unknown duration unit '\(unit)' (use us, ms, s, m, h, d or w)",
          at: start)
      }
      let micros = value * Double(scale)
      guard micros.magnitude < 9e18 else {
        throw QueryError(.syntax, "duration too large", at: start)
      }
      return .duration(Int64(micros))
    }
    if isInteger, let value = Int64(digits) { return .integer(value) }
    guard let value = Double(digits) else {
      throw QueryError(.syntax, "malformed number '\(digits)'", at: start)
    }
    return .number(value)
  }

  private mutating func string(quote: UInt8, start: SourcePosition) throws(QueryError) -> String {
    index += 1
    var out: [UInt8] = []
    while true {
      guard let b = peek() else {
        throw QueryError(.syntax, "unterminated string (missing closing quote)", at: start)
      }
      index += 1
      if b == quote { break }
      guard b == UInt8(ascii: "\\") else {
        out.append(b)
        continue
      }
      guard let escaped = peek() else {
        throw QueryError(.syntax, "unterminated string (missing closing quote)", at: start)
      }
      index += 1
      switch escaped {
      case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
      case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
      case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r"))
      case UInt8(ascii: "0"): out.append(0)
      case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"):
        out.append(escaped)
      case UInt8(ascii: "u"):
        let hexStart = index
        while let h = peek(), Lexer.isHex(h), index - hexStart < 4 { index += 1 }
        guard index - hexStart == 4,
          let code = UInt32(String(decoding: bytes[hexStart..<index], as: UTF8.self), radix: 16),
          let scalar = Unicode.Scalar(code)
        else {
          throw QueryError(.syntax, "\\u needs four hex digits", at: position)
        }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
      default:
        throw QueryError(
          .syntax, "unknown escape '\\\(Character(Unicode.Scalar(escaped)))' in string",
          at: SourcePosition(offset: index - 2, line: line, column: position.column - 2))
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  private mutating func regex(start: SourcePosition) throws(QueryError) -> String {
    index += 1
    var out: [UInt8] = []
    while true {
      guard let b = peek(), b != UInt8(ascii: "\n") else {
        throw QueryError(.syntax, "unterminated regular expression (missing closing /)", at: start)
      }
      index += 1
      if b == UInt8(ascii: "/") { break }
      if b == UInt8(ascii: "\\"), let next = peek() {
        index += 1
        if next == UInt8(ascii: "/") {
          out.append(next)
        } else {
          out.append(b)
          out.append(next)
        }
        continue
      }
      out.append(b)
    }
    return String(decoding: out, as: UTF8.self)
  }

  private mutating func symbol(start: SourcePosition) throws(QueryError) -> String {
    let twoByte = ["!=", "<=", ">=", "=~", "!~", "==", "<>"]
    if index + 1 < bytes.count {
      let pair = String(decoding: bytes[index..<index + 2], as: UTF8.self)
      if twoByte.contains(pair) {
        index += 2
        return pair
      }
    }
    let single = "|,()[]=<>+-*/%^"
    guard let byte = peek(), single.utf8.contains(byte) else {
      let scalar = String(decoding: bytes[index..<min(bytes.count, index + 1)], as: UTF8.self)
      throw QueryError(.syntax, "unexpected character '\(scalar)'", at: start)
    }
    index += 1
    return String(Character(Unicode.Scalar(byte)))
  }

  static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
  static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20 >= 97 && b | 0x20 <= 102) }
  static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 97 && (b | 0x20) <= 122 }
  static func isNameStart(_ b: UInt8) -> Bool {
    isLetter(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "@") || b == UInt8(ascii: "$")
  }
  static func isNameContinue(_ b: UInt8) -> Bool {
    isNameStart(b) || isDigit(b) || b == UInt8(ascii: ".")
  }
}
