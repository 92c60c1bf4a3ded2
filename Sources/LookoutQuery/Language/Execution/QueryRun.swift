import LookoutCore
import Synchronization

/// One run of a planned query: scans, stages, `diff`, and the result.
final class QueryRun: Sendable {
  let plan: QueryPlan
  let source: any QuerySource
  let runner: StageRunner
  let budget: ScanBudget
  let defaultLimit: Int
  private let usedRollups = Atomic<Bool>(false)

  init(
    plan: QueryPlan, source: any QuerySource, runner: StageRunner, budget: ScanBudget,
    defaultLimit: Int
  ) {
    self.plan = plan
    self.source = source
    self.runner = runner
    self.budget = budget
    self.defaultLimit = defaultLimit
  }

  /// Runs `stages` (a prefix of the query) over `range`.
  func execute(_ stages: ArraySlice<Stage>, range: TimeRange) async throws -> QueryTable {
    if let diffIndex = stages.lastIndex(where: {
      if case .diff = $0.command { true } else { false }
    }),
      case .diff(let period) = stages[diffIndex].command
    {
      let before = stages[stages.startIndex..<diffIndex]
      let shifted = TimeRange(from: range.from &- period.micros, to: range.to &- period.micros)
      async let previousTable = execute(before, range: shifted)
      let currentTable = try await execute(before, range: range)
      var table = join(currentTable, try await previousTable, stages: before, shift: period.micros)
      for stage in stages[(diffIndex + 1)...] { runner.apply(stage.command, &table) }
      return table
    }
    if let rollupStage = plan.rollupStage, let request = plan.rollup,
      stages.indices.contains(rollupStage)
    {
      var shifted = request
      shifted.range = range
      if let answer = try await source.answerFromRollups(shifted) {
        usedRollups.store(true, ordering: .relaxed)
        var names: [String] = []
        if case .stats(let stats) = stages[rollupStage].command {
          names = stats.groups.map(\.name) + stats.aggregates.map(\.name)
        }
        let ordered = QueryBatch(
          rowCount: answer.rowCount,
          columns: names.map { ($0, answer.column($0) ?? .nulls(answer.rowCount)) })
        var table = QueryTable(batch: ordered, display: nil)
        for stage in stages[(rollupStage + 1)...] { runner.apply(stage.command, &table) }
        return table
      }
    }
    return try await scanAndRun(stages, range: range)
  }

  /// Scans the source's partitions concurrently, running the streaming head of the query
  /// and the first table command (a stats accumulates; others collect rows), then applies
  /// the rest of the stages to the merged table.
  private func scanAndRun(_ stages: ArraySlice<Stage>, range: TimeRange) async throws -> QueryTable
  {
    let head = stages.prefix { StageRunner.isStreaming($0.command) }
    let rest = stages[head.endIndex...]
    var stats: StatsCommand?
    var cap = Int.max
    if let first = rest.first {
      switch first.command {
      case .stats(let command): stats = command
      case .limit(let n): cap = n
      default: break
      }
    } else if !plan.query.stages.contains(where: {
      if case .limit = $0.command { true } else { false }
    }) {
      cap = defaultLimit
    }
    let partitions = max(1, source.partitionCount)
    let sinks = (0..<partitions).map { _ in PartitionSink(stats: stats, runner: runner) }
    let collected = SharedCounter()
    let request = ScanRequest(range: range, fields: plan.scanFields, predicates: plan.pushdown)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for partition in 0..<partitions {
        var partRequest = request
        partRequest.partition = partition
        let sink = sinks[partition]
        let head = Array(head)
        group.addTask { [source, budget, runner, cap] in
          try await source.scan(partRequest) { batch in
            // A source bug must fail the query, not index out of bounds.
            guard batch.columns.allSatisfy({ $0.count == batch.rowCount }) else {
              throw QueryError(
                .execution,
                "source '\(source.name)' returned a batch whose columns differ in length")
            }
            let granted = budget.take(batch.rowCount)
            guard granted > 0 || batch.rowCount == 0 else { return false }
            var table = QueryTable(
              batch: granted < batch.rowCount ? batch.gather(Array(0..<granted)) : batch,
              display: nil)
            QueryRun.recheckRange(&table.batch, range)
            for stage in head { runner.stream(stage.command, &table) }
            let rows = sink.add(table, cap: cap, collected: collected)
            return granted == batch.rowCount && rows < cap
          }
        }
      }
      try await group.waitForAll()
    }
    var table = PartitionSink.merge(
      sinks, stats: stats, head: Array(head), runner: runner, fields: plan.scanFields)
    if stats != nil {
      for stage in rest.dropFirst() { runner.apply(stage.command, &table) }
    } else {
      for stage in rest { runner.apply(stage.command, &table) }
    }
    return table
  }

  /// Drops rows outside `range`, for sources that ignore it.
  static func recheckRange(_ batch: inout QueryBatch, _ range: TimeRange) {
    guard let column = batch.column("@timestamp"), case .int(let stamps) = column.values else {
      return
    }
    var keep: [Int] = []
    var all = true
    for i in 0..<batch.rowCount {
      if column.isPresent(i) && range.contains(stamps[i]) { keep.append(i) } else { all = false }
    }
    if !all { batch = batch.gather(keep) }
  }

  /// Joins the current result with the earlier period's on the group keys of the last
  /// `stats`, adding `<aggregate>_prev` and `<aggregate>_diff` (current minus previous).
  private func join(
    _ current: QueryTable, _ previous: QueryTable, stages: ArraySlice<Stage>, shift: Int64
  ) -> QueryTable {
    guard
      let stats = stages.reversed().compactMap({ stage -> StatsCommand? in
        if case .stats(let command) = stage.command { return command }
        return nil
      }).first
    else { return current }
    let keyNames = stats.groups.map(\.name)
    let binKeys = Set(
      stats.groups.filter {
        if case .call(let name, _) = $0.expression.kind {
          return ["bin", "datefloor", "dateceil"].contains(name.lowercased())
        }
        return false
      }.map(\.name))
    func key(_ batch: QueryBatch, _ row: Int, shifted: Bool) -> [QueryValue] {
      keyNames.map { name in
        let value = batch.value(name, at: row)
        if shifted, binKeys.contains(name), case .int(let t) = value { return .int(t &+ shift) }
        return value
      }
    }
    var previousRows: [[QueryValue]: Int] = [:]
    for row in 0..<previous.batch.rowCount
    where previousRows[key(previous.batch, row, shifted: true)] == nil {
      previousRows[key(previous.batch, row, shifted: true)] = row
    }
    var table = current
    var display = current.display ?? current.batch.names
    for aggregate in stats.aggregates.map(\.name) where current.batch.column(aggregate) != nil {
      var prevValues: [QueryValue] = []
      var diffValues: [QueryValue] = []
      for row in 0..<current.batch.rowCount {
        let match = previousRows[key(current.batch, row, shifted: false)]
        let prev = match.map { previous.batch.value(aggregate, at: $0) } ?? .null
        let now = current.batch.value(aggregate, at: row)
        prevValues.append(prev)
        switch (now, prev) {
        case (.int(let a), .int(let b)): diffValues.append(.int(a &- b))
        default:
          if let a = now.doubleValue, let b = prev.doubleValue {
            diffValues.append(.double(a - b))
          } else {
            diffValues.append(.null)
          }
        }
      }
      table.batch.set(aggregate + "_prev", QueryColumn(values: prevValues))
      table.batch.set(aggregate + "_diff", QueryColumn(values: diffValues))
      if let index = display.firstIndex(of: aggregate) {
        display.insert(contentsOf: [aggregate + "_prev", aggregate + "_diff"], at: index + 1)
      }
    }
    table.display = display
    return table
  }

  /// The displayed columns and rows, capped at the default limit when the query has none.
  func result(_ table: QueryTable, elapsed: Duration) -> QueryResult {
    let names = table.display ?? table.batch.names
    let columns = names.map { table.batch.column($0) ?? .nulls(table.batch.rowCount) }
    let hasLimit = plan.query.stages.contains {
      if case .limit = $0.command { true } else { false }
    }
    let count = hasLimit ? table.batch.rowCount : min(table.batch.rowCount, defaultLimit)
    let rows = (0..<count).map { row in columns.map { $0.value(at: row) } }
    let reason = budget.exhaustedReason
    return QueryResult(
      columns: names, rows: rows, partial: reason != nil, partialReason: reason,
      statistics: QueryStatistics(
        rowsScanned: budget.rowsScanned,
        elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds)
          / 1e18,
        usedRollups: usedRollups.load(ordering: .relaxed)))
  }
}
