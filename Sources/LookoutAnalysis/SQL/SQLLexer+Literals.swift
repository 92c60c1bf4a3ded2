extension SQLLexer {
  /// Reads a word, or a string that a word prefixes (`N'..'`, `_utf8mb4'..'`, `x'..'`,
  /// `b'..'` in MySQL; `E'..'`, `B'..'`, `X'..'`, `U&'..'` in PostgreSQL).
  mutating func scanWord() -> SQLToken.Kind {
    let start = position
    let count = input.count
    var index = position
    while index < count, classes[input[index]] & SQLByteClasses.wordContinue != 0 { index += 1 }
    position = index
    guard position < count else { return .word }
    let next = input[position]
    let length = position - start
    let first = SQLByte.lowercased(input[start])
    switch dialect {
    case .mysql:
      // MySQL also reads a digit-led run of letters and digits as a name (`12_13_foo`).
      if next == SQLByte.quote,
        first == SQLByte.underscore
          || (length == 1
            && (first == UInt8(ascii: "n") || first == UInt8(ascii: "x")
              || first == UInt8(ascii: "b")))
      {
        scanQuoted(SQLByte.quote, backslashEscapes: first != UInt8(ascii: "x"))
        return .string
      }
    case .postgres:
      guard length == 1 else { return .word }
      if next == SQLByte.quote {
        // `N'..'` stays the word `n` and a string, as PostgreSQL's own lexer splits it.
        switch first {
        case UInt8(ascii: "e"):
          scanQuoted(SQLByte.quote, backslashEscapes: true)
        case UInt8(ascii: "b"), UInt8(ascii: "x"):
          scanQuoted(SQLByte.quote, backslashEscapes: false)
        default:
          return .word
        }
        continueAdjacentString()
        return .string
      }
      if first == UInt8(ascii: "u"), next == SQLByte.ampersand, position + 1 < count {
        let quote = input[position + 1]
        if quote == SQLByte.quote || quote == SQLByte.doubleQuote {
          position += 1
          scanQuoted(quote, backslashEscapes: false)
          return quote == SQLByte.quote ? .string : .quotedIdentifier
        }
      }
    }
    return .word
  }

  /// Reads a number: digits with an optional fraction and exponent, `.5`, and in MySQL
  /// `0x1F` and `0b101`. In MySQL a run of digits followed by letters is a name.
  mutating func scanNumber() -> SQLToken.Kind {
    let count = input.count
    var index = position
    if dialect == .mysql, input[index] == UInt8(ascii: "0"), index + 2 < count {
      let marker = SQLByte.lowercased(input[index + 1])
      let isHex = marker == UInt8(ascii: "x") && SQLByte.isHex(input[index + 2])
      let isBits = marker == UInt8(ascii: "b") && input[index + 2] &- 0x30 < 2
      if isHex || isBits {
        index += 2
        while index < count, isHex ? SQLByte.isHex(input[index]) : input[index] &- 0x30 < 2 {
          index += 1
        }
        if index < count, SQLByte.continuesWord(input[index]) { return scanWord() }
        position = index
        return .number
      }
    }
    var digitsOnly = true
    while index < count, SQLByte.isDigit(input[index]) { index += 1 }
    if index < count, input[index] == SQLByte.dot {
      digitsOnly = false
      index += 1
      while index < count, SQLByte.isDigit(input[index]) { index += 1 }
    }
    if index < count, SQLByte.lowercased(input[index]) == UInt8(ascii: "e") {
      var exponent = index + 1
      if exponent < count, input[exponent] == SQLByte.plus || input[exponent] == SQLByte.minus {
        exponent += 1
      }
      if exponent < count, SQLByte.isDigit(input[exponent]) {
        digitsOnly = false
        index = exponent
        while index < count, SQLByte.isDigit(input[index]) { index += 1 }
      }
    }
    if dialect == .mysql, digitsOnly, index < count, SQLByte.continuesWord(input[index]) {
      return scanWord()
    }
    position = index
    return .number
  }

  /// Reads a quoted string or identifier opening at `position` with `quote`; a doubled
  /// quote stands for itself, and with `backslashEscapes` a backslash escapes the next byte.
  mutating func scanQuoted(_ quote: UInt8, backslashEscapes: Bool) {
    let count = input.count
    var index = position + 1
    while index < count {
      let byte = input[index]
      if byte == SQLByte.backslash, backslashEscapes {
        index += 2
      } else if byte == quote {
        if index + 1 < count, input[index + 1] == quote {
          index += 2
        } else {
          position = index + 1
          return
        }
      } else {
        index += 1
      }
    }
    position = count
  }

  /// Extends a PostgreSQL string over more quoted parts separated from it by white space
  /// holding a line break: `'a'` newline `'b'` is one constant, `'ab'`.
  mutating func continueAdjacentString() {
    let count = input.count
    while true {
      var index = position
      var sawLineBreak = false
      while index < count, SQLByte.isSpace(input[index]) {
        if input[index] == SQLByte.lineFeed || input[index] == UInt8(ascii: "\r") {
          sawLineBreak = true
        }
        index += 1
      }
      guard sawLineBreak, index < count, input[index] == SQLByte.quote else { return }
      position = index
      scanQuoted(SQLByte.quote, backslashEscapes: false)
    }
  }

  /// Reads what a PostgreSQL `$` starts: a parameter `$1`, a dollar-quoted string
  /// `$$...$$` or `$tag$...$tag$`, or else the operator byte `$`.
  mutating func scanDollar() -> SQLToken.Kind {
    let count = input.count
    let start = position
    var index = start + 1
    if index < count, SQLByte.isDigit(input[index]) {
      while index < count, SQLByte.isDigit(input[index]) { index += 1 }
      position = index
      return .placeholder
    }
    while index < count,
      SQLByte.startsWord(input[index], dollar: false)
        || (index > start + 1 && SQLByte.isDigit(input[index]))
    {
      index += 1
    }
    guard index < count, input[index] == SQLByte.dollar else {
      position += 1
      return .punctuation
    }
    let tagLength = index + 1 - start
    var search = index + 1
    while search + tagLength <= count {
      if input[search] == SQLByte.dollar, matchesTag(at: search, tagStart: start, length: tagLength)
      {
        position = search + tagLength
        return .string
      }
      search += 1
    }
    position = count
    return .string
  }

  /// Whether the `length` bytes at `index` equal those at `tagStart`.
  private func matchesTag(at index: Int, tagStart: Int, length: Int) -> Bool {
    for offset in 0..<length where input[index + offset] != input[tagStart + offset] {
      return false
    }
    return true
  }
}
