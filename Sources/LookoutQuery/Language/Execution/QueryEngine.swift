import LookoutCore

/// Runs query-language text against named sources.
///
/// ```swift
/// let engine = QueryEngine(sources: ["requests": requestsSource], patterns: nil)
/// let result = try await engine.run(
///   "source requests | stats count(*), pct(duration, 95) by route, bin(5m)",
///   range: TimeRange(from: start, to: end), budget: QueryBudget())
/// ```
public struct QueryEngine: Sendable {
  /// The sources by the name queries use after `source`.
  public let sources: [String: any QuerySource]
  /// The miner behind `pattern`, or nil when `pattern` is unavailable.
  public let patterns: (any PatternMining)?

  /// Creates an engine.
  ///
  /// - Parameters:
  ///   - sources: The sources by name (`requests`, `slowqueries`, `errors`, `spans`, `logs`,
  ///     `metrics`).
  ///   - patterns: The miner behind the `pattern` command.
  public init(sources: [String: any QuerySource], patterns: (any PatternMining)?) {
    self.sources = sources
    self.patterns = patterns
  }

  /// Parses and plans `text` without running it (for validation and `explain`).
  ///
  /// - Throws: ``QueryError`` with a position.
  public func plan(_ text: String, range: TimeRange, environment: String? = nil)
    throws(QueryError) -> QueryPlan
  {
    var query = try QueryParser.parse(text)
    guard let source = sources[query.source] else {
      let names = sources.keys.sorted().joined(separator: ", ")
      throw QueryError(
        .semantic, "unknown source '\(query.source)' (sources: \(names))", at: query.sourcePosition)
    }
    if query.stages.contains(where: { if case .pattern = $0.command { true } else { false } }),
      patterns == nil
    {
      let stage = query.stages.first { if case .pattern = $0.command { true } else { false } }
      throw QueryError(.semantic, "pattern is not available on this server", at: stage?.position)
    }
    if let environment, !environment.isEmpty,
      source.fields.contains(where: { $0.name == Self.environmentField })
    {
      query.stages.insert(Self.environmentFilter(environment, at: query.sourcePosition), at: 0)
    }
    return try QueryPlanner.plan(
      query, fields: source.fields, acceptsUndeclaredFields: source.acceptsUndeclaredFields,
      range: range)
  }

  /// The field of a source's environment.
  static let environmentField = "env"

  /// `filter env = "<environment>"`, the first stage of a query scoped to an environment:
  /// planned like one the user wrote (pushed down, answered from rollups alike).
  static func environmentFilter(_ environment: String, at position: SourcePosition) -> Stage {
    Stage(
      .filter(
        Expression(
          .binary(
            .equal, Expression(.field(environmentField), at: position),
            Expression(.literal(.string(environment)), at: position)), at: position)),
      at: position)
  }

  /// Parses, plans and runs `text` over `range`.
  ///
  /// - Parameters:
  ///   - text: The query, for example `source requests | filter status >= 500 | limit 20`.
  ///   - range: The time range the query reads (required; `diff` also reads an earlier one).
  ///   - budget: Rows and time the query may use; past them the result is flagged partial.
  ///   - environment: When set, rows of other environments are left out (as by a first
  ///     `filter env = "..."`), in sources that have an `env` field: the page's environment
  ///     picker.
  /// - Returns: The table.
  /// - Throws: ``QueryError`` with a position for bad text (kind `.syntax` or `.semantic`),
  ///   of kind `.execution` when a source hands malformed batches, or whatever a source throws.
  public func run(
    _ text: String, range: TimeRange, budget: QueryBudget, environment: String? = nil
  ) async throws -> QueryResult {
    let start = ContinuousClock.now
    let plan = try self.plan(text, range: range, environment: environment)
    guard let source = sources[plan.query.source] else {
      throw QueryError(.execution, "source vanished")
    }
    let run = QueryRun(
      plan: plan, source: source,
      runner: StageRunner(
        evaluator: ExpressionEvaluator(regexes: plan.regexes), patterns: patterns,
        range: plan.range),
      budget: ScanBudget(budget, start: start), defaultLimit: budget.defaultLimit)
    let table = try await run.execute(plan.query.stages[...], range: plan.range)
    return run.result(table, elapsed: ContinuousClock.now - start)
  }
}
