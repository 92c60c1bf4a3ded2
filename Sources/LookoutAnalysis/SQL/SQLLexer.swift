/// The SQL dialect a lexer reads.
enum SQLDialect {
  /// MySQL and MariaDB: `"..."` is a string, `` `...` `` an identifier, backslashes escape
  /// in strings, `#` and `-- ` start comments, `/*!...*/` holds SQL, `?` is a parameter.
  case mysql
  /// PostgreSQL: `"..."` is an identifier, `E'...'` and `$tag$...$tag$` are strings, `--`
  /// starts a comment, block comments nest, `$1` is a parameter.
  case postgres
}

/// Splits a SQL statement into tokens, in one pass over its UTF-8 bytes; white space and
/// comments are skipped and only noted on the token after them.
///
/// The lexer never fails: an unterminated string, identifier or comment runs to the end, and
/// any byte that starts nothing else is punctuation.
struct SQLLexer {
  /// The statement's bytes.
  let input: UnsafeBufferPointer<UInt8>
  /// The dialect's lexical rules.
  let dialect: SQLDialect
  /// The index of the next byte to read.
  var position = 0
  /// Inside a MySQL `/*!50100 ... */` comment, whose content is read as SQL.
  private var inVersionComment = false
  /// Whether a comment in pt-table-checksum's `/*db.table:1/8*/` form was skipped.
  private(set) var sawToolkitComment = false
  /// Byte classes.
  let classes = SQLByteClasses.shared

  /// Prepares to read `input` from its start.
  init(input: UnsafeBufferPointer<UInt8>, dialect: SQLDialect) {
    self.input = input
    self.dialect = dialect
  }

  /// The next token, or nil at the end.
  mutating func next() -> SQLToken? {
    let spaced = skipSpaceAndComments()
    guard position < input.count else { return nil }
    let start = position
    let kind = scanToken()
    return SQLToken(kind: kind, start: start, end: position, spaceBefore: spaced)
  }

  /// Moves past white space and comments; whether there were any.
  private mutating func skipSpaceAndComments() -> Bool {
    let count = input.count
    var spaced = false
    while position < count {
      let byte = input[position]
      let byteClasses = classes[byte]
      if byteClasses & SQLByteClasses.space != 0 {
        var index = position + 1
        while index < count, classes[input[index]] & SQLByteClasses.space != 0 { index += 1 }
        position = index
      } else if byteClasses & SQLByteClasses.commentStart == 0 {
        break
      } else if byte == SQLByte.hash, dialect == .mysql {
        skipLine()
      } else if byte == SQLByte.minus, position + 1 < count, input[position + 1] == SQLByte.minus,
        dialect == .postgres || position + 2 == count || input[position + 2] <= 0x20
      {
        // MySQL needs white space or a control character after `--`; `a--1` is `a - -1`.
        skipLine()
      } else if byte == SQLByte.slash, position + 1 < count, input[position + 1] == SQLByte.star {
        skipBlockComment()
      } else if byte == SQLByte.star, inVersionComment, position + 1 < count,
        input[position + 1] == SQLByte.slash
      {
        position += 2
        inVersionComment = false
      } else {
        break
      }
      spaced = true
    }
    return spaced
  }

  /// Moves to the line feed that ends a one-line comment.
  private mutating func skipLine() {
    while position < input.count, input[position] != SQLByte.lineFeed { position += 1 }
  }

  /// Moves past the block comment opening at `position`, or into the SQL of a MySQL
  /// `/*!` (or MariaDB `/*M!`) comment, whose closing `*/` is then skipped as a comment.
  private mutating func skipBlockComment() {
    let count = input.count
    var index = position + 2
    if dialect == .mysql {
      if index < count, input[index] == UInt8(ascii: "M"), index + 1 < count,
        input[index + 1] == SQLByte.bang
      {
        index += 1
      }
      if index < count, input[index] == SQLByte.bang {
        index += 1
        while index < count, SQLByte.isDigit(input[index]) { index += 1 }
        position = index
        inVersionComment = true
        return
      }
      let contentStart = index
      while index + 1 < count, !(input[index] == SQLByte.star && input[index + 1] == SQLByte.slash)
      {
        index += 1
      }
      if index + 1 < count, isToolkitMarker(contentStart..<index) { sawToolkitComment = true }
      position = min(index + 2, count)
      return
    }
    // PostgreSQL block comments nest.
    var depth = 1
    while index < count, depth > 0 {
      if input[index] == SQLByte.slash, index + 1 < count, input[index + 1] == SQLByte.star {
        depth += 1
        index += 2
      } else if input[index] == SQLByte.star, index + 1 < count, input[index + 1] == SQLByte.slash {
        depth -= 1
        index += 2
      } else {
        index += 1
      }
    }
    position = min(index, count)
  }

  /// Whether `range` reads `word.word:digits/digits`, the comment pt-table-checksum and
  /// other Percona tools put in their own queries.
  private func isToolkitMarker(_ range: Range<Int>) -> Bool {
    var index = range.lowerBound
    func run(_ accept: (UInt8) -> Bool) -> Bool {
      let start = index
      while index < range.upperBound, accept(input[index]) { index += 1 }
      return index > start
    }
    func expect(_ byte: UInt8) -> Bool {
      guard index < range.upperBound, input[index] == byte else { return false }
      index += 1
      return true
    }
    let isWordByte = { (byte: UInt8) in
      SQLByte.isLetter(byte) || SQLByte.isDigit(byte) || byte == SQLByte.underscore
    }
    return run(isWordByte) && expect(SQLByte.dot) && run(isWordByte) && expect(SQLByte.colon)
      && run(SQLByte.isDigit) && expect(SQLByte.slash) && run(SQLByte.isDigit)
      && index == range.upperBound
  }

  /// Reads the token starting at `position` and returns its kind.
  private mutating func scanToken() -> SQLToken.Kind {
    let byte = input[position]
    let mysql = dialect == .mysql
    switch byte {
    case SQLByte.quote:
      scanQuoted(SQLByte.quote, backslashEscapes: mysql)
      if !mysql { continueAdjacentString() }
      return .string
    case SQLByte.doubleQuote:
      scanQuoted(SQLByte.doubleQuote, backslashEscapes: mysql)
      return mysql ? .string : .quotedIdentifier
    case SQLByte.backtick where mysql:
      scanQuoted(SQLByte.backtick, backslashEscapes: false)
      return .quotedIdentifier
    case SQLByte.question where mysql:
      position += 1
      return .placeholder
    case SQLByte.dollar where !mysql:
      return scanDollar()
    case SQLByte.dot:
      if position + 1 < input.count, SQLByte.isDigit(input[position + 1]), !followsName() {
        return scanNumber()
      }
      position += 1
      return .punctuation
    default:
      let byteClasses = classes[byte]
      if byteClasses & SQLByteClasses.wordStart != 0 || (mysql && byte == SQLByte.dollar) {
        return scanWord()
      }
      if byteClasses & SQLByteClasses.digit != 0 {
        if mysql, followsQualifier() { return scanWord() }
        return scanNumber()
      }
      position += 1
      return .punctuation
    }
  }

  /// Whether the byte before `position` ends a name (`t.5` is a column, not `t` and `.5`).
  private func followsName() -> Bool {
    guard position > 0 else { return false }
    let before = input[position - 1]
    return SQLByte.continuesWord(before) || before == SQLByte.backtick
      || before == SQLByte.doubleQuote
  }

  /// Whether `position` follows `name.`, so what starts here is the second part of a
  /// qualified name even if it starts with a digit (MySQL `db.1table`).
  private func followsQualifier() -> Bool {
    guard position >= 2, input[position - 1] == SQLByte.dot else { return false }
    let before = input[position - 2]
    return SQLByte.continuesWord(before) || before == SQLByte.backtick
  }
}
