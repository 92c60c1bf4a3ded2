import Foundation

/// Evaluates expressions over whole columns of a batch.
///
/// Hot shapes have typed loops (numeric comparisons and arithmetic, comparisons of a
/// dictionary column with a constant decided once per code, `bin` over timestamps); the rest
/// go row by row over ``QueryValue``. Type mismatches and missing values give null, never a
/// failure: a query's rows are data, not code.
struct ExpressionEvaluator: Sendable {
  /// Compiled regular expressions by pattern.
  let regexes: [String: BoundedRegex]

  /// The value of `expression` for every row of `batch`.
  func evaluate(_ expression: Expression, _ batch: QueryBatch) -> QueryColumn {
    let count = batch.rowCount
    switch expression.kind {
    case .field(let name):
      return batch.column(name) ?? .nulls(count)
    case .literal(let literal):
      return .constant(literal.value, count: count)
    case .star, .list:
      return .nulls(count)
    case .unary(.not, let operand):
      return .predicate(evaluate(operand, batch).truth().map { !$0 })
    case .unary(.negate, let operand):
      let column = evaluate(operand, batch)
      if case .int(let a) = column.values {
        return QueryColumn(.int(a.map { 0 &- $0 }), present: column.present)
      }
      let (values, present) = column.numbers()
      return QueryColumn(.double(values.map { -$0 }), present: present)
    case .binary(let op, let lhs, let rhs):
      return binary(op, lhs, rhs, batch)
    case .call(let name, let arguments):
      // After stats, `count(*)` or `bin(5m)` name the output column written the same way.
      if let column = batch.column(expression.description) { return column }
      return call(name.lowercased(), arguments, batch)
    }
  }

  /// Which rows meet `condition` (null counts as false).
  func predicate(_ condition: Expression, _ batch: QueryBatch) -> [Bool] {
    evaluate(condition, batch).truth()
  }

  // MARK: - Operators

  private func binary(
    _ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression, _ batch: QueryBatch
  ) -> QueryColumn {
    switch op {
    case .and:
      var left = predicate(lhs, batch)
      let right = predicate(rhs, batch)
      for i in left.indices { left[i] = left[i] && right[i] }
      return .predicate(left)
    case .or:
      var left = predicate(lhs, batch)
      let right = predicate(rhs, batch)
      for i in left.indices { left[i] = left[i] || right[i] }
      return .predicate(left)
    case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
      return compare(op, evaluate(lhs, batch), rhs, batch)
    case .in:
      guard case .list(let items) = rhs.kind else { return .nulls(batch.rowCount) }
      let constants = items.map { item -> QueryValue in
        if case .literal(let literal) = item.kind { return literal.value }
        return .null
      }
      let dynamic = items.contains {
        if case .literal = $0.kind { return false } else { return true }
      }
      let column = evaluate(lhs, batch)
      if !dynamic {
        return perValue(column) { value in
          constants.contains { QueryValue.looseCompare(value, $0) == .orderedSame && !value.isNull }
        }
      }
      let itemColumns = items.map { evaluate($0, batch) }
      return .predicate(
        (0..<batch.rowCount).map { row in
          let value = column.value(at: row)
          return !value.isNull
            && itemColumns.contains {
              QueryValue.looseCompare(value, $0.value(at: row)) == .orderedSame
            }
        })
    case .like, .matches, .notMatches:
      let column = evaluate(lhs, batch)
      let result: QueryColumn
      switch rhs.kind {
      case .literal(.regex(let pattern)):
        guard let regex = regexes[pattern] else { return .nulls(batch.rowCount) }
        var matcher = RegexMatcher(regex.program)
        result = perText(column) { matcher.matches($0) }
      case .literal(.string(let needle)):
        result = perText(column) { $0.contains(needle) }
      default:
        let needles = evaluate(rhs, batch)
        result = .predicate(
          (0..<batch.rowCount).map { row in
            guard let text = column.value(at: row).text, let needle = needles.value(at: row).text
            else { return false }
            return text.contains(needle)
          })
      }
      if op == .notMatches { return .predicate(result.truth().map { !$0 }) }
      return result
    case .add, .subtract, .multiply, .divide, .remainder, .power:
      return arithmetic(op, evaluate(lhs, batch), evaluate(rhs, batch))
    }
  }

  /// A predicate decided once per distinct dictionary code, or per row for other columns.
  private func perValue(_ column: QueryColumn, _ test: (QueryValue) -> Bool) -> QueryColumn {
    if case .dictionary(let codes, let dictionary) = column.values {
      let table = dictionary.map { test(.string($0)) }
      var out = codes.map { table.indices.contains(Int($0)) ? table[Int($0)] : false }
      if let present = column.present { for i in out.indices where !present[i] { out[i] = false } }
      return .predicate(out)
    }
    return .predicate((0..<column.count).map { column.isPresent($0) && test(column.value(at: $0)) })
  }

  /// A text predicate, decided once per dictionary code; null rows are false.
  private func perText(_ column: QueryColumn, _ test: (String) -> Bool) -> QueryColumn {
    switch column.values {
    case .dictionary(let codes, let dictionary):
      let table = dictionary.map { test($0) }
      var out = codes.map { table.indices.contains(Int($0)) ? table[Int($0)] : false }
      if let present = column.present { for i in out.indices where !present[i] { out[i] = false } }
      return .predicate(out)
    case .string(let texts):
      var out = [Bool](repeating: false, count: texts.count)
      for i in texts.indices where column.isPresent(i) { out[i] = test(texts[i]) }
      return .predicate(out)
    default:
      let texts = column.stringValues()
      var out = [Bool](repeating: false, count: texts.count)
      for i in texts.indices where column.isPresent(i) { out[i] = test(texts[i]) }
      return .predicate(out)
    }
  }

  private func compare(
    _ op: BinaryOperator, _ left: QueryColumn, _ rhs: Expression, _ batch: QueryBatch
  ) -> QueryColumn {
    @inline(__always) func holds(_ order: ComparisonResult) -> Bool {
      switch op {
      case .equal: order == .orderedSame
      case .notEqual: order != .orderedSame
      case .less: order == .orderedAscending
      case .lessOrEqual: order != .orderedDescending
      case .greater: order == .orderedDescending
      default: order != .orderedAscending
      }
    }
    if case .literal(let literal) = rhs.kind {
      let constant = literal.value
      if constant.isNull {
        // `x = null` asks whether x is missing; `x != null` whether it is present.
        let missing = (0..<left.count).map { !left.isPresent($0) }
        return .predicate(
          op == .equal
            ? missing : (op == .notEqual ? missing.map { !$0 } : missing.map { _ in false }))
      }
      if let bound = constant.doubleValue, !left.holdsText, case .int = constant {
        if case .int(let a) = left.values, case .int(let c) = constant {
          var out = [Bool](repeating: false, count: a.count)
          for i in a.indices {
            out[i] = holds(
              a[i] < c ? .orderedAscending : (a[i] > c ? .orderedDescending : .orderedSame))
          }
          return .predicate(mask(out, left.present))
        }
        return numericCompare(left, bound, holds)
      }
      if case .double(let bound) = constant, !left.holdsText {
        return numericCompare(left, bound, holds)
      }
      return perValue(left) { holds(QueryValue.looseCompare($0, constant)) }
    }
    let right = evaluate(rhs, batch)
    return .predicate(
      (0..<left.count).map { row in
        let a = left.value(at: row)
        let b = right.value(at: row)
        if a.isNull || b.isNull {
          return op == .notEqual ? a.isNull != b.isNull : (op == .equal && a.isNull && b.isNull)
        }
        return holds(QueryValue.looseCompare(a, b))
      })
  }

  private func numericCompare(
    _ left: QueryColumn, _ bound: Double, _ holds: (ComparisonResult) -> Bool
  ) -> QueryColumn {
    let (values, present) = left.numbers()
    var out = [Bool](repeating: false, count: values.count)
    for i in values.indices {
      let v = values[i]
      out[i] = holds(
        v < bound ? .orderedAscending : (v > bound ? .orderedDescending : .orderedSame))
    }
    return .predicate(mask(out, present))
  }

  private func mask(_ values: [Bool], _ present: [Bool]?) -> [Bool] {
    guard let present else { return values }
    var out = values
    for i in out.indices where !present[i] { out[i] = false }
    return out
  }

  private func arithmetic(_ op: BinaryOperator, _ left: QueryColumn, _ right: QueryColumn)
    -> QueryColumn
  {
    let present = combine(
      left.present ?? (left.holdsText ? left.numbers().present : nil),
      right.present ?? (right.holdsText ? right.numbers().present : nil))
    if case .int(let a) = left.values, case .int(let b) = right.values, op != .divide, op != .power
    {
      var out = [Int64](repeating: 0, count: a.count)
      var mask = present
      for i in a.indices {
        switch op {
        case .add: out[i] = a[i] &+ b[i]
        case .subtract: out[i] = a[i] &- b[i]
        case .multiply: out[i] = a[i] &* b[i]
        default:
          if b[i] == 0 {
            if mask == nil { mask = [Bool](repeating: true, count: a.count) }
            mask?[i] = false
          } else {
            out[i] = a[i].remainderReportingOverflow(dividingBy: b[i]).partialValue
          }
        }
      }
      return QueryColumn(.int(out), present: mask)
    }
    let (a, leftPresent) = left.numbers()
    let (b, rightPresent) = right.numbers()
    var mask = combine(leftPresent, rightPresent)
    var out = [Double](repeating: 0, count: a.count)
    for i in a.indices {
      let value: Double
      switch op {
      case .add: value = a[i] + b[i]
      case .subtract: value = a[i] - b[i]
      case .multiply: value = a[i] * b[i]
      case .divide: value = a[i] / b[i]
      case .remainder: value = a[i].truncatingRemainder(dividingBy: b[i])
      default: value = pow(a[i], b[i])
      }
      if value.isFinite {
        out[i] = value
      } else {
        if mask == nil { mask = [Bool](repeating: true, count: a.count) }
        mask?[i] = false
      }
    }
    return QueryColumn(.double(out), present: mask)
  }

  private func combine(_ a: [Bool]?, _ b: [Bool]?) -> [Bool]? {
    guard let a else { return b }
    guard let b else { return a }
    return zip(a, b).map { $0 && $1 }
  }

  // MARK: - Functions

  private func call(_ name: String, _ arguments: [Expression], _ batch: QueryBatch) -> QueryColumn {
    switch name {
    case "bin", "datefloor", "dateceil":
      guard let periodExpression = arguments.last,
        case .literal(let literal) = periodExpression.kind,
        let width = literal.value.doubleValue.map({ Int64($0) }), width > 0
      else { return .nulls(batch.rowCount) }
      let time =
        arguments.count == 2
        ? evaluate(arguments[0], batch) : (batch.column("@timestamp") ?? .nulls(batch.rowCount))
      let stamps: [Int64]
      if case .int(let a) = time.values {
        stamps = a
      } else {
        stamps = time.numbers().values.map { Int64(clamping: $0) }
      }
      let ceil = name == "dateceil"
      var out = [Int64](repeating: 0, count: stamps.count)
      for i in stamps.indices {
        let floor = RowFunctions.floor(stamps[i], width)
        out[i] = ceil && floor != stamps[i] ? floor &+ width : floor
      }
      return QueryColumn(.int(out), present: time.holdsText ? time.numbers().present : time.present)
    case "ispresent":
      let column = evaluate(arguments[0], batch)
      return .predicate((0..<column.count).map { column.isPresent($0) })
    case "strcontains" where arguments.count == 2:
      if case .literal(.string(let needle)) = arguments[1].kind {
        return perText(evaluate(arguments[0], batch)) { $0.contains(needle) }
      }
    default:
      break
    }
    let columns = arguments.map { evaluate($0, batch) }
    var row = [QueryValue](repeating: .null, count: columns.count)
    var out: [QueryValue] = []
    out.reserveCapacity(batch.rowCount)
    for i in 0..<batch.rowCount {
      for (index, column) in columns.enumerated() { row[index] = column.value(at: i) }
      out.append(RowFunctions.apply(name, row))
    }
    return QueryColumn(values: out)
  }
}
