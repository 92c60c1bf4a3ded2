import LookoutCore

/// What running a query needs from its source, worked out before any row is read: the fields
/// to scan, the conditions a source may apply itself, and whether rollups can answer it.
///
/// The plan keeps the ``Query`` unchanged; a SQL store can use the same analysis to build
/// its statement.
public struct QueryPlan: Sendable {
  /// The query, validated.
  public var query: Query
  /// The source fields the query reads, in the source's order.
  public var scanFields: [String]
  /// The time range after `@timestamp` filters at the head of the query narrowed it.
  public var range: TimeRange
  /// Conditions from the filters at the head of the query that a source may apply itself:
  /// equality and `in` on dictionary fields, comparisons of numeric fields with constants.
  public var pushdown: [PushdownPredicate]
  /// The request that lets a source answer the first `stats` from its rollups, when the
  /// query before it only filters on dictionary fields and it uses rollup aggregates.
  public var rollup: RollupStatsRequest?
  /// The index in `query.stages` of the `stats` the rollup request answers.
  public var rollupStage: Int?
  /// The fields each stage reads (parallel to `query.stages`), in order of first mention;
  /// after a `stats` these are its output columns.
  public var stageFields: [[String]] = []
  /// Regular expressions of the query, compiled, by pattern text.
  var regexes: [String: BoundedRegex]

  /// Creates a plan by hand (planners use ``QueryPlanner/plan(_:fields:acceptsUndeclaredFields:range:)``).
  public init(
    query: Query, scanFields: [String], range: TimeRange, pushdown: [PushdownPredicate],
    rollup: RollupStatsRequest?, rollupStage: Int?
  ) {
    self.query = query
    self.scanFields = scanFields
    self.range = range
    self.pushdown = pushdown
    self.rollup = rollup
    self.rollupStage = rollupStage
    self.regexes = [:]
  }
}
