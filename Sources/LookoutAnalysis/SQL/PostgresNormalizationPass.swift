/// Left-to-right passes of ``PostgresFingerprinter`` over statements: constants become
/// `$n`, and in the canonical layout spacing, case, comments and list lengths are
/// normalised too.
///
/// A fingerprinter keeps one pass and restarts it for every statement, so its buffers are
/// allocated once. `@unchecked Sendable`: ``input`` points at the statement only during
/// ``run(_:layout:firstNumber:collectsTables:)``; between statements it is stale and never
/// read.
struct PostgresNormalizationPass: @unchecked Sendable {
  /// How the output is laid out.
  enum Layout {
    /// The statement's own text with constants replaced, as pg_stat_statements shows it.
    case verbatim
    /// Lower-case unquoted words, single spaces, no comments, squashed lists.
    case canonical
  }

  /// An `IN (...)` or `ARRAY[...]` list that may squash to `($n /*, ... */)`.
  struct SquashFrame {
    /// The bracket depth inside the list.
    var depth: Int
    /// Output index of the first element, or -1 before it.
    var firstStart = -1
    /// Output index just past the last element.
    var lastEnd = -1
    /// The number given to the first constant.
    var firstNumber = 0
    /// Whether the list holds nothing but constants (with casts) and commas so far.
    var isClean = true
  }

  /// The statement's bytes.
  private(set) var input = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
  /// The normalised statement so far.
  var output = SQLOutputBuffer()
  /// The tables and kind, when requested.
  var collector = SQLTableCollector()
  private(set) var layout = Layout.canonical
  private(set) var collectsTables = false
  private let keywords = SQLKeywordTable.shared
  /// Reads the statement's tokens.
  var lexer = SQLLexer(input: UnsafeBufferPointer(start: nil, count: 0), dialect: .postgres)
  /// The number the next constant gets.
  var nextNumber = 1
  /// Whether constants are replaced (not in utility statements of the verbatim layout).
  var replacesConstants = true
  /// Verbatim layout: input up to here is in the output.
  private var copied = 0
  /// The bracket depth: `(` and `[` open a level.
  var depth = 0
  /// Whether a `-` here starts an operand (`= -1`) rather than subtracting (`a - 1`).
  var signStartsOperand = true
  /// The keyword just read, if the last token was one.
  var lastKeyword: SQLKeyword?
  /// The keyword before ``lastKeyword``, when both were keywords.
  var keywordBeforeLast: SQLKeyword?
  /// The last token was a type name (after `::` or `AS`), so a `(` may open a type modifier.
  var afterTypeName = false
  /// The depth inside a type modifier (`numeric(5, 2)`), whose numbers are not constants,
  /// or -1.
  var typeModifierDepth = -1
  /// After `EXTRACT(`, where the field name is a constant to PostgreSQL.
  var inExtractField = false
  /// The punctuation byte just read, or 0.
  var previousByte: UInt8 = 0
  /// Inside a cast's type name (`::double precision`), where words are part of a value.
  var inCastType = false
  /// The depth of an open `ORDER BY` or `GROUP BY` list, or -1.
  var byListDepth = -1
  /// Whether the next token starts an item of that list.
  var atByItemStart = false
  /// The open lists that may squash, innermost last.
  var squashes: [SquashFrame] = []
  /// The depth inside a `VALUES (` row whose later rows are dropped, or -1.
  var valuesRowDepth = -1
  /// An `in` or `array` keyword was just read, so a bracket may open a squash list.
  var pendingSquash = false
  /// A `values` keyword was just read, so a `(` opens its first row.
  var pendingValuesRow = false
  private var isFirstToken = true

  /// Creates a pass with empty buffers.
  init() {}

  /// Reads the whole of `statement` into ``output`` in `layout` (and ``collector`` when
  /// `collectsTables`), numbering constants from `firstNumber`, starting afresh.
  mutating func run(
    _ statement: UnsafeBufferPointer<UInt8>, layout: Layout, firstNumber: Int,
    collectsTables: Bool
  ) {
    input = statement
    self.layout = layout
    self.collectsTables = collectsTables
    nextNumber = firstNumber
    lexer = SQLLexer(input: statement, dialect: .postgres)
    replacesConstants = true
    copied = 0
    depth = 0
    signStartsOperand = true
    lastKeyword = nil
    keywordBeforeLast = nil
    afterTypeName = false
    typeModifierDepth = -1
    inExtractField = false
    previousByte = 0
    inCastType = false
    byListDepth = -1
    atByItemStart = false
    valuesRowDepth = -1
    pendingSquash = false
    pendingValuesRow = false
    isFirstToken = true
    output.reset(minimumCapacity: statement.count * 2 + 64)
    squashes.removeAll(keepingCapacity: true)
    if collectsTables { collector.reset() }
    while let token = lexer.next() {
      if isFirstToken {
        isFirstToken = false
        if layout == .verbatim,
          !Self.isOptimizable(keywords.keyword(input, token.start..<token.end)),
          !(token.kind == .punctuation && input[token.start] == SQLByte.openParen)
        {
          replacesConstants = false
        }
      }
      switch token.kind {
      case .word: word(token)
      case .string: constant(token.start, token.end, token: token)
      case .number: number(token)
      case .quotedIdentifier: quotedIdentifier(token)
      case .placeholder: placeholder(token)
      case .punctuation: punctuation(token)
      }
    }
    if layout == .verbatim, copied < input.count {
      output.append(input.baseAddress! + copied, length: input.count - copied)
    }
    if collectsTables { collector.finish() }
    input = UnsafeBufferPointer(start: nil, count: 0)
  }

  /// Whether pg_stat_statements normalises a statement that starts with `keyword`; it keeps
  /// utility statements (`SET`, `SHOW`, DDL, ...) as they are.
  private static func isOptimizable(_ keyword: SQLKeyword?) -> Bool {
    switch keyword {
    case .select, .insert, .update, .delete, .with, .values, .table, .prepare: true
    default: false
    }
  }

  /// Writes `token` as it is (canonical layout; the verbatim layout copies input lazily).
  mutating func write(_ token: SQLToken, lowercase: Bool) {
    guard layout == .canonical else { return }
    if token.spaceBefore, !output.isEmpty { output.append(SQLByte.space) }
    output.append(
      input.baseAddress! + token.start, length: token.end - token.start, lowercase: lowercase)
  }

  private mutating func word(_ token: SQLToken) {
    let keyword = keywords.keyword(input, token.start..<token.end)
    // `IS NULL` and `IS TRUE` are tests, not comparisons with a constant.
    let afterIs = lastKeyword == .is || (lastKeyword == .not && keywordBeforeLast == .is)
    if ((keyword == .true || keyword == .false || keyword == .null) && !afterIs)
      || (keyword == .all && lastKeyword == .limit) || inExtractField
    {
      constant(token.start, token.end, token: token)
      return
    }
    let castWord = inCastType
    let typeName = inCastType || lastKeyword == .as
    write(token, lowercase: true)
    if !castWord { markSquashesUnclean() } else { extendSquash() }
    switch keyword {
    case .by where lastKeyword == .order || lastKeyword == .group:
      byListDepth = depth
      atByItemStart = true
    case .limit, .offset, .having, .window, .fetch, .for, .union, .except, .intersect:
      byListDepth = -1
    default:
      if depth == byListDepth { atByItemStart = false }
    }
    pendingSquash = keyword == .in || keyword == .array
    pendingValuesRow = keyword == .values
    keywordBeforeLast = lastKeyword
    lastKeyword = keyword
    afterTypeName = typeName
    previousByte = 0
    signStartsOperand = keyword?.precedesOperand ?? false
    if collectsTables {
      if let keyword {
        collector.keyword(keyword)
      } else {
        collector.name(input, token.start..<token.end, lowercase: true)
      }
    }
  }

  private mutating func quotedIdentifier(_ token: SQLToken) {
    write(token, lowercase: false)
    markSquashesUnclean()
    if collectsTables {
      let closed = token.end - token.start >= 2 && input[token.end - 1] == SQLByte.doubleQuote
      let start = input[token.start] == SQLByte.doubleQuote ? token.start + 1 : token.start + 3
      collector.name(input, start..<(closed ? token.end - 1 : token.end), lowercase: false)
    }
    other(token, isValue: false)
  }

  private mutating func number(_ token: SQLToken) {
    if depth == byListDepth && atByItemStart && isWholeByItem(after: lexer)
      || depth == typeModifierDepth
    {
      // `ORDER BY 1` names a column; PostgreSQL does not treat it as a constant.
      write(token, lowercase: false)
      other(token, isValue: true)
      return
    }
    constant(token.start, token.end, token: token)
  }

  /// Whether the token after the current one ends an `ORDER BY` / `GROUP BY` item.
  private func isWholeByItem(after lexer: SQLLexer) -> Bool {
    var ahead = lexer
    guard let next = ahead.next() else { return true }
    switch next.kind {
    case .word: return true
    case .punctuation:
      let byte = input[next.start]
      return byte == SQLByte.comma || byte == SQLByte.closeParen || byte == SQLByte.semicolon
    default: return false
    }
  }

  /// Replaces the constant at `input[start..<end]` with the next `$n`.
  mutating func constant(_ start: Int, _ end: Int, token: SQLToken) {
    guard replacesConstants else {
      write(token, lowercase: false)
      other(token, isValue: true)
      return
    }
    if layout == .canonical, token.spaceBefore, !output.isEmpty { output.append(SQLByte.space) }
    if layout == .verbatim {
      output.append(input.baseAddress! + copied, length: start - copied)
      copied = end
    }
    let outputStart = output.count
    output.append(SQLByte.dollar)
    appendDecimal(nextNumber)
    if let index = squashes.indices.last, squashes[index].depth == depth, squashes[index].isClean {
      if squashes[index].firstStart < 0 {
        squashes[index].firstStart = outputStart
        squashes[index].firstNumber = nextNumber
      }
      squashes[index].lastEnd = output.count
    } else {
      markSquashesUnclean()
    }
    nextNumber += 1
    other(token, isValue: true)
  }

  /// Writes a `$n` parameter as it is. The canonical layout squashes a list of them like a
  /// list of constants, so `IN ($2, $3)` sent by a driver and `IN (7, 8, 9)` written inline
  /// fall in one class; the verbatim layout keeps them, as PostgreSQL 18 does.
  private mutating func placeholder(_ token: SQLToken) {
    guard layout == .canonical, let index = squashes.indices.last, squashes[index].depth == depth,
      squashes[index].isClean
    else {
      write(token, lowercase: false)
      markSquashesUnclean()
      other(token, isValue: true)
      return
    }
    let outputStart = output.count + (token.spaceBefore && !output.isEmpty ? 1 : 0)
    write(token, lowercase: false)
    if squashes[index].firstStart < 0 {
      var number = 0
      for byte in input[(token.start + 1)..<token.end] where (48...57).contains(byte) {
        number = number &* 10 &+ Int(byte - 48)
      }
      squashes[index].firstStart = outputStart
      squashes[index].firstNumber = number
    }
    squashes[index].lastEnd = output.count
    other(token, isValue: true)
  }

  /// Updates the context after a token that is not a keyword.
  private mutating func other(_ token: SQLToken, isValue: Bool) {
    if !isValue { markSquashesUnclean() }
    if depth == byListDepth { atByItemStart = false }
    lastKeyword = nil
    keywordBeforeLast = nil
    afterTypeName = false
    inExtractField = false
    previousByte = 0
    pendingSquash = false
    pendingValuesRow = false
    inCastType = false
    signStartsOperand = false
    if collectsTables {
      if isValue { collector.value() }
    }
  }
}
