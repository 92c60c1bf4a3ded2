/// Parses query text into a ``Query`` by recursive descent.
///
/// ```swift
/// let query = try QueryParser.parse("source requests | stats count(*) by route, bin(5m)")
/// ```
///
/// Errors name what was expected and where: `expected a field name after 'by' at 1:34`.
public struct QueryParser {
  private var tokens: [Token]
  private var index = 0

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

  private var current: Token { tokens[index] }

  private mutating func advance() -> Token {
    let token = tokens[index]
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  private func isKeyword(_ word: String) -> Bool {
    if case .identifier(let name) = current.kind { return name.lowercased() == word }
    return false
  }

  private func isSymbol(_ symbol: String) -> Bool {
    if case .symbol(let s) = current.kind { return s == symbol }
    return false
  }

  private mutating func acceptKeyword(_ word: String) -> Bool {
    guard isKeyword(word) else { return false }
    _ = advance()
    return true
  }

  private mutating func acceptSymbol(_ symbol: String) -> Bool {
    guard isSymbol(symbol) else { return false }
    _ = advance()
    return true
  }

  private func error(_ message: String, at token: Token? = nil) -> QueryError {
    let token = token ?? current
    return QueryError(.syntax, "\(message), found \(token.display)", at: token.position)
  }

  private mutating func expectSymbol(_ symbol: String, _ context: String) throws(QueryError) {
    guard acceptSymbol(symbol) else { throw error("expected '\(symbol)' \(context)") }
  }

  private func expectEnd() throws(QueryError) {
    if case .end = current.kind { return }
    throw error("expected '|' or the end of the query")
  }

  /// A field name: a bare name or a backquoted one.
  private mutating func fieldName(_ context: String) throws(QueryError) -> (String, SourcePosition)
  {
    switch current.kind {
    case .identifier(let name), .quotedIdentifier(let name):
      let token = advance()
      return (name, token.position)
    default:
      throw error("expected a field name \(context)")
    }
  }

  // MARK: - Commands

  private mutating func query() throws(QueryError) -> Query {
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

  private mutating func stage() throws(QueryError) -> Stage {
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

  private mutating func namedList(_ context: String) throws(QueryError) -> [NamedExpression] {
    var items: [NamedExpression] = []
    repeat {
      if isSymbol("|") || current.kind == .end {
        throw error("expected a field or expression \(items.isEmpty ? context : "after ','")")
      }
      items.append(try namedExpression())
    } while acceptSymbol(",")
    return items
  }

  private mutating func namedExpression() throws(QueryError) -> NamedExpression {
    let value = try expression()
    guard acceptKeyword("as") else { return NamedExpression(value) }
    let (alias, _) = try fieldName("after 'as'")
    return NamedExpression(value, alias: alias)
  }

  private mutating func stats() throws(QueryError) -> StatsCommand {
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

  private mutating func sortKeys() throws(QueryError) -> [SortKey] {
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

  private mutating func parse() throws(QueryError) -> ParseCommand {
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
      return ParseCommand(field: field, pattern: .glob(glob, names: names))
    case .regex(let pattern):
      _ = advance()
      return ParseCommand(field: field, pattern: .regex(pattern))
    default:
      throw error("expected a \"glob * pattern\" or a /regex/ after the parse field")
    }
  }

  // MARK: - Expressions

  /// expression := or
  mutating func expression() throws(QueryError) -> Expression {
    try or()
  }

  private mutating func or() throws(QueryError) -> Expression {
    var lhs = try and()
    while isKeyword("or") || isSymbol("||") {
      let op = advance()
      let rhs = try and()
      lhs = Expression(.binary(.or, lhs, rhs), at: op.position)
    }
    return lhs
  }

  private mutating func and() throws(QueryError) -> Expression {
    var lhs = try not()
    while isKeyword("and") {
      let op = advance()
      let rhs = try not()
      lhs = Expression(.binary(.and, lhs, rhs), at: op.position)
    }
    return lhs
  }

  private mutating func not() throws(QueryError) -> Expression {
    if isKeyword("not") {
      let op = advance()
      let operand = try not()
      return Expression(.unary(.not, operand), at: op.position)
    }
    return try comparison()
  }

  private mutating func comparison() throws(QueryError) -> Expression {
    let lhs = try additive()
    let op = current
    var negated = false
    if isKeyword("not") {
      // `x not like ...` and `x not in [...]`.
      let next = tokens[min(index + 1, tokens.count - 1)]
      guard case .identifier(let word) = next.kind, ["like", "in"].contains(word.lowercased())
      else {
        return lhs
      }
      _ = advance()
      negated = true
    }
    let result: Expression
    if acceptKeyword("in") {
      result = Expression(.binary(.in, lhs, try list()), at: op.position)
    } else if acceptKeyword("like") {
      let pattern = current
      switch pattern.kind {
      case .string(let text):
        _ = advance()
        result = Expression(
          .binary(.like, lhs, Expression(.literal(.string(text)), at: pattern.position)),
          at: op.position)
      case .regex(let text):
        _ = advance()
        result = Expression(
          .binary(.like, lhs, Expression(.literal(.regex(text)), at: pattern.position)),
          at: op.position)
      default:
        throw error("expected a \"string\" or /regex/ after 'like'")
      }
    } else if case .symbol(let symbol) = op.kind,
      let binary = [
        "=": BinaryOperator.equal, "==": .equal, "!=": .notEqual, "<>": .notEqual, "<": .less,
        "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual, "=~": .matches, "!~": .notMatches,
      ][symbol]
    {
      _ = advance()
      if binary == .matches || binary == .notMatches {
        let pattern = current
        guard case .regex(let text) = pattern.kind else {
          throw error("expected a /regex/ after '\(symbol)'")
        }
        _ = advance()
        result = Expression(
          .binary(binary, lhs, Expression(.literal(.regex(text)), at: pattern.position)),
          at: op.position)
      } else {
        result = Expression(.binary(binary, lhs, try additive()), at: op.position)
      }
    } else {
      return lhs
    }
    return negated ? Expression(.unary(.not, result), at: op.position) : result
  }

  private mutating func list() throws(QueryError) -> Expression {
    let open = current
    try expectSymbol("[", "after 'in'")
    var items: [Expression] = []
    if !isSymbol("]") {
      repeat {
        items.append(try additive())
      } while acceptSymbol(",")
    }
    try expectSymbol("]", "to close the list")
    return Expression(.list(items), at: open.position)
  }

  private mutating func additive() throws(QueryError) -> Expression {
    var lhs = try multiplicative()
    while isSymbol("+") || isSymbol("-") {
      let op = advance()
      let rhs = try multiplicative()
      lhs = Expression(.binary(op.text == "+" ? .add : .subtract, lhs, rhs), at: op.position)
    }
    return lhs
  }

  private mutating func multiplicative() throws(QueryError) -> Expression {
    var lhs = try unary()
    while isSymbol("*") || isSymbol("/") || isSymbol("%") {
      let op = advance()
      let rhs = try unary()
      let kind: BinaryOperator =
        op.text == "*" ? .multiply : (op.text == "/" ? .divide : .remainder)
      lhs = Expression(.binary(kind, lhs, rhs), at: op.position)
    }
    return lhs
  }

  private mutating func unary() throws(QueryError) -> Expression {
    if isSymbol("-") {
      let op = advance()
      let operand = try unary()
      // Fold `-5` into a literal so that it prints and pushes down as a constant.
      if case .literal(.int(let value)) = operand.kind {
        return Expression(.literal(.int(-value)), at: op.position)
      }
      if case .literal(.double(let value)) = operand.kind {
        return Expression(.literal(.double(-value)), at: op.position)
      }
      return Expression(.unary(.negate, operand), at: op.position)
    }
    return try power()
  }

  private mutating func power() throws(QueryError) -> Expression {
    let base = try primary()
    guard isSymbol("^") else { return base }
    let op = advance()
    return Expression(.binary(.power, base, try unary()), at: op.position)
  }

  private mutating func primary() throws(QueryError) -> Expression {
    let token = current
    switch token.kind {
    case .integer(let value):
      _ = advance()
      return Expression(.literal(.int(value)), at: token.position)
    case .number(let value):
      _ = advance()
      return Expression(.literal(.double(value)), at: token.position)
    case .duration(let micros):
      _ = advance()
      return Expression(.literal(.duration(micros, text: token.text)), at: token.position)
    case .string(let text):
      _ = advance()
      return Expression(.literal(.string(text)), at: token.position)
    case .regex(let text):
      _ = advance()
      return Expression(.literal(.regex(text)), at: token.position)
    case .quotedIdentifier(let name):
      _ = advance()
      return Expression(.field(name), at: token.position)
    case .identifier(let name):
      _ = advance()
      switch name.lowercased() {
      case "true": return Expression(.literal(.bool(true)), at: token.position)
      case "false": return Expression(.literal(.bool(false)), at: token.position)
      case "null": return Expression(.literal(.null), at: token.position)
      default: break
      }
      guard acceptSymbol("(") else { return Expression(.field(name), at: token.position) }
      var arguments: [Expression] = []
      if !isSymbol(")") {
        repeat {
          if isSymbol("*") {
            let star = advance()
            arguments.append(Expression(.star, at: star.position))
          } else {
            arguments.append(try expression())
          }
        } while acceptSymbol(",")
      }
      try expectSymbol(")", "to close the arguments of \(name)(")
      return Expression(.call(name, arguments), at: token.position)
    case .symbol("("):
      _ = advance()
      let inner = try expression()
      try expectSymbol(")", "to close '('")
      return inner
    case .symbol("["):
      return try list()
    default:
      throw error("expected a field, value or function call")
    }
  }
}
