import Synchronization

/// What one partition's scan produces: a partial stats accumulator, or collected rows.
final class PartitionSink: Sendable {
  private struct State: Sendable {
    var accumulator: StatsAccumulator?
    var batches: [QueryBatch] = []
    var rows = 0
    var display: [String]?
  }

  private let state: Mutex<State>

  init(stats: StatsCommand?, runner: StageRunner) {
    state = Mutex(
      State(accumulator: stats.map { StatsAccumulator($0, evaluator: runner.evaluator) }))
  }

  /// Adds a batch that went through the streaming head; returns the rows collected over all
  /// partitions so far (0 while accumulating stats).
  func add(_ table: QueryTable, cap: Int, collected: SharedCounter) -> Int {
    state.withLock { state in
      if state.accumulator != nil {
        state.accumulator?.add(table.batch)
        return 0
      }
      state.display = table.display
      guard table.batch.rowCount > 0 else { return collected.value.load(ordering: .relaxed) }
      let before = collected.value.add(table.batch.rowCount, ordering: .relaxed).oldValue
      let room = max(0, cap - before)
      if room == 0 { return before }
      state.batches.append(
        room < table.batch.rowCount ? table.batch.gather(Array(0..<room)) : table.batch)
      state.rows += min(room, table.batch.rowCount)
      return before + table.batch.rowCount
    }
  }

  /// The partitions' results as one table.
  static func merge(
    _ sinks: [PartitionSink], stats: StatsCommand?, head: [Stage], runner: StageRunner,
    fields: [String]
  ) -> QueryTable {
    let states = sinks.map { sink in sink.state.withLock { $0 } }
    if stats != nil {
      var merged = states.compactMap(\.accumulator)
      guard var first = merged.first else { return QueryTable(batch: .empty, display: nil) }
      merged.removeFirst()
      for other in merged { first.merge(other) }
      return QueryTable(batch: first.finish(), display: nil)
    }
    let batches = states.flatMap(\.batches)
    if batches.isEmpty {
      // No rows: run the head over an empty batch so that the columns still appear.
      var table = QueryTable(
        batch: QueryBatch(rowCount: 0, columns: fields.map { ($0, QueryColumn(.int([]))) }),
        display: nil)
      for stage in head { runner.stream(stage.command, &table) }
      return table
    }
    return QueryTable(batch: .concatenate(batches), display: states.compactMap(\.display).first)
  }
}

/// A counter shared by concurrent scans.
final class SharedCounter: Sendable {
  let value = Atomic<Int>(0)
}
