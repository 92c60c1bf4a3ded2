import GRDB
import LookoutCore

extension BlockStore {
  /// Merges runs of small, time-adjacent blocks of `project` into blocks of at most
  /// `targetRows` rows; returns by how many blocks the project shrank.
  ///
  /// Blocks are taken in `minTimestamp` order; a block is small below `targetRows / 2`
  /// rows, and a run ends at a block that is not small or that would push the run past
  /// `targetRows`. Each run of two or more becomes one new block (rows re-sorted by `ts`)
  /// and its old blocks are deleted, all under one savepoint: a crash or error leaves
  /// either the old blocks or the new ones, never both. Run it inside a write transaction.
  ///
  /// - Parameters:
  ///   - targetRows: Rows per merged block; DESIGN.md's 64k by default.
  ///   - endingBefore: Only blocks whose `maxTimestamp` is below this are merged, so that
  ///     the minutes still being ingested are not rewritten again and again.
  /// - Returns: Blocks deleted minus blocks written.
  @discardableResult
  public func compact(
    project: Int64, targetRows: Int = 65_536, endingBefore: Int64 = .max, in db: Database
  ) throws -> Int {
    precondition(targetRows > 0, "targetRows must be positive")
    var runs: [[BlockInfo]] = []
    var run: [BlockInfo] = []
    var runRows = 0
    for info in try blocks(project: project, range: .all, in: db) {
      let small = info.rowCount < targetRows / 2 && info.maxTimestamp < endingBefore
      if small && runRows + info.rowCount <= targetRows {
        run.append(info)
        runRows += info.rowCount
        continue
      }
      if run.count > 1 { runs.append(run) }
      run = small ? [info] : []
      runRows = small ? info.rowCount : 0
    }
    if run.count > 1 { runs.append(run) }
    guard !runs.isEmpty else { return 0 }

    var removed = 0
    try db.inSavepoint {
      for run in runs {
        try merge(run, project: project, in: db)
        removed += run.count - 1
      }
      return .commit
    }
    return removed
  }

  /// Writes the rows of `run` as one block and deletes the blocks of `run`.
  private func merge(_ run: [BlockInfo], project: Int64, in db: Database) throws {
    let all = Array(schema.columns.indices)
    let parts = try run.map { try read($0, columns: all, in: db) }
    let columns = schema.columns.enumerated().map { index, spec in
      ColumnVector.concatenate(parts.map { $0[index]! }, kind: spec.kind)
    }
    let rowCount = run.reduce(0) { $0 + $1.rowCount }
    try append(ColumnBatch(columns: columns, rowCount: rowCount), project: project, in: db)
    try delete(blockIDs: run.map(\.id), in: db)
  }
}
