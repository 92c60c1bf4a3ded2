/// Left-to-right passes of ``MySQLFingerprinter`` over statements: each reads tokens and
/// writes the fingerprint, collapsing lists, `LIMIT` and repeated `UNION`s as it goes.
///
/// A fingerprinter keeps one pass and restarts it for every statement, so its buffers are
/// allocated once. `@unchecked Sendable`: ``input`` points at the statement only during
/// ``run()``; between statements it is stale and never read.
struct MySQLFingerprintPass: @unchecked Sendable {
  /// An `IN (...)` or `VALUES (...)` list being read.
  struct ListFrame {
    /// Output index just past the `in` or `values` keyword.
    var keywordEnd: Int
    /// The parenthesis depth inside the list.
    var depth: Int
    /// Whether the list holds nothing but values, commas and parentheses so far.
    var isClean = true
    /// Whether it is a `VALUES` list, whose further rows are dropped.
    var isValues: Bool
  }

  /// Where a `LIMIT` clause is, for collapsing `limit ?, ?` and `limit ? offset ?`.
  private enum LimitState {
    case none
    case afterLimit
    case afterCount(end: Int)
    case afterSeparator(end: Int)
  }

  /// The statement's bytes.
  private(set) var input = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
  /// The fingerprint so far.
  var output = SQLOutputBuffer()
  /// The tables and kind, when requested.
  private(set) var collector = SQLTableCollector()
  private var collectsTables = false
  private let keywords = SQLKeywordTable.shared
  private var lexer = SQLLexer(input: UnsafeBufferPointer(start: nil, count: 0), dialect: .mysql)
  private var depth = 0
  /// Whether a sign here starts an operand (`= -1`) rather than subtracting (`a - 1`).
  private var signStartsOperand = true
  /// The keyword just written, if the last token was one.
  private var lastKeyword: SQLKeyword?
  /// An `in` or `values` keyword just written, which a `(` turns into a list.
  private var listKeywordEnd = -1
  private var lists: [ListFrame] = []
  private var sawOrderBy = false
  private var limit = LimitState.none
  /// The `UNION` chain of each open parenthesis level.
  var unions: [UnionChain] = []

  /// Whether the statement holds a pt-table-checksum comment.
  var sawToolkitComment: Bool { lexer.sawToolkitComment }

  /// Creates a pass with empty buffers.
  init() {}

  /// Reads the whole of `statement` into ``output`` (and ``collector`` when
  /// `collectsTables`), starting afresh.
  mutating func run(_ statement: UnsafeBufferPointer<UInt8>, collectsTables: Bool) {
    input = statement
    self.collectsTables = collectsTables
    lexer = SQLLexer(input: statement, dialect: .mysql)
    depth = 0
    signStartsOperand = true
    lastKeyword = nil
    listKeywordEnd = -1
    sawOrderBy = false
    limit = .none
    output.reset(minimumCapacity: statement.count * 2 + 64)
    unions.removeAll(keepingCapacity: true)
    unions.append(UnionChain())
    lists.removeAll(keepingCapacity: true)
    if collectsTables { collector.reset() }
    while let token = lexer.next() {
      switch token.kind {
      case .word: word(token)
      case .quotedIdentifier: quotedIdentifier(token)
      case .string, .number, .placeholder: value(token)
      case .punctuation: punctuation(token)
      }
    }
    endUnionSegment(at: output.count, final: true)
    if collectsTables { collector.finish() }
    input = UnsafeBufferPointer(start: nil, count: 0)
  }

  /// Writes a space for the white space before `token`, unless at the start.
  @inline(__always)
  private mutating func space(_ token: SQLToken) {
    if token.spaceBefore, !output.isEmpty { output.append(SQLByte.space) }
  }

  private mutating func word(_ token: SQLToken) {
    let keyword = keywords.keyword(input, token.start..<token.end)
    let previous = lastKeyword
    lastKeyword = keyword
    if let keyword {
      switch keyword {
      case .null, .true, .false:
        value(token)
        return
      case .asc where sawOrderBy:
        // ASC is the default order: `order by a asc` is `order by a`.
        lastKeyword = previous
        return
      case .select:
        noteSelect(at: token.spaceBefore && !output.isEmpty ? output.count + 1 : output.count)
      case .union:
        noteUnion(at: output.count)
      case .all where previous == .union:
        unions[depth].isAll = true
      case .by where previous == .order:
        sawOrderBy = true
      default:
        break
      }
    }
    space(token)
    appendLowercased(token)
    markListsUnclean()
    listKeywordEnd = keyword == .in || keyword == .values || keyword == .value ? output.count : -1
    switch (keyword, limit) {
    case (.limit, _): limit = .afterLimit
    case (.offset, .afterCount(let end)): limit = .afterSeparator(end: end)
    default: limit = .none
    }
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
    space(token)
    appendLowercased(token)
    markListsUnclean()
    finishToken()
    if collectsTables {
      let closed = token.end - token.start >= 2 && input[token.end - 1] == SQLByte.backtick
      collector.name(
        input, (token.start + 1)..<(closed ? token.end - 1 : token.end), lowercase: true)
    }
  }

  /// Writes `?` for a literal or parameter (`token` may be a sign, with its number next).
  private mutating func value(_ token: SQLToken) {
    space(token)
    output.append(SQLByte.question)
    switch limit {
    case .afterLimit: limit = .afterCount(end: output.count)
    case .afterSeparator(let end):
      output.truncate(to: end)
      limit = .none
    default: limit = .none
    }
    lastKeyword = nil
    listKeywordEnd = -1
    signStartsOperand = false
    if collectsTables { collector.value() }
  }

  private mutating func punctuation(_ token: SQLToken) {
    let byte = input[token.start]
    if byte == SQLByte.minus || byte == SQLByte.plus, signStartsOperand {
      var ahead = lexer
      if let next = ahead.next(), next.kind == .number {
        lexer = ahead
        value(token)
        return
      }
    }
    switch byte {
    case SQLByte.openParen:
      space(token)
      output.append(byte)
      if listKeywordEnd >= 0 {
        lists.append(
          ListFrame(keywordEnd: listKeywordEnd, depth: depth + 1, isValues: lastKeyword != .in))
      }
      depth += 1
      unions.append(UnionChain())
      finishToken()
      signStartsOperand = true
    case SQLByte.closeParen:
      endUnionSegment(at: output.count, final: true)
      space(token)
      output.append(byte)
      if depth > 0 {
        depth -= 1
        unions.removeLast()
      }
      finishToken()
      if let list = lists.last, list.depth == depth + 1 {
        lists.removeLast()
        closeList(list)
      }
    case SQLByte.comma:
      space(token)
      output.append(byte)
      if case .afterCount(let end) = limit {
        finishToken()
        limit = .afterSeparator(end: end)
      } else {
        finishToken()
      }
      signStartsOperand = true
    default:
      space(token)
      output.append(byte)
      markListsUnclean()
      finishToken()
      signStartsOperand = true
    }
    if collectsTables { collector.punctuation(byte) }
  }

  /// Appends `token`'s bytes, lower-cased.
  @inline(__always)
  private mutating func appendLowercased(_ token: SQLToken) {
    output.append(
      input.baseAddress! + token.start, length: token.end - token.start, lowercase: true)
  }

  /// Resets what only the token right after a keyword or value cares about.
  @inline(__always)
  private mutating func finishToken() {
    lastKeyword = nil
    listKeywordEnd = -1
    limit = .none
    signStartsOperand = false
  }

  /// Marks every open list as holding more than values.
  @inline(__always)
  private mutating func markListsUnclean() {
    for index in lists.indices { lists[index].isClean = false }
  }

  /// Collapses a list of values to `(?+)` as pt-query-digest does, and drops the rows of a
  /// `VALUES` list after its first.
  private mutating func closeList(_ list: ListFrame) {
    if list.isClean {
      output.truncate(to: list.keywordEnd)
      output.append("(?+)")
    }
    guard list.isValues else { return }
    while true {
      var ahead = lexer
      guard let comma = ahead.next(), comma.kind == .punctuation,
        input[comma.start] == SQLByte.comma,
        let open = ahead.next(), open.kind == .punctuation, input[open.start] == SQLByte.openParen
      else { return }
      var nesting = 1
      while nesting > 0, let token = ahead.next() {
        guard token.kind == .punctuation else { continue }
        if input[token.start] == SQLByte.openParen { nesting += 1 }
        if input[token.start] == SQLByte.closeParen { nesting -= 1 }
      }
      lexer = ahead
    }
  }
}
