import LookoutCore

/// A signal the query language reads (`source requests`), as the store adapters offer it.
///
/// A source hands the executor batches of typed columns. It may use the request's time range
/// and predicates to skip blocks, but it does not have to: the executor re-checks both.
///
/// ```swift
/// struct RequestsSource: QuerySource {
///   let name = "requests"
///   var fields: [QueryFieldInfo] { [.init(name: "@timestamp", type: .timestamp), ...] }
///   func scan(_ request: ScanRequest, _ body: @Sendable (QueryBatch) throws -> Bool) async throws {
///     for block in blocks(overlapping: request.range) where try !body(decode(block)) { break }
///   }
/// }
/// ```
public protocol QuerySource: Sendable {
  /// The name queries use after `source`, for example `requests`.
  var name: String { get }

  /// The fields the source offers, for validation and completion. `@timestamp` is the time
  /// field (type `.timestamp`, microseconds since the epoch, Int64 values).
  var fields: [QueryFieldInfo] { get }

  /// Whether a query may name fields that `fields` does not list (sources with free-form
  /// attributes); such fields are requested anyway and read as null where absent.
  var acceptsUndeclaredFields: Bool { get }

  /// Into how many disjoint parts `scan` can split its rows (for example blocks by index
  /// modulo the count). The executor scans the parts concurrently and merges the partial
  /// results; 1 means the source is scanned once.
  var partitionCount: Int { get }

  /// Calls `body` with batches holding one column per requested field, all of the same
  /// length, for the rows of `request.partition`.
  ///
  /// Calls to `body` for one request are serial. `body` returns false when the executor needs
  /// no more rows (a limit was reached or the budget ran out); the source then stops.
  ///
  /// - Parameters:
  ///   - request: The range, fields, predicates and partition to read.
  ///   - body: Receives each batch; returns whether to continue.
  /// - Throws: Whatever the store throws, and whatever `body` throws.
  func scan(_ request: ScanRequest, _ body: @Sendable (QueryBatch) throws -> Bool) async throws

  /// Answers a simple `stats` query from pre-aggregated rollups, or returns nil when the
  /// rollups cannot answer it (a field they do not carry, a bin narrower than theirs).
  ///
  /// The planner calls this before scanning. The returned batch has one column per name in
  /// `request.outputNames`, in that order, one row per group and bin.
  ///
  /// - Parameter request: The groups, bin width, aggregates and filters to answer.
  /// - Returns: The result rows, or nil to make the executor scan.
  func answerFromRollups(_ request: RollupStatsRequest) async throws -> QueryBatch?
}

extension QuerySource {
  /// Sources list their fields exactly unless they say otherwise.
  public var acceptsUndeclaredFields: Bool { false }

  /// Sources are scanned as one part unless they say otherwise.
  public var partitionCount: Int { 1 }

  /// Sources without rollups never answer from them.
  public func answerFromRollups(_ request: RollupStatsRequest) async throws -> QueryBatch? { nil }
}

/// What the executor asks a source for: rows in a time range, only some fields, optionally
/// only rows meeting simple predicates, from one partition.
public struct ScanRequest: Sendable, Equatable {
  /// The rows wanted by `@timestamp`; already narrowed by `@timestamp` filters of the query.
  public var range: TimeRange
  /// The fields to return, one column each, in this order.
  public var fields: [String]
  /// Conditions every wanted row meets (a conjunction); a source may ignore any of them.
  public var predicates: [PushdownPredicate]
  /// Which part of the source to read, in `0..<partitionCount`.
  public var partition: Int

  /// Creates a scan request.
  public init(
    range: TimeRange, fields: [String], predicates: [PushdownPredicate] = [], partition: Int = 0
  ) {
    self.range = range
    self.fields = fields
    self.predicates = predicates
    self.partition = partition
  }
}

/// A condition simple enough for a source to check on dictionary ids or block statistics:
/// `field op constant` or `field in [constants]`.
public struct PushdownPredicate: Sendable, Hashable, Codable {
  /// The comparison.
  public enum Operator: String, Sendable, Hashable, Codable {
    /// `field = value` (only on dictionary fields).
    case equal
    /// `field in [values]` (only on dictionary fields); `values` lists the constants.
    case `in`
    /// `field < value` (numeric fields, for block min/max statistics).
    case less
    /// `field <= value`.
    case lessOrEqual
    /// `field > value`.
    case greater
    /// `field >= value`.
    case greaterOrEqual
  }

  /// The field the condition reads.
  public var field: String
  /// The comparison.
  public var op: Operator
  /// The constant (one) or constants (`in`).
  public var values: [QueryValue]

  /// Creates a predicate.
  public init(field: String, op: Operator, values: [QueryValue]) {
    self.field = field
    self.op = op
    self.values = values
  }

  /// Whether `value` meets the condition (for sources that check predicates per row).
  public func matches(_ value: QueryValue) -> Bool {
    switch op {
    case .equal, .in: return values.contains { QueryValue.compare(value, $0) == .orderedSame }
    case .less:
      return values.first.map { QueryValue.compare(value, $0) == .orderedAscending } ?? false
    case .lessOrEqual:
      return values.first.map {
        QueryValue.compare(value, $0) != .orderedDescending && !value.isNull
      } ?? false
    case .greater:
      return values.first.map { QueryValue.compare(value, $0) == .orderedDescending } ?? false
    case .greaterOrEqual:
      return values.first.map {
        QueryValue.compare(value, $0) != .orderedAscending && !value.isNull
      } ?? false
    }
  }
}

/// A `stats` query simple enough for minute rollups: counts, sums, averages, extremes and
/// percentiles of fields, grouped by dictionary fields and a time bin, under equality filters.
///
/// For `stats count(*), avg(duration), pct(duration, 95) by route, bin(5m)` the planner asks
/// for `groupBy: ["route"]`, `binWidth: 300_000_000`, three aggregates, and expects the
/// columns `route`, `bin(5m)`, `count(*)`, `avg(duration)`, `pct(duration, 95)`.
public struct RollupStatsRequest: Sendable, Equatable {
  /// The rows to aggregate by `@timestamp`.
  public var range: TimeRange
  /// Dictionary fields to group by, in output order (before the bin column).
  public var groupBy: [String]
  /// The time bin width in microseconds, or nil for no time grouping.
  public var binWidth: Int64?
  /// The output name of the bin column (for example `bin(5m)`), when `binWidth` is set; its
  /// values are the bin starts in microseconds since the epoch.
  public var binName: String?
  /// The aggregates, in output order.
  public var aggregates: [RollupAggregate]
  /// Equality and `in` conditions on dictionary fields (a conjunction).
  public var predicates: [PushdownPredicate]

  /// Creates a rollup request.
  public init(
    range: TimeRange, groupBy: [String], binWidth: Int64?, binName: String?,
    aggregates: [RollupAggregate], predicates: [PushdownPredicate]
  ) {
    self.range = range
    self.groupBy = groupBy
    self.binWidth = binWidth
    self.binName = binName
    self.aggregates = aggregates
    self.predicates = predicates
  }

  /// The column names of the expected answer: group fields, bin, then aggregates.
  public var outputNames: [String] {
    groupBy + (binWidth != nil ? [binName ?? "bin"] : []) + aggregates.map(\.outputName)
  }
}

/// One aggregate of a ``RollupStatsRequest``.
public struct RollupAggregate: Sendable, Equatable {
  /// The aggregate function.
  public enum Function: Sendable, Equatable {
    /// `count(*)` (field nil) or the count of rows where the field is present.
    case count
    /// `sum(field)`.
    case sum
    /// `avg(field)`.
    case avg
    /// `min(field)`.
    case min
    /// `max(field)`.
    case max
    /// `pct(field, p)` with `p` in 0...100; rollups answer from quantile sketches.
    case percentile(Double)
  }

  /// The function.
  public var function: Function
  /// The field aggregated; nil only for `count(*)`.
  public var field: String?
  /// The output column name, for example `avg(duration)` or the `as` alias.
  public var outputName: String

  /// Creates an aggregate.
  public init(function: Function, field: String?, outputName: String) {
    self.function = function
    self.field = field
    self.outputName = outputName
  }
}
