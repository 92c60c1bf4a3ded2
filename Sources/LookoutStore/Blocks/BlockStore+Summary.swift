import GRDB

/// Size of what a ``BlockStore`` holds, for `/metrics` and benchmarks.
public struct BlockStoreSummary: Sendable, Hashable {
  /// Number of blocks.
  public var blockCount: Int
  /// Number of rows in them.
  public var rowCount: Int
  /// Bytes of the column blobs (SQLite's page overhead not included).
  public var storedBytes: Int

  /// Creates a summary.
  public init(blockCount: Int, rowCount: Int, storedBytes: Int) {
    self.blockCount = blockCount
    self.rowCount = rowCount
    self.storedBytes = storedBytes
  }

  /// Column bytes per row, 0 for an empty store.
  public var bytesPerRow: Double {
    rowCount == 0 ? 0 : Double(storedBytes) / Double(rowCount)
  }
}

extension BlockStore {
  /// Counts the blocks, rows and column bytes of `project`, or of every project when nil.
  public func summary(project: Int64? = nil, in db: Database) throws -> BlockStoreSummary {
    let filter = project == nil ? "" : "WHERE project = ?"
    let arguments: StatementArguments = project.map { [$0] } ?? []
    let blocks = try Row.fetchOne(
      db,
      sql: "SELECT COUNT(*), COALESCE(SUM(row_count), 0) FROM \(blocksTable) \(filter)",
      arguments: arguments)
    let bytes = try Int.fetchOne(
      db,
      sql: """
        SELECT COALESCE(SUM(length(data)), 0) FROM \(columnsTable)
        WHERE block_id IN (SELECT id FROM \(blocksTable) \(filter))
        """, arguments: arguments)
    return BlockStoreSummary(
      blockCount: blocks?[0] ?? 0, rowCount: blocks?[1] ?? 0, storedBytes: bytes ?? 0)
  }
}
