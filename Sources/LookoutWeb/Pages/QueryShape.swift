import LookoutQuery

/// What the text of a query says about the shape of its result, for choosing a chart: the
/// `bin()` group of its last `stats` (the time axis), its other groups, and which aggregates
/// count (a missing time step of a count is zero, of an average it is a gap).
///
/// ```swift
/// let shape = QueryShape("source requests | stats count(*) as n by bin(5m), status_class")
/// shape.binColumn   // "bin(5m)"
/// shape.binMicros   // 300_000_000
/// shape.groupColumns // ["status_class"]
/// ```
public struct QueryShape: Sendable, Equatable {
  /// The column of the `bin(period)` group, or nil when the query does not bin by time.
  public var binColumn: String?
  /// The period of the bin in microseconds (0 without a bin).
  public var binMicros: Int64
  /// The other group columns of the last `stats`.
  public var groupColumns: [String]
  /// Aggregate columns that count (`count`, `sum`, `count_distinct`).
  public var countingColumns: Set<String>
  /// Aggregate columns over a duration field (`duration`, `upstream`, `query_time`,
  /// `lock_time`), drawn in milliseconds.
  public var durationColumns: Set<String>
  /// The source the query reads, or nil when the text does not parse.
  public var source: String?

  /// Fields whose values are milliseconds.
  static let durationFields: Set<String> = ["duration", "upstream", "query_time", "lock_time"]

  /// Reads the shape of `text`; text that does not parse has no shape.
  public init(_ text: String) {
    binColumn = nil
    binMicros = 0
    groupColumns = []
    countingColumns = []
    durationColumns = []
    source = nil
    guard let query = try? QueryParser.parse(text) else { return }
    source = query.source
    let stats = query.stages.reversed().lazy.compactMap { stage -> StatsCommand? in
      if case .stats(let command) = stage.command { return command }
      return nil
    }.first
    guard let stats else { return }
    for group in stats.groups {
      if case .call(let name, let arguments) = group.expression.kind, name.lowercased() == "bin",
        let first = arguments.first, case .literal(.duration(let micros, _)) = first.kind,
        micros > 0, binColumn == nil
      {
        binColumn = group.name
        binMicros = micros
      } else {
        groupColumns.append(group.name)
      }
    }
    for aggregate in stats.aggregates {
      guard case .call(let name, let arguments) = aggregate.expression.kind else { continue }
      if ["count", "sum", "count_distinct"].contains(name.lowercased()) {
        countingColumns.insert(aggregate.name)
      }
      if ["avg", "min", "max", "pct", "sum", "stddev"].contains(name.lowercased()),
        let first = arguments.first, case .field(let field) = first.kind,
        Self.durationFields.contains(field)
      {
        durationColumns.insert(aggregate.name)
      }
    }
  }
}
