/// Finds the tables a statement touches and what kind of statement it is, from the tokens a
/// fingerprinting pass reads, without building a syntax tree.
///
/// A table is a name (`t`, `db.t`, `` `db`.`t` ``, `"Schema"."T"`) that follows `FROM`,
/// `JOIN`, `UPDATE` (at the start of the statement), `INSERT [INTO]`, `REPLACE [INTO]` or
/// the `USING` of a `DELETE`, or a comma in a `FROM`, `UPDATE` or `USING` list. Aliases (`t AS a`, `t a`) are dropped;
/// subqueries in parentheses are read like statements of their own; `FROM` inside a
/// function call (`EXTRACT(YEAR FROM d)`) is not a table clause; a name followed by `(`
/// after `FROM` is a table function, not a table; `DUAL` and the names of common table
/// expressions are not tables.
struct SQLTableCollector {
  /// Where a table clause is.
  private enum State {
    case idle
    /// After `FROM`, `JOIN`, `INTO`, `UPDATE`, or `,` in a table list.
    case expectTable
    /// After `INSERT` or `REPLACE` and their modifiers, before `INTO`.
    case insertHead
    /// Reading a name; `.` continues it, `(` may make it a function.
    case inName
    /// After `name.`.
    case afterDot
    /// After a table, where an alias may follow.
    case afterTable
    /// After `AS` following a table.
    case afterAs
    /// After a table's alias.
    case afterAlias
  }

  /// The state of one parenthesis level.
  private struct Level {
    var state = State.idle
    /// Whether a `,` after a table starts another table (`FROM a, b`, `UPDATE a, b`).
    var isList = false
    /// Whether the table being read follows `INTO`, so `(` after it lists columns.
    var isInto = false
    /// Whether the latest table clause is a `JOIN`, whose `USING (...)` lists columns.
    var isJoin = false
    /// Whether the level holds a query (`FROM` here is a table clause).
    var isQuery: Bool
    /// Whether nothing was read since the level's `(`.
    var justOpened: Bool
  }

  /// The innermost parenthesis level, and the ones around it, outermost first.
  private var current = Level(isQuery: true, justOpened: false)
  private var outer: [Level] = []
  private var pendingName: [UInt8] = []
  /// The tables found, one after another, each ending at the matching ``foundEnds`` index.
  private var foundBytes: [UInt8] = []
  private var foundEnds: [Int] = []
  /// The names of common table expressions, stored the same way.
  private var commonTableBytes: [UInt8] = []
  private var commonTableEnds: [Int] = []
  /// Whether the next word is the statement's first.
  private var atStart = true
  /// Inside the `WITH` list, before the statement it qualifies.
  private var inWithHeader = false
  /// In the `WITH` list, where a common table expression's name comes next.
  private var expectCommonTableName = false

  /// The kind of statement, known from its first word (or the word after its `WITH` list).
  private(set) var kind = SQLStatementKind.other

  /// Creates a collector for one statement.
  init() {}

  /// Prepares for another statement, keeping the buffers' capacity.
  mutating func reset() {
    current = Level(isQuery: true, justOpened: false)
    outer.removeAll(keepingCapacity: true)
    pendingName.removeAll(keepingCapacity: true)
    foundBytes.removeAll(keepingCapacity: true)
    foundEnds.removeAll(keepingCapacity: true)
    commonTableBytes.removeAll(keepingCapacity: true)
    commonTableEnds.removeAll(keepingCapacity: true)
    atStart = true
    inWithHeader = false
    expectCommonTableName = false
    kind = .other
  }

  /// The tables found, in order of appearance and without duplicates.
  var tables: [String] {
    var result: [String] = []
    var start = 0
    for end in foundEnds {
      let name = foundBytes[start..<end]
      if !Self.contains(name, in: commonTableBytes, ends: commonTableEnds) {
        result.append(String(decoding: name, as: UTF8.self))
      }
      start = end
    }
    return result
  }

  /// Whether `name` is one of the names stored in `bytes` and `ends`.
  private static func contains(_ name: ArraySlice<UInt8>, in bytes: [UInt8], ends: [Int]) -> Bool {
    var start = 0
    for end in ends {
      if bytes[start..<end].elementsEqual(name) { return true }
      start = end
    }
    return false
  }

  /// Ends the statement: a name being read is a table.
  mutating func finish() {
    commitIfNaming()
  }

  /// Reads a keyword.
  mutating func keyword(_ keyword: SQLKeyword) {
    commitIfNaming()
    if current.justOpened {
      current.justOpened = false
      if keyword == .select || keyword == .with { current.isQuery = true }
    }
    if atStart {
      atStart = false
      startStatement(keyword)
      return
    }
    if inWithHeader, outer.isEmpty {
      switch keyword {
      case .select, .insert, .replace, .update, .delete:
        inWithHeader = false
        startStatement(keyword)
      default:
        break
      }
      return
    }
    switch (current.state, keyword) {
    case (.expectTable, .only), (.expectTable, .lateral), (.expectTable, .lowPriority),
      (.expectTable, .ignore):
      return
    case (.insertHead, .lowPriority), (.insertHead, .delayed), (.insertHead, .highPriority),
      (.insertHead, .ignore):
      return
    case (.insertHead, .into):
      current.state = .expectTable
      current.isInto = true
      return
    case (.afterTable, .as):
      current.state = .afterAs
      return
    default:
      break
    }
    switch keyword {
    case .from where current.isQuery:
      current.state = .expectTable
      current.isList = true
      current.isInto = false
      current.isJoin = false
    case .using where kind == .delete && !current.isJoin:
      // `DELETE FROM t USING a, b` (PostgreSQL) and `DELETE FROM t USING t JOIN u` (MySQL).
      current.state = .expectTable
      current.isList = true
    case .join, .straightJoin:
      current.state = .expectTable
      current.isInto = false
      current.isJoin = true
    case .inner, .left, .right, .outer, .cross, .natural, .full:
      current.state = .idle
    default:
      current.state = .idle
      current.isList = false
    }
  }

  /// Reads a name, a non-keyword word or a quoted identifier, as `bytes[range]` without
  /// quotes, lower-cased first when `lowercase` is set.
  mutating func name(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, lowercase: Bool) {
    current.justOpened = false
    atStart = false
    if expectCommonTableName, outer.isEmpty {
      expectCommonTableName = false
      Self.append(bytes, range, lowercase: lowercase, to: &commonTableBytes)
      commonTableEnds.append(commonTableBytes.count)
      return
    }
    switch current.state {
    case .expectTable, .insertHead:
      pendingName.removeAll(keepingCapacity: true)
      Self.append(bytes, range, lowercase: lowercase, to: &pendingName)
      current.state = .inName
    case .afterDot:
      pendingName.append(SQLByte.dot)
      Self.append(bytes, range, lowercase: lowercase, to: &pendingName)
      current.state = .inName
    case .inName:
      commit()
      current.state = .afterAlias
    case .afterTable, .afterAs:
      current.state = .afterAlias
    case .idle, .afterAlias:
      current.state = .idle
    }
  }

  /// Reads a punctuation byte.
  mutating func punctuation(_ byte: UInt8) {
    current.justOpened = false
    if byte != SQLByte.openParen { atStart = false }
    let state = current.state
    switch byte {
    case SQLByte.dot where state == .inName:
      current.state = .afterDot
    case SQLByte.openParen:
      if state == .inName {
        // `INSERT INTO t (a, b)` lists columns; `FROM f(1)` calls a table function.
        if current.isInto { commit() }
        current.state = .idle
      }
      let opensTable = state == .expectTable
      outer.append(current)
      current = Level(
        state: opensTable ? .expectTable : .idle, isList: opensTable, isQuery: opensTable,
        justOpened: !opensTable)
    case SQLByte.closeParen:
      commitIfNaming()
      guard let enclosing = outer.popLast() else { return }
      current = enclosing
      if current.state == .expectTable { current.state = .afterTable }
    case SQLByte.comma:
      commitIfNaming()
      if current.isList,
        state == .inName || state == .afterTable || state == .afterAs || state == .afterAlias
      {
        current.state = .expectTable
      } else {
        current.state = .idle
      }
      if inWithHeader, outer.isEmpty { expectCommonTableName = true }
    default:
      commitIfNaming()
      current.state = .idle
      current.isList = false
    }
  }

  /// Reads a literal or a parameter.
  mutating func value() {
    commitIfNaming()
    current.justOpened = false
    current.state = .idle
    atStart = false
  }

  /// Sets the kind from the statement's first keyword and starts the table clause it opens.
  private mutating func startStatement(_ keyword: SQLKeyword) {
    switch keyword {
    case .select:
      kind = .select
    case .insert, .replace:
      kind = .insert
      current.state = .insertHead
      current.isInto = true
    case .update:
      kind = .update
      current.state = .expectTable
      current.isList = true
    case .delete:
      kind = .delete
    case .with:
      inWithHeader = true
      expectCommonTableName = true
    default:
      kind = .other
    }
  }

  /// Ends a name being read: it is a table.
  private mutating func commitIfNaming() {
    guard current.state == .inName || current.state == .afterDot else { return }
    if current.state == .inName { commit() }
    current.state = .afterTable
  }

  /// Records `pendingName` as a table unless it is `dual` or already known.
  private mutating func commit() {
    current.state = .afterTable
    if pendingName.isEmpty || pendingName.elementsEqual("dual".utf8) { return }
    if !Self.contains(pendingName[...], in: foundBytes, ends: foundEnds) {
      foundBytes.append(contentsOf: pendingName)
      foundEnds.append(foundBytes.count)
    }
    pendingName.removeAll(keepingCapacity: true)
  }

  private static func append(
    _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, lowercase: Bool,
    to target: inout [UInt8]
  ) {
    for index in range {
      target.append(lowercase ? SQLByte.lowercased(bytes[index]) : bytes[index])
    }
  }
}
