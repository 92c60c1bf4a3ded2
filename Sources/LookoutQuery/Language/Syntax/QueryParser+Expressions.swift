extension QueryParser {
  /// expression := or
  mutating func expression() throws(QueryError) -> Expression {
    try or()
  }

  mutating func or() throws(QueryError) -> Expression {
    var lhs = try and()
    while isKeyword("or") || isSymbol("||") {
      let op = advance()
      let rhs = try and()
      lhs = Expression(.binary(.or, lhs, rhs), at: op.position)
    }
    return lhs
  }

  mutating func and() throws(QueryError) -> Expression {
    var lhs = try not()
    while isKeyword("and") {
      let op = advance()
      let rhs = try not()
      lhs = Expression(.binary(.and, lhs, rhs), at: op.position)
    }
    return lhs
  }

  mutating func not() throws(QueryError) -> Expression {
    if isKeyword("not") {
      let op = advance()
      let operand = try not()
      return Expression(.unary(.not, operand), at: op.position)
    }
    return try comparison()
  }

  mutating func comparison() throws(QueryError) -> Expression {
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

  mutating func list() throws(QueryError) -> Expression {
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

  mutating func additive() throws(QueryError) -> Expression {
    var lhs = try multiplicative()
    while isSymbol("+") || isSymbol("-") {
      let op = advance()
      let rhs = try multiplicative()
      lhs = Expression(.binary(op.text == "+" ? .add : .subtract, lhs, rhs), at: op.position)
    }
    return lhs
  }

  mutating func multiplicative() throws(QueryError) -> Expression {
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

  mutating func unary() throws(QueryError) -> Expression {
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

  mutating func power() throws(QueryError) -> Expression {
    let base = try primary()
    guard isSymbol("^") else { return base }
    let op = advance()
    return Expression(.binary(.power, base, try unary()), at: op.position)
  }

  mutating func primary() throws(QueryError) -> Expression {
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
