extension PostgresNormalizationPass {
  /// Reads a punctuation byte: signs, brackets, list separators and casts.
  mutating func punctuation(_ token: SQLToken) {
    let byte = input[token.start]
    if byte == SQLByte.minus, signStartsOperand, replacesConstants {
      // PostgreSQL folds a minus into the number after it (`- 5` is one constant), but not
      // into a cast (`-5::int` negates `5::int`).
      var ahead = lexer
      if let next = ahead.next(), next.kind == .number, !startsCast(ahead) {
        lexer = ahead
        constant(token.start, next.end, token: token)
        return
      }
    }
    write(token, lowercase: false)
    switch byte {
    case SQLByte.openParen, SQLByte.openBracket:
      if layout == .canonical, pendingSquash,
        (byte == SQLByte.openParen) == (lastKeyword == .in)
      {
        squashes.append(SquashFrame(depth: depth + 1))
      } else {
        markSquashesUnclean()
        if layout == .canonical, pendingValuesRow, byte == SQLByte.openParen, valuesRowDepth < 0 {
          valuesRowDepth = depth + 1
        }
      }
      if afterTypeName, byte == SQLByte.openParen, opensTypeModifier() {
        typeModifierDepth = depth + 1
      }
      let opensExtract = lastKeyword == .extract && byte == SQLByte.openParen
      depth += 1
      finishPunctuation(byte, signStartsOperand: true)
      inExtractField = opensExtract
    case SQLByte.closeParen, SQLByte.closeBracket:
      if typeModifierDepth == depth { typeModifierDepth = -1 }
      if let last = squashes.last, last.depth == depth {
        squashes.removeLast()
        closeSquash(last)
      }
      if depth > 0 { depth -= 1 }
      if byListDepth > depth { byListDepth = -1 }
      if valuesRowDepth == depth + 1 {
        valuesRowDepth = -1
        dropFurtherRows()
      }
      finishPunctuation(byte, signStartsOperand: false)
    case SQLByte.comma:
      if depth == byListDepth { atByItemStart = true }
      finishPunctuation(byte, signStartsOperand: true)
      return
    case SQLByte.colon:
      let isCast = previousByte == SQLByte.colon
      finishPunctuation(byte, signStartsOperand: true)
      inCastType = isCast
      return
    default:
      markSquashesUnclean()
      finishPunctuation(byte, signStartsOperand: true)
    }
  }

  /// Whether the `(` just read holds only numbers and commas up to its `)`: a type modifier
  /// such as `numeric(5, 2)` or `varchar(255)`.
  private func opensTypeModifier() -> Bool {
    var ahead = lexer
    var expectsNumber = true
    while let token = ahead.next() {
      if expectsNumber {
        guard token.kind == .number else { return false }
      } else {
        guard token.kind == .punctuation else { return false }
        if input[token.start] == SQLByte.closeParen { return true }
        guard input[token.start] == SQLByte.comma else { return false }
      }
      expectsNumber.toggle()
    }
    return false
  }

  /// Whether the next two tokens of `lexer` are `::`.
  private func startsCast(_ lexer: SQLLexer) -> Bool {
    var ahead = lexer
    guard let first = ahead.next(), first.kind == .punctuation, input[first.start] == SQLByte.colon,
      let second = ahead.next(), second.kind == .punctuation, !second.spaceBefore
    else { return false }
    return input[second.start] == SQLByte.colon
  }

  /// Updates the context after punctuation.
  private mutating func finishPunctuation(_ byte: UInt8, signStartsOperand: Bool) {
    if depth == byListDepth, byte != SQLByte.comma { atByItemStart = false }
    lastKeyword = nil
    keywordBeforeLast = nil
    afterTypeName = false
    inExtractField = false
    previousByte = byte
    pendingSquash = false
    pendingValuesRow = false
    inCastType = false
    self.signStartsOperand = signStartsOperand
    if collectsTables { collector.punctuation(byte) }
  }

  /// Squashes a list of constants to its first, `($1 /*, ... */)`, and gives the next
  /// constant the number after it.
  private mutating func closeSquash(_ frame: SquashFrame) {
    guard frame.isClean, frame.firstStart >= 0 else { return }
    var replacement: [UInt8] = [SQLByte.dollar]
    Self.appendDecimal(frame.firstNumber, to: &replacement)
    replacement.append(contentsOf: " /*, ... */".utf8)
    output.replace(frame.firstStart..<frame.lastEnd, with: replacement)
    nextNumber = frame.firstNumber + 1
  }

  /// Drops the rows after the first of a multi-row `VALUES`.
  private mutating func dropFurtherRows() {
    while true {
      var ahead = lexer
      guard let comma = ahead.next(), comma.kind == .punctuation,
        input[comma.start] == SQLByte.comma, let open = ahead.next(),
        open.kind == .punctuation, input[open.start] == SQLByte.openParen
      else { break }
      var nesting = 1
      while nesting > 0, let token = ahead.next() {
        guard token.kind == .punctuation else { continue }
        if input[token.start] == SQLByte.openParen { nesting += 1 }
        if input[token.start] == SQLByte.closeParen { nesting -= 1 }
      }
      lexer = ahead
    }
  }

  /// Marks every open squash list as holding more than constants.
  mutating func markSquashesUnclean() {
    for index in squashes.indices { squashes[index].isClean = false }
  }

  /// Extends the innermost clean squash list over a cast's type name.
  mutating func extendSquash() {
    guard let index = squashes.indices.last, squashes[index].depth == depth,
      squashes[index].isClean, squashes[index].firstStart >= 0
    else {
      markSquashesUnclean()
      return
    }
    squashes[index].lastEnd = output.count
  }

  /// Appends `value` (not negative) in decimal to ``output``.
  mutating func appendDecimal(_ value: Int) {
    if value >= 10 { appendDecimal(value / 10) }
    output.append(UInt8(truncatingIfNeeded: 0x30 + value % 10))
  }

  /// Appends `value` (not negative) in decimal to `target`.
  static func appendDecimal(_ value: Int, to target: inout [UInt8]) {
    if value >= 10 { appendDecimal(value / 10, to: &target) }
    target.append(UInt8(truncatingIfNeeded: 0x30 + value % 10))
  }
}
