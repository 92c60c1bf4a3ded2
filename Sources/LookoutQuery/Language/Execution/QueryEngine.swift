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

  /// Parses, plans and runs `text` over `range`.
  ///
  /// - Parameters:
  ///   - text: The query, for example `source requests | filter status >= 500 | limit 20`.
  ///   - range: The time range the query reads (required; `diff` also reads an earlier one).
  ///   - budget: Rows and time the query may use; past them the result is flagged partial.
  /// - Returns: The table.
  /// - Throws: ``QueryError`` with a position for bad text, or when a source fails.
  public func run(_ text: String, range: TimeRange, budget: QueryBudget) async throws -> QueryResult
  {
    throw QueryError(.execution, "the query engine is being built")
  }
}
