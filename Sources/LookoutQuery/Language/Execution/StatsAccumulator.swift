/// Runs one `stats` command: hashes each row's group keys to a dense group number, then
/// updates every aggregate's arrays for the whole batch.
///
/// Keys are reduced to 64-bit components first (integers as they are, doubles by bit
/// pattern, strings interned, dictionary codes interned once per code), then pairs of
/// components are hashed level by level, so no per-row arrays or strings are allocated.
/// Partial accumulators from concurrent partitions merge by their key values.
struct StatsAccumulator: Sendable {
  let stats: StatsCommand
  let evaluator: ExpressionEvaluator
  private var aggregates: [AggregateState]
  /// The key values of each group, in group order.
  private(set) var keys: [[QueryValue]] = []
  private var strings: [String: Int64] = [:]
  private var levels: [PairHashTable]

  /// The component standing for null.
  private static let nullComponent = Int64.min

  init(_ stats: StatsCommand, evaluator: ExpressionEvaluator) {
    self.stats = stats
    self.evaluator = evaluator
    aggregates = stats.aggregates.map { AggregateState($0.expression) }
    levels = Array(repeating: PairHashTable(), count: max(1, stats.groups.count - 1))
  }

  var groupCount: Int { keys.count }

  /// Adds the rows of `batch`.
  mutating func add(_ batch: QueryBatch) {
    guard batch.rowCount > 0 else { return }
    let groups = groupNumbers(batch)
    var times: [Int64]?
    if let column = batch.column("@timestamp"), case .int(let values) = column.values {
      times = values
    }
    for index in aggregates.indices {
      aggregates[index].grow(to: keys.count)
      let column = aggregates[index].argument.map { evaluator.evaluate($0, batch) }
      aggregates[index].add(column, times: times, groups: groups)
    }
  }

  private mutating func groupNumbers(_ batch: QueryBatch) -> [Int32] {
    let rows = batch.rowCount
    if stats.groups.isEmpty {
      if keys.isEmpty { keys.append([]) }
      return [Int32](repeating: 0, count: rows)
    }
    let columns = stats.groups.map { evaluator.evaluate($0.expression, batch) }
    let components = columns.map { self.components($0) }
    var groups = [Int32](repeating: 0, count: rows)
    let lastLevel = levels.count - 1
    for row in 0..<rows {
      var id = Int64(0)
      for level in 0...lastLevel {
        let found =
          level == 0
          ? levels[0].id(components[0][row], components.count > 1 ? components[1][row] : 0)
          : levels[level].id(id, components[level + 1][row])
        id = Int64(found.id)
        if found.inserted && level == lastLevel {
          keys.append(columns.map { $0.value(at: row) })
        }
      }
      groups[row] = Int32(id)
    }
    return groups
  }

  /// One 64-bit component per row of a key column.
  private mutating func components(_ column: QueryColumn) -> [Int64] {
    var out: [Int64]
    switch column.values {
    case .int(let values): out = values
    case .double(let values): out = values.map { Int64(bitPattern: ($0 == 0 ? 0 : $0).bitPattern) }
    case .bool(let values): out = values.map { $0 ? 1 : 0 }
    case .string(let values): out = values.map { intern($0) }
    case .dictionary(let codes, let dictionary):
      let ids = dictionary.map { intern($0) }
      out = codes.map {
        ids.indices.contains(Int($0)) ? ids[Int($0)] : StatsAccumulator.nullComponent
      }
    }
    if let present = column.present {
      for i in out.indices where !present[i] { out[i] = StatsAccumulator.nullComponent }
    }
    return out
  }

  private mutating func intern(_ text: String) -> Int64 {
    if let id = strings[text] { return id }
    let id = Int64(strings.count) - (1 << 62)
    strings[text] = id
    return id
  }

  /// Folds in another partition's partial result.
  mutating func merge(_ other: StatsAccumulator) {
    var index: [[QueryValue]: Int] = [:]
    for (g, key) in keys.enumerated() { index[key] = g }
    var mapping: [Int] = []
    mapping.reserveCapacity(other.keys.count)
    for key in other.keys {
      if let g = index[key] {
        mapping.append(g)
      } else {
        keys.append(key)
        index[key] = keys.count - 1
        mapping.append(keys.count - 1)
      }
    }
    for i in aggregates.indices {
      aggregates[i].grow(to: keys.count)
      aggregates[i].merge(other.aggregates[i], mapping: mapping)
    }
    // Later batches must not reuse the merged groups' hash entries of this accumulator;
    // merging happens only after scanning ends, so the level tables are no longer needed.
    levels = levels.map { _ in PairHashTable(capacity: 16) }
  }

  /// The result table: group columns in `by` order, then the aggregates.
  func finish() -> QueryBatch {
    var keys = self.keys
    var aggregates = self.aggregates
    if stats.groups.isEmpty && keys.isEmpty {
      // An aggregate over no rows still has one row: count 0, other values null.
      keys = [[]]
    }
    for i in aggregates.indices { aggregates[i].grow(to: keys.count) }
    var columns: [(String, QueryColumn)] = []
    for (index, group) in stats.groups.enumerated() {
      columns.append((group.name, QueryColumn(values: keys.map { $0[index] })))
    }
    for (index, aggregate) in stats.aggregates.enumerated() {
      columns.append(
        (aggregate.name, QueryColumn(values: (0..<keys.count).map { aggregates[index].value($0) })))
    }
    return QueryBatch(rowCount: keys.count, columns: columns)
  }
}
