/// Parses query text into a ``Query`` by recursive descent.
///
/// ```swift
/// let query = try QueryParser.parse("source requests | stats count(*) by route, bin(5m)")
/// ```
///
/// Errors name what was expected and where: `expected a field name after 'by' at 1:34`.
public struct QueryParser {
  var tokens: [Token]
  var index = 0

  private init(tokens: [Token]) {
    self.tokens = tokens
  }

  /// Parses `text`.
  ///
  /// - Parameter text: The query.
  /// - Returns: The syntax tree.
  /// - Throws: ``QueryError`` of kind `.syntax` with the position of the problem.
  public static func parse(_ text: String) throws(QueryError) -> Query {
    var parser = QueryParser(tokens: try Lexer.tokenize(text))
    return try parser.query()
  }

  /// Parses a lone expression, as `filter` takes it (for tests and tools).
  public static func parseExpression(_ text: String) throws(QueryError) -> Expression {
    var parser = QueryParser(tokens: try Lexer.tokenize(text))
    let expression = try parser.expression()
    try parser.expectEnd()
    return expression
  }

  // MARK: - Tokens

  var current: Token { tokens[index] }

  mutating func advance() -> Token {
    let token = tokens[index]
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  func isKeyword(_ word: String) -> Bool {
    if case .identifier(let name) = current.kind { return name.lowercased() == word }
    return false
  }

  func isSymbol(_ symbol: String) -> Bool {
    if case .symbol(let s) = current.kind { return s == symbol }
    return false
  }

  mutating func acceptKeyword(_ word: String) -> Bool {
    guard isKeyword(word) else { return false }
    _ = advance()
    return true
  }

  mutating func acceptSymbol(_ symbol: String) -> Bool {
    guard isSymbol(symbol) else { return false }
    _ = advance()
    return true
  }

  func error(_ message: String, at token: Token? = nil) -> QueryError {
    let token = token ?? current
    return QueryError(.syntax, "\(message), found \(token.display)", at: token.position)
  }

  mutating func expectSymbol(_ symbol: String, _ context: String) throws(QueryError) {
    guard acceptSymbol(symbol) else { throw error("expected '\(symbol)' \(context)") }
  }

  func expectEnd() throws(QueryError) {
    if case .end = current.kind { return }
    throw error("expected '|' or the end of the query")
  }

  /// A field name: a bare name or a backquoted one.
  mutating func fieldName(_ context: String) throws(QueryError) -> (String, SourcePosition) {
    switch current.kind {
    case .identifier(let name), .quotedIdentifier(let name):
      let token = advance()
      return (name, token.position)
    default:
      throw error("expected a field name \(context)")
    }
  }

  // MARK: - Commands

  mutating func query() throws(QueryError) -> Query {
    guard acceptKeyword("source") else {
      throw error(
        "a query starts with 'source <name>' (requests, slowqueries, errors, spans, logs or metrics)"
      )
    }
    let (source, sourcePosition) = try fieldName("after 'source'")
    var stages: [Stage] = []
    while acceptSymbol("|") {
      stages.append(try stage())
    }
    try expectEnd()
    return Query(source: source, sourcePosition: sourcePosition, stages: stages)
  }

  mutating func stage() throws(QueryError) -> Stage {
    let keyword = current
    guard case .identifier(let word) = keyword.kind else {
      throw error(
        "expected a command (fields, filter, stats, sort, limit, parse, dedup, pattern, display, diff) after '|'"
      )
    }
    _ = advance()
    let command: Command
    switch word.lowercased() {
    case "fields": command = .fields(try namedList("after 'fields'"))
    case "display": command = .display(try namedList("after 'display'"))
    case "filter": command = .filter(try expression())
    case "stats": command = .stats(try stats())
    case "sort": command = .sort(try sortKeys())
    case "limit", "head":
      guard case .integer(let n) = current.kind, n >= 0, n <= Int64(Int32.max) else {
        throw error("expected a row count after 'limit'")
      }
      _ = advance()
      command = .limit(Int(n))
    case "parse": command = .parse(try parse())
    case "dedup":
      var fields: [Expression] = []
      repeat {
        let (name, position) = try fieldName(fields.isEmpty ? "after 'dedup'" : "after ','")
        fields.append(Expression(.field(name), at: position))
      } while acceptSymbol(",")
      command = .dedup(fields)
    case "pattern":
      let (name, position) = try fieldName("after 'pattern'")
      command = .pattern(Expression(.field(name), at: position))
    case "diff":
      if acceptKeyword("previousday") {
        command = .diff(.previousDay)
      } else if acceptKeyword("previousweek") {
        command = .diff(.previousWeek)
      } else if isSymbol("|") || current.kind == .end {
        command = .diff(.previousDay)
      } else {
        throw error("expected previousDay or previousWeek after 'diff'")
      }
    default:
      throw QueryError(
        .syntax,
        "unknown command '\(word)' (use fields, filter, stats, sort, limit, parse, dedup, pattern, display or diff)",
        at: keyword.position)
    }
    return Stage(command, at: keyword.position)
  }

  mutating func namedList(_ context: String) throws(QueryError) -> [NamedExpression] {
    var items: [NamedExpression] = []
    repeat {
      if isSymbol("|") || current.kind == .end {
        throw error("expected a field or expression \(items.isEmpty ? context : "after ','")")
      }
      items.append(try namedExpression())
    } while acceptSymbol(",")
    return items
  }

  mutating func namedExpression() throws(QueryError) -> NamedExpression {
    let value = try expression()
    guard acceptKeyword("as") else { return NamedExpression(value) }
    let (alias, _) = try fieldName("after 'as'")
    return NamedExpression(value, alias: alias)
  }

  mutating func stats() throws(QueryError) -> StatsCommand {
    var aggregates: [NamedExpression] = []
    repeat {
      if isKeyword("by") || isSymbol("|") || current.kind == .end {
        throw error(
          "expected an aggregate such as count(*) \(aggregates.isEmpty ? "after 'stats'" : "after ','")"
        )
      }
      aggregates.append(try namedExpression())
    } while acceptSymbol(",")
    var groups: [NamedExpression] = []
    if acceptKeyword("by") {
      repeat {
        switch current.kind {
        case .identifier(let name) where !["and", "or", "not"].contains(name.lowercased()):
          groups.append(try namedExpression())
        case .quotedIdentifier:
          groups.append(try namedExpression())
        default:
          throw error("expected a field name \(groups.isEmpty ? "after 'by'" : "after ','")")
        }
      } while acceptSymbol(",")
    }
    return StatsCommand(aggregates: aggregates, groups: groups)
  }

  mutating func sortKeys() throws(QueryError) -> [SortKey] {
    var keys: [SortKey] = []
    repeat {
      if isSymbol("|") || current.kind == .end {
        throw error("expected a field to sort by \(keys.isEmpty ? "after 'sort'" : "after ','")")
      }
      let value = try additive()
      var descending = false
      if acceptKeyword("desc") {
        descending = true
      } else {
        _ = acceptKeyword("asc")
      }
      keys.append(SortKey(value, descending: descending))
    } while acceptSymbol(",")
    return keys
  }

  mutating func parse() throws(QueryError) -> ParseCommand {
    let (name, position) = try fieldName("after 'parse'")
    let field = Expression(.field(name), at: position)
    switch current.kind {
    case .string(let glob):
      let patternToken = advance()
      let stars = glob.filter { $0 == "*" }.count
      guard stars > 0 else {
        throw QueryError(.syntax, "a parse glob needs at least one '*'", at: patternToken.position)
      }
      guard acceptKeyword("as") else {
        throw error("expected 'as' and \(stars) field names after the parse pattern")
      }
      var names: [String] = []
      repeat {
        names.append(try fieldName(names.isEmpty ? "after 'as'" : "after ','").0)
      } while acceptSymbol(",")
      guard names.count == stars else {
        throw QueryError(
          .syntax, "the parse pattern has \(stars) '*' but \(names.count) names follow 'as'",
          at: patternToken.position)
      }
      return ParseCommand(
        field: field, pattern: .glob(glob, names: names), patternPosition: patternToken.position)
    case .regex(let pattern):
      let patternToken = advance()
      return ParseCommand(
        field: field, pattern: .regex(pattern), patternPosition: patternToken.position)
    default:
      throw error("expected a \"glob * pattern\" or a /regex/ after the parse field")
    }
  }
}
