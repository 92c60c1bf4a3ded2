/// Walks a query stage by stage, tracking which fields exist at each point, and rejects
/// unknown fields and functions, wrong arities and misplaced aggregates with their position.
struct QueryChecker {
  private let sourceFields: [String: QueryFieldInfo]
  private let acceptsUndeclaredFields: Bool
  /// Fields that exist at the current stage.
  private var known: [String]
  /// Whether the rows are still source rows (no `stats` or `pattern` yet).
  private var inSourceScope = true
  /// Names computed by `fields` or `parse`, which hide source fields of the same name.
  private var computed: Set<String> = []
  /// Source fields the query reads.
  private(set) var sourceFieldsUsed: Set<String> = []
  /// Whether some command chooses columns, so only used fields need scanning.
  private(set) var narrows = false
  private(set) var regexes: [String: BoundedRegex] = [:]
  /// The fields each stage reads, in order of first mention.
  private(set) var stageFields: [[String]] = []

  init(fields: [QueryFieldInfo], acceptsUndeclaredFields: Bool) {
    sourceFields = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    self.acceptsUndeclaredFields = acceptsUndeclaredFields
    known = fields.map(\.name)
  }

  mutating func check(_ query: Query) throws(QueryError) {
    var statsSeen: StatsCommand?
    for stage in query.stages {
      stageFields.append([])
      switch stage.command {
      case .fields(let items):
        narrows = true
        for item in items {
          try checkScalar(item.expression)
          if item.alias != nil || !isField(item.expression) { define(item.name) }
        }
      case .display(let items):
        narrows = true
        for item in items {
          guard case .field = item.expression.kind, item.alias == nil else {
            throw QueryError(
              .semantic, "display takes field names; compute values with fields ... as name",
              at: item.expression.position)
          }
          try checkScalar(item.expression)
        }
      case .filter(let condition):
        try checkScalar(condition)
      case .stats(let stats):
        narrows = true
        if stats.aggregates.isEmpty {
          throw QueryError(.semantic, "stats needs at least one aggregate", at: stage.position)
        }
        for aggregate in stats.aggregates { try checkAggregate(aggregate.expression) }
        for group in stats.groups { try checkScalar(group.expression) }
        let names = stats.groups.map(\.name) + stats.aggregates.map(\.name)
        if let duplicate = firstDuplicate(names) {
          throw QueryError(
            .semantic, "stats outputs the column '\(duplicate)' twice; rename one with 'as'",
            at: stage.position)
        }
        known = names
        inSourceScope = false
        statsSeen = stats
      case .sort(let keys):
        for key in keys { try checkScalar(key.expression) }
      case .limit:
        break
      case .parse(let parse):
        try checkScalar(parse.field)
        switch parse.pattern {
        case .glob(_, let names):
          for name in names { define(name) }
        case .regex(let pattern):
          let regex = try compile(
            pattern, at: parse.patternPosition, literalPosition: parse.patternPosition)
          if regex.groupNames.isEmpty {
            throw QueryError(
              .semantic, "a parse regex needs named groups such as (?<user>\\w+)",
              at: parse.patternPosition)
          }
          for name in regex.groupNames { define(name) }
        }
      case .dedup(let fields):
        for field in fields { try checkScalar(field) }
      case .pattern(let field):
        narrows = true
        try checkScalar(field)
        known = QueryPlanner.patternColumns
        inSourceScope = false
        statsSeen = nil
      case .diff:
        guard let stats = statsSeen else {
          throw QueryError(
            .semantic, "diff compares the output of a stats command; put a stats before it",
            at: stage.position)
        }
        for aggregate in stats.aggregates {
          known.append(aggregate.name + "_prev")
          known.append(aggregate.name + "_diff")
        }
      }
    }
  }

  private func isField(_ expression: Expression) -> Bool {
    if case .field = expression.kind { return true }
    return false
  }

  private mutating func define(_ name: String) {
    if !known.contains(name) { known.append(name) }
    if inSourceScope { computed.insert(name) }
  }

  private func firstDuplicate(_ names: [String]) -> String? {
    var seen: Set<String> = []
    for name in names where !seen.insert(name).inserted { return name }
    return nil
  }

  /// Checks an expression that must not contain aggregates.
  private mutating func checkScalar(_ expression: Expression) throws(QueryError) {
    try check(expression, aggregateAllowed: false)
  }

  /// Checks a `stats` item: an aggregate call, whose arguments are scalar.
  private mutating func checkAggregate(_ expression: Expression) throws(QueryError) {
    guard case .call(let name, _) = expression.kind, FunctionCatalog.isAggregate(name) else {
      throw QueryError(
        .semantic,
        "stats takes aggregate functions such as count(*), avg(x), pct(x, 95); found '\(expression)'",
        at: expression.position)
    }
    try check(expression, aggregateAllowed: true)
  }

  private mutating func check(_ expression: Expression, aggregateAllowed: Bool) throws(QueryError) {
    switch expression.kind {
    case .field(let name):
      try use(name, at: expression.position)
    case .literal(.regex(let pattern)):
      _ = try compile(pattern, at: expression.position, literalPosition: expression.position)
    case .literal:
      break
    case .star:
      throw QueryError(.semantic, "'*' is only allowed in count(*)", at: expression.position)
    case .unary(_, let operand):
      try check(operand, aggregateAllowed: false)
    case .binary(let op, let lhs, let rhs):
      try check(lhs, aggregateAllowed: false)
      if op == .like || op == .matches || op == .notMatches,
        case .literal(.regex(let pattern)) = rhs.kind
      {
        _ = try compile(pattern, at: rhs.position, literalPosition: rhs.position)
      } else {
        try check(rhs, aggregateAllowed: false)
      }
    case .list(let items):
      for item in items { try check(item, aggregateAllowed: false) }
    case .call(let name, let arguments):
      let lower = name.lowercased()
      if !inSourceScope || computed.contains(expression.description),
        known.contains(expression.description)
      {
        // `sort count(*)` after stats: the call names an output column.
        return
      }
      if let arity = FunctionCatalog.aggregate[lower] {
        guard aggregateAllowed else {
          throw QueryError(
            .semantic, "aggregate function '\(name)' is only allowed in stats",
            at: expression.position)
        }
        try checkArity(name, arity, arguments.count, at: expression.position)
        for (index, argument) in arguments.enumerated() {
          if argument.kind == .star {
            guard lower == "count", arguments.count == 1 else {
              throw QueryError(.semantic, "'*' is only allowed in count(*)", at: argument.position)
            }
          } else if lower == "pct" && index == 1 {
            guard case .literal(let literal) = argument.kind, let p = literal.value.doubleValue,
              (0...100).contains(p)
            else {
              throw QueryError(
                .semantic, "the percentile of pct must be a number from 0 to 100",
                at: argument.position)
            }
          } else {
            try check(argument, aggregateAllowed: false)
          }
        }
      } else if let arity = FunctionCatalog.scalar[lower] {
        try checkArity(name, arity, arguments.count, at: expression.position)
        if lower == "bin" || lower == "datefloor" || lower == "dateceil" {
          guard let period = arguments.last, case .literal(.duration(let width, _)) = period.kind,
            width >= 1
          else {
            throw QueryError(
              .semantic, "\(name) needs a period such as 5m or 1h",
              at: (arguments.last ?? expression).position)
          }
          if lower == "bin" && arguments.count == 1 {
            try use("@timestamp", at: expression.position)
          }
          for argument in arguments.dropLast() { try check(argument, aggregateAllowed: false) }
        } else {
          for argument in arguments { try check(argument, aggregateAllowed: false) }
        }
      } else {
        throw QueryError(.semantic, "unknown function '\(name)'", at: expression.position)
      }
    }
  }

  private func checkArity(
    _ name: String, _ arity: FunctionCatalog.Arity, _ count: Int, at position: SourcePosition
  ) throws(QueryError) {
    guard count >= arity.min, arity.max.map({ count <= $0 }) ?? true else {
      throw QueryError(.semantic, "\(name) takes \(arity.description), got \(count)", at: position)
    }
  }

  private mutating func use(_ name: String, at position: SourcePosition) throws(QueryError) {
    if let last = stageFields.indices.last, !stageFields[last].contains(name) {
      stageFields[last].append(name)
    }
    if known.contains(name) {
      if inSourceScope, !computed.contains(name), sourceFields[name] != nil {
        sourceFieldsUsed.insert(name)
      }
      return
    }
    if inSourceScope, acceptsUndeclaredFields {
      sourceFieldsUsed.insert(name)
      known.append(name)
      return
    }
    let listed = known.prefix(12).joined(separator: ", ") + (known.count > 12 ? ", ..." : "")
    let scope = inSourceScope ? "the source has" : "the previous stats or pattern outputs"
    throw QueryError(.semantic, "unknown field '\(name)' (\(scope): \(listed))", at: position)
  }

  /// Compiles a regex once; errors point into the pattern inside the query.
  private mutating func compile(
    _ pattern: String, at position: SourcePosition, literalPosition: SourcePosition?
  ) throws(QueryError) -> BoundedRegex {
    if let regex = regexes[pattern] { return regex }
    do {
      let regex = try BoundedRegex(pattern)
      regexes[pattern] = regex
      return regex
    } catch {
      let offset = error.position?.offset ?? 0
      let base = literalPosition ?? position
      throw QueryError(
        .syntax, error.message,
        at: SourcePosition(
          offset: base.offset + 1 + offset, line: base.line, column: base.column + 1 + offset))
    }
  }
}
