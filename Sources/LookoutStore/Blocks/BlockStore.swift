import Foundation
import GRDB
import LookoutCore

/// Column blocks of one signal inside SQLite: each append writes one block of rows sorted
/// by timestamp, one compressed blob per column, so that scans read only the columns and
/// blocks they need.
///
/// Tables (created by ``registerMigrations(in:)``):
/// - `{table}_blocks(id, project, min_ts, max_ts, row_count, stats, version)`, indexed by
///   `(project, min_ts)`; `id` is `AUTOINCREMENT` so that an id is never reused after
///   compaction or retention, and a listed block either still holds the same rows or is gone.
/// - `{table}_columns(block_id, col, data)`, one row per column per block, so that
///   reading column 5 never walks the overflow pages of columns 0-4.
///
/// Every method taking a `Database` runs inside the caller's transaction (under a
/// savepoint of its own, so that a failed call leaves nothing behind).
///
/// ```swift
/// let store = BlockStore(schema: BlockSchema(table: "requests", columns: [
///   ColumnSpec("ts", .int64), ColumnSpec("route", .dictionary), ColumnSpec("status", .int64),
/// ]))
/// var migrator = DatabaseMigrator()
/// store.registerMigrations(in: &migrator)
/// try migrator.migrate(pool)
/// try await pool.write { db in
///   _ = try store.append(batch, project: 1, in: db)
/// }
/// let counts = try await store.scan(pool, project: 1, range: lastHour, columns: [0]) {
///   info, vectors in vectors[0]!.int64Values!.filter(lastHour.contains).count
/// }
/// ```
public struct BlockStore: Sendable {
  /// The columns of every block.
  public let schema: BlockSchema
  let blocksTable: String
  let columnsTable: String

  /// Block format written by this code; blocks of a higher version are refused on read.
  ///
  /// Version 2 blocks may hold column blobs of ``ColumnCodec`` version 2 (tokenized
  /// strings), which code reading only version 1 could not decode; version 1 blocks read
  /// unchanged.
  static let formatVersion = 2

  /// Creates a store for `schema`.
  ///
  /// The schema must be valid (an identifier as table name, `columns[0] == ("ts", .int64)`,
  /// unique column names); anything else is a programming error and traps.
  public init(schema: BlockSchema) {
    if let problem = schema.problem { preconditionFailure("invalid block schema: \(problem)") }
    self.schema = schema
    blocksTable = "\(schema.table)_blocks"
    columnsTable = "\(schema.table)_columns"
  }

  /// Registers the migrations creating this store's tables, named `{table}_blocks_v1`...
  public func registerMigrations(in migrator: inout DatabaseMigrator) {
    let blocks = blocksTable
    let columns = columnsTable
    migrator.registerMigration("\(schema.table)_blocks_v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE \(blocks) (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            project INTEGER NOT NULL,
            min_ts INTEGER NOT NULL,
            max_ts INTEGER NOT NULL,
            row_count INTEGER NOT NULL,
            stats BLOB NOT NULL,
            version INTEGER NOT NULL
          );
          CREATE INDEX \(blocks)_project_min_ts ON \(blocks)(project, min_ts);
          CREATE TABLE \(columns) (
            block_id INTEGER NOT NULL,
            col INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (block_id, col)
          ) WITHOUT ROWID;
          """)
    }
  }

  /// Appends `batch` as one block of `project`, rows sorted by timestamp (stable).
  ///
  /// Call it inside the write transaction that also commits what goes with the rows
  /// (rollups, tail offsets). Encoding happens here; to keep it out of the writer, use
  /// ``encode(_:)`` before the transaction and ``append(_:project:in:)-(EncodedBlock,_,_)``.
  ///
  /// - Throws: ``BlockStoreError/invalidBatch(_:)`` when the batch does not fit the schema
  ///   (or is empty), or a database error.
  @discardableResult
  public func append(
    _ batch: ColumnBatch, project: Int64, deflateLevel: Int32 = BlockStore.deflateLevel,
    in db: Database
  ) throws -> BlockInfo {
    try append(encode(batch, deflateLevel: deflateLevel), project: project, in: db)
  }

  /// zlib level of blocks meant to last (merged blocks, large batches).
  public static let deflateLevel: Int32 = ColumnCodec.defaultDeflateLevel
  /// zlib level for blocks that compaction will merge and compress again (a busy
  /// writer's small blocks): a third of level 6's time for some 10% more bytes until
  /// then. A small block that compaction finds no neighbour to merge with keeps it.
  public static let transientDeflateLevel: Int32 = 1

  /// Sorts, measures and compresses `batch` without touching the database.
  ///
  /// - Throws: ``BlockStoreError/invalidBatch(_:)`` when the batch does not fit the schema.
  public func encode(_ batch: ColumnBatch, deflateLevel: Int32 = BlockStore.deflateLevel) throws
    -> EncodedBlock
  {
    try batch.validate(against: schema)
    let sorted = batch.sortedByTimestamp()
    let timestamps = sorted.columns[0].int64Values!
    return EncodedBlock(
      table: schema.table, rowCount: sorted.rowCount, minTimestamp: timestamps.first!,
      maxTimestamp: timestamps.last!, stats: sorted.columns.map(ColumnStats.of),
      blobs: sorted.columns.enumerated().map { index, column in
        let spec = schema.columns[index]
        let context = spec.context.flatMap { sorted.columns[$0].dictionaryIDs }
        return Data(
          ColumnCodec.encode(
            column, deflateLevel: deflateLevel, tokenize: spec.tokenize, context: context))
      })
  }

  /// Stores a block prepared by ``encode(_:)`` for `project`.
  ///
  /// - Throws: ``BlockStoreError/invalidBatch(_:)`` when the block was encoded for another
  ///   schema, or a database error.
  @discardableResult
  public func append(_ block: EncodedBlock, project: Int64, in db: Database) throws -> BlockInfo {
    guard block.table == schema.table, block.blobs.count == schema.columns.count else {
      throw BlockStoreError.invalidBatch("block encoded for table '\(block.table)'")
    }
    var id: Int64 = 0
    try db.inSavepoint {
      try db.cachedStatement(
        sql: """
          INSERT INTO \(blocksTable) (project, min_ts, max_ts, row_count, stats, version)
          VALUES (?, ?, ?, ?, ?, ?)
          """
      ).execute(arguments: [
        project, block.minTimestamp, block.maxTimestamp, block.rowCount,
        Data(ColumnStats.encode(block.stats)), Self.formatVersion,
      ])
      id = db.lastInsertedRowID
      let insert = try db.cachedStatement(
        sql: "INSERT INTO \(columnsTable) (block_id, col, data) VALUES (?, ?, ?)")
      for (column, blob) in block.blobs.enumerated() {
        try insert.execute(arguments: [id, column, blob])
      }
      return .commit
    }
    return BlockInfo(
      id: id, project: project, minTimestamp: block.minTimestamp,
      maxTimestamp: block.maxTimestamp, rowCount: block.rowCount, stats: block.stats)
  }

  /// The blocks of `project` that overlap `range`, ordered by `minTimestamp` (then id).
  ///
  /// Blocks are selected by their `[minTimestamp, maxTimestamp]` only: rows outside
  /// `range` are still in them, and the caller filters by `ts`.
  public func blocks(project: Int64, range: TimeRange, in db: Database) throws -> [BlockInfo] {
    guard range.from < range.to else { return [] }
    let rows = try Row.fetchCursor(
      db.cachedStatement(
        sql: """
          SELECT id, project, min_ts, max_ts, row_count, stats, version FROM \(blocksTable)
          WHERE project = ? AND min_ts < ? AND max_ts >= ? ORDER BY min_ts, id
          """),
      arguments: [project, range.to, range.from])
    var infos: [BlockInfo] = []
    while let row = try rows.next() {
      infos.append(try blockInfo(row))
    }
    return infos
  }

  /// Decodes the columns at schema positions `columns` of `block`; with `rows`, only those
  /// rows (indices into the block, in that order), which spares building every string of a
  /// text column to show a few requests.
  ///
  /// A column appended to the schema after the block was written reads as absent values.
  ///
  /// - Throws: ``BlockStoreError/unknownColumn(_:)`` for a position outside the schema,
  ///   ``BlockStoreError/blockNotFound(_:)`` when the block was compacted or dropped since
  ///   it was listed, ``BlockStoreError/corruptBlock(_:)`` when a blob cannot be decoded.
  public func read(_ block: BlockInfo, columns: [Int], rows: [Int]? = nil, in db: Database)
    throws -> [Int: ColumnVector]
  {
    guard let vectors = try readIfPresent(block, columns: columns, rows: rows, in: db) else {
      throw BlockStoreError.blockNotFound(block.id)
    }
    return vectors
  }

  /// Deletes whole blocks whose newest row is older than `olderThan` (retention), of one
  /// project or, when `project` is nil, of all. Returns the number of blocks deleted.
  @discardableResult
  public func deleteBlocks(project: Int64?, olderThan: Int64, in db: Database) throws -> Int {
    let filter = project == nil ? "max_ts < ?" : "max_ts < ? AND project = ?"
    let arguments: StatementArguments = project.map { [olderThan, $0] } ?? [olderThan]
    var deleted = 0
    try db.inSavepoint {
      try db.execute(
        sql: """
          DELETE FROM \(columnsTable)
          WHERE block_id IN (SELECT id FROM \(blocksTable) WHERE \(filter))
          """, arguments: arguments)
      try db.execute(sql: "DELETE FROM \(blocksTable) WHERE \(filter)", arguments: arguments)
      deleted = db.changesCount
      return .commit
    }
    return deleted
  }

  // MARK: Internals shared by scans and compaction

  /// Like ``read(_:columns:in:)``, but nil when the block no longer exists.
  func readIfPresent(_ block: BlockInfo, columns: [Int], rows: [Int]? = nil, in db: Database)
    throws -> [Int: ColumnVector]?
  {
    for column in columns where !schema.columns.indices.contains(column) {
      throw BlockStoreError.unknownColumn(column)
    }
    let select = try db.cachedStatement(
      sql: "SELECT data FROM \(columnsTable) WHERE block_id = ? AND col = ?")
    var vectors: [Int: ColumnVector] = [:]
    var missing: [Int] = []
    // Every row of a context column, decoded once for the columns that depend on it.
    var contexts: [Int: [UInt32]] = [:]
    func decode(_ column: Int, rows: [Int]?) throws -> ColumnVector? {
      // The context first: reading it reuses `select`, which would reset this column's cursor.
      var context: [UInt32]?
      if let contextColumn = schema.columns[column].context {
        if contexts[contextColumn] == nil {
          contexts[contextColumn] = try decode(contextColumn, rows: nil)?.dictionaryIDs
        }
        context = contexts[contextColumn]
      }
      let cursor = try Row.fetchCursor(select, arguments: [block.id, column])
      guard let row = try cursor.next() else { return nil }
      let kind = schema.columns[column].kind
      return try row.withUnsafeData(atIndex: 0) { blob in
        guard let blob else { throw BlockStoreError.corruptBlock("null column data") }
        return try blob.withUnsafeBytes {
          try ColumnCodec.decode(
            $0, kind: kind, rowCount: block.rowCount, rows: rows, context: context)
        }
      }
    }
    for column in columns where vectors[column] == nil {
      do {
        guard let vector = try decode(column, rows: rows) else {
          missing.append(column)
          continue
        }
        vectors[column] = vector
      } catch BlockStoreError.corruptBlock(let detail) {
        throw BlockStoreError.corruptBlock(
          "\(blocksTable) \(block.id) column '\(schema.columns[column].name)': \(detail)")
      }
    }
    if !missing.isEmpty || columns.isEmpty {
      let exists = try Bool.fetchOne(
        db.cachedStatement(sql: "SELECT 1 FROM \(blocksTable) WHERE id = ?"),
        arguments: [block.id])
      guard exists == true else { return nil }
      for column in missing {
        vectors[column] = .absent(schema.columns[column].kind, count: rows?.count ?? block.rowCount)
      }
    }
    return vectors
  }

  /// Deletes the blocks with `ids` and their columns.
  func delete(blockIDs ids: [Int64], in db: Database) throws {
    let columns = try db.cachedStatement(sql: "DELETE FROM \(columnsTable) WHERE block_id = ?")
    let blocks = try db.cachedStatement(sql: "DELETE FROM \(blocksTable) WHERE id = ?")
    for id in ids {
      try columns.execute(arguments: [id])
      try blocks.execute(arguments: [id])
    }
  }

  private func blockInfo(_ row: Row) throws -> BlockInfo {
    let id: Int64 = row[0]
    let version: Int = row[6]
    guard version <= Self.formatVersion else {
      throw BlockStoreError.corruptBlock("\(blocksTable) \(id) has format version \(version)")
    }
    var stats = try row.withUnsafeData(atIndex: 5) { blob in
      guard let blob else {
        throw BlockStoreError.corruptBlock("\(blocksTable) \(id) has no stats")
      }
      return try blob.withUnsafeBytes(ColumnStats.decode)
    }
    // Columns appended to the schema after this block was written hold absent values.
    if stats.count < schema.columns.count {
      stats += schema.columns[stats.count...].map { ColumnStats.absent($0.kind) }
    }
    return BlockInfo(
      id: id, project: row[1], minTimestamp: row[2], maxTimestamp: row[3], rowCount: row[4],
      stats: stats)
  }
}
