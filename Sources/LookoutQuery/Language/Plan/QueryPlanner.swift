import LookoutCore

/// Checks a query against its source's fields and derives its ``QueryPlan``.
///
/// ```swift
/// let query = try QueryParser.parse("source requests | filter route = \"/a\" | stats count(*) by bin(5m)")
/// let plan = try QueryPlanner.plan(query, fields: source.fields, range: range)
/// plan.pushdown  // [route equal "/a"]
/// plan.rollup    // a RollupStatsRequest
/// ```
public enum QueryPlanner {
  /// The columns the `pattern` command outputs.
  public static let patternColumns = [
    "@pattern", "@ratio", "@sampleCount", "@severityLabel", "@sample", "@timeline",
  ]

  /// Validates `query` and plans it.
  ///
  /// - Parameters:
  ///   - query: The parsed query.
  ///   - fields: The source's fields.
  ///   - acceptsUndeclaredFields: Whether names outside `fields` are read as source fields.
  ///   - range: The time range the caller asked for.
  /// - Returns: The plan.
  /// - Throws: ``QueryError`` of kind `.semantic` (unknown field or function, wrong arity,
  ///   aggregate outside `stats`) or `.syntax` (bad regular expression), with a position.
  public static func plan(
    _ query: Query, fields: [QueryFieldInfo], acceptsUndeclaredFields: Bool = false,
    range: TimeRange
  ) throws(QueryError) -> QueryPlan {
    var checker = QueryChecker(fields: fields, acceptsUndeclaredFields: acceptsUndeclaredFields)
    try checker.check(query)
    let byName = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    var scanFields: [String]
    if checker.narrows {
      scanFields = fields.map(\.name).filter {
        checker.sourceFieldsUsed.contains($0) || $0 == "@timestamp"
      }
      scanFields += checker.sourceFieldsUsed.filter { byName[$0] == nil }.sorted()
    } else {
      scanFields =
        fields.map(\.name) + checker.sourceFieldsUsed.filter { byName[$0] == nil }.sorted()
    }
    var plan = QueryPlan(
      query: query, scanFields: scanFields, range: range, pushdown: [], rollup: nil,
      rollupStage: nil)
    plan.regexes = checker.regexes
    plan.stageFields = checker.stageFields

    // Conditions of the filters that open the query, before anything renames fields.
    var rollupPossible = true
    var headEnd = 0
    for stage in query.stages {
      guard case .filter(let condition) = stage.command else { break }
      headEnd += 1
      for conjunct in conjuncts(condition) {
        guard let predicate = pushdownPredicate(conjunct, fields: byName, shadowed: []) else {
          rollupPossible = false
          continue
        }
        if predicate.field == "@timestamp" {
          narrow(&plan.range, by: predicate)
          rollupPossible = false
        } else {
          plan.pushdown.append(predicate)
          if predicate.op != .equal && predicate.op != .in { rollupPossible = false }
        }
      }
    }
    if rollupPossible, headEnd < query.stages.count,
      case .stats(let stats) = query.stages[headEnd].command,
      let request = rollupRequest(
        stats, fields: byName, range: plan.range, predicates: plan.pushdown)
    {
      plan.rollup = request
      plan.rollupStage = headEnd
    }
    return plan
  }

  /// The operands of a chain of `and`.
  static func conjuncts(_ expression: Expression) -> [Expression] {
    if case .binary(.and, let lhs, let rhs) = expression.kind {
      return conjuncts(lhs) + conjuncts(rhs)
    }
    return [expression]
  }

  /// `field op constant` (or `constant op field`, `field in [constants]`) when a source can
  /// check it cheaply: equality on dictionary fields, order on numeric fields.
  static func pushdownPredicate(
    _ expression: Expression, fields: [String: QueryFieldInfo], shadowed: Set<String>
  ) -> PushdownPredicate? {
    guard case .binary(let written, var lhs, var rhs) = expression.kind else { return nil }
    var op = written
    if case .literal = lhs.kind, case .field = rhs.kind {
      swap(&lhs, &rhs)
      switch op {
      case .less: op = .greater
      case .lessOrEqual: op = .greaterOrEqual
      case .greater: op = .less
      case .greaterOrEqual: op = .lessOrEqual
      default: break
      }
    }
    guard case .field(let name) = lhs.kind, !shadowed.contains(name), let info = fields[name] else {
      return nil
    }
    let numeric = info.type == .int || info.type == .double || info.type == .timestamp
    func constant(_ e: Expression) -> QueryValue? {
      guard case .literal(let literal) = e.kind else { return nil }
      switch literal {
      case .int, .double, .duration: return numeric ? literal.value : nil
      case .string: return info.type == .string ? literal.value : nil
      case .bool: return info.type == .bool ? literal.value : nil
      case .null, .regex: return nil
      }
    }
    switch op {
    case .equal:
      guard info.isDictionary, let value = constant(rhs) else { return nil }
      return PushdownPredicate(field: name, op: .equal, values: [value])
    case .in:
      guard info.isDictionary, case .list(let items) = rhs.kind else { return nil }
      var values: [QueryValue] = []
      for item in items {
        guard let value = constant(item) else { return nil }
        values.append(value)
      }
      return PushdownPredicate(field: name, op: .in, values: values)
    case .less, .lessOrEqual, .greater, .greaterOrEqual:
      guard numeric, let value = constant(rhs) else { return nil }
      let mapped: PushdownPredicate.Operator =
        switch op {
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        default: .greaterOrEqual
        }
      return PushdownPredicate(field: name, op: mapped, values: [value])
    default:
      return nil
    }
  }

  private static func narrow(_ range: inout TimeRange, by predicate: PushdownPredicate) {
    guard let first = predicate.values.first, let bound = first.doubleValue else { return }
    let value = Int64(clamping: Int64(exactly: bound.rounded(.down)) ?? (bound < 0 ? .min : .max))
    let isWhole = Double(value) == bound
    switch predicate.op {
    case .greaterOrEqual:
      range = TimeRange(from: max(range.from, isWhole ? value : value &+ 1), to: range.to)
    case .greater: range = TimeRange(from: max(range.from, value &+ 1), to: range.to)
    case .less: range = TimeRange(from: range.from, to: min(range.to, isWhole ? value : value &+ 1))
    case .lessOrEqual: range = TimeRange(from: range.from, to: min(range.to, value &+ 1))
    case .equal, .in: break
    }
  }

  /// The rollup request for `stats` when every group is a dictionary field or `bin(duration)`
  /// and every aggregate is count, sum, avg, min, max or pct of a numeric source field.
  static func rollupRequest(
    _ stats: StatsCommand, fields: [String: QueryFieldInfo], range: TimeRange,
    predicates: [PushdownPredicate]
  ) -> RollupStatsRequest? {
    var groupBy: [String] = []
    var binWidth: Int64?
    var binName: String?
    for group in stats.groups {
      switch group.expression.kind {
      case .field(let name):
        guard let info = fields[name], info.isDictionary, group.alias == nil else { return nil }
        groupBy.append(name)
      case .call(let function, let arguments)
      where function.lowercased() == "bin" && arguments.count == 1:
        guard binWidth == nil, case .literal(.duration(let width, _)) = arguments[0].kind, width > 0
        else {
          return nil
        }
        binWidth = width
        binName = group.name
      default:
        return nil
      }
    }
    var aggregates: [RollupAggregate] = []
    for aggregate in stats.aggregates {
      guard case .call(let function, let arguments) = aggregate.expression.kind else { return nil }
      var field: String?
      if let first = arguments.first, case .field(let name) = first.kind {
        guard let info = fields[name], info.type == .int || info.type == .double else { return nil }
        field = name
      } else if let first = arguments.first, first.kind != .star {
        return nil
      }
      let kind: RollupAggregate.Function
      switch function.lowercased() {
      case "count": kind = .count
      case "sum" where field != nil: kind = .sum
      case "avg" where field != nil: kind = .avg
      case "min" where field != nil: kind = .min
      case "max" where field != nil: kind = .max
      case "pct" where field != nil:
        guard arguments.count == 2, case .literal(let literal) = arguments[1].kind,
          let p = literal.value.doubleValue
        else { return nil }
        kind = .percentile(p)
      default: return nil
      }
      aggregates.append(RollupAggregate(function: kind, field: field, outputName: aggregate.name))
    }
    return RollupStatsRequest(
      range: range, groupBy: groupBy, binWidth: binWidth, binName: binName, aggregates: aggregates,
      predicates: predicates)
  }
}
