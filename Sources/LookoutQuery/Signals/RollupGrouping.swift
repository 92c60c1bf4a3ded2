import LookoutCore
import Synchronization

/// What every rollup answer shares: whether a ``RollupStatsRequest`` fits minute rollups,
/// which rollup rows its predicates keep, the output groups (group fields, then the bin),
/// and the answer batch in the order ``RollupStatsRequest/outputNames`` promises.
///
/// ```swift
/// var grouping = RollupGrouping<Int64>(request)
/// grouping.add(minute: row.minute, value: { field in names[field] }) { $0 += row.count }
/// return grouping.batch { count, _ in .int(count) }
/// ```
struct RollupGrouping<Group> {
  let request: RollupStatsRequest
  private let empty: Group
  private var groups: [Key: Group] = [:]
  private var order: [Key] = []

  private struct Key: Hashable {
    var values: [String]
    var bin: Int64?
  }

  /// A grouping whose new groups start as `empty`.
  init(_ request: RollupStatsRequest, empty: Group) {
    self.request = request
    self.empty = empty
  }

  /// Whether minute rollups can answer `request` exactly: its range and bin are whole
  /// minutes, and it groups and filters only on `fields`.
  static func fits(_ request: RollupStatsRequest, fields: Set<String>) -> Bool {
    guard request.groupBy.allSatisfy(fields.contains),
      request.predicates.allSatisfy({ fields.contains($0.field) }),
      Micros.floor(request.range.from, to: Micros.perMinute) == request.range.from,
      Micros.floor(request.range.to, to: Micros.perMinute) == request.range.to
    else { return false }
    if let width = request.binWidth, width <= 0 || width % Micros.perMinute != 0 { return false }
    return true
  }

  /// Folds one rollup row of `minute` into its group with `update`, unless a predicate
  /// excludes it; `value` gives the row's value of a field.
  mutating func add(minute: Int64, value: (String) -> String, _ update: (inout Group) -> Void) {
    for predicate in request.predicates {
      let actual = value(predicate.field)
      guard predicate.values.contains(.string(actual)) else { return }
    }
    let key = Key(
      values: request.groupBy.map(value),
      bin: request.binWidth.map { Micros.floor(minute, to: $0) })
    if groups[key] == nil {
      groups[key] = empty
      order.append(key)
    }
    update(&groups[key]!)
  }

  /// The answer: group fields, the bin, then each aggregate of each group by `aggregate`.
  func batch(_ aggregate: (Group, RollupAggregate) -> QueryValue) -> QueryBatch {
    var columns: [(String, QueryColumn)] = []
    for (position, field) in request.groupBy.enumerated() {
      let values = order.map { $0.values[position] }
      columns.append((field, QueryColumn(.string(values), present: values.map { !$0.isEmpty })))
    }
    if request.binWidth != nil {
      columns.append(
        (request.binName ?? "bin", QueryColumn(.int(order.map { $0.bin ?? 0 }))))
    }
    for function in request.aggregates {
      columns.append(
        (
          function.outputName,
          QueryColumn(values: order.map { aggregate(groups[$0] ?? empty, function) })
        ))
    }
    return QueryBatch(rowCount: order.count, columns: columns)
  }
}

/// A table a derived field needs, read on first use and kept for the query: most queries do
/// not name the field, so they do not pay for reading it.
final class LoadedOnce<Value: Sendable>: Sendable {
  private let load: @Sendable () -> Value
  private let state = Mutex<Value?>(nil)

  init(_ load: @escaping @Sendable () -> Value) { self.load = load }

  var value: Value {
    state.withLock { state in
      if let value = state { return value }
      let value = load()
      state = value
      return value
    }
  }
}
