import Foundation
import GRDB
import LookoutCore

/// The embedded store of slow queries, in `queries.sqlite`: every call as column blocks,
/// minute rollups per class, and one row per class (fingerprint, tables, slowest sample).
///
/// ```swift
/// let store = try SlowQueryStore(path: "lookout-data/queries.sqlite")
/// try await store.database.write { db in try store.write([batch], in: db) }
/// ```
public final class SlowQueryStore: Sendable {
  /// The WAL pool of `queries.sqlite`.
  public let database: DatabasePool
  /// The raw calls, as column blocks.
  public let blocks: BlockStore
  /// Ids of the low-cardinality strings (class id, environment, database, user, host).
  public let dictionary: StringDictionary

  /// Longest statement kept per call and as a class sample, in bytes (UTF-8); longer ones
  /// are cut at a character boundary.
  public static let statementLimit = 64 * 1024

  /// Opens (or creates) the store at `path` and brings its schema up to date.
  public init(path: String, durability: DatabaseOpener.Durability = .full) throws {
    let blocks = BlockStore(schema: SlowQueryColumn.schema)
    let dictionary = StringDictionary(table: SlowQueryColumn.schema.table)
    var migrator = DatabaseMigrator()
    blocks.registerMigrations(in: &migrator)
    dictionary.registerMigrations(in: &migrator)
    SlowQueryRollupTable.registerMigrations(in: &migrator)
    SourceOffsetTable.registerMigrations(in: &migrator)
    migrator.registerMigration("query_class v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE query_class(
            project INTEGER NOT NULL, class_id TEXT NOT NULL, engine TEXT NOT NULL,
            fingerprint TEXT NOT NULL, tables TEXT NOT NULL, calls INTEGER NOT NULL,
            first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
            sample TEXT NOT NULL, sample_us INTEGER NOT NULL, sample_ts INTEGER NOT NULL,
            sample_db TEXT NOT NULL,
            PRIMARY KEY(project, class_id)
          ) WITHOUT ROWID
          """)
    }
    self.database = try DatabaseOpener.openPool(
      at: path, durability: durability, migrator: migrator,
      prepare: { db in db.add(function: RequestRollupTable.mergeSketch) })
    self.blocks = blocks
    self.dictionary = dictionary
    try database.read { db in try dictionary.load(from: db) }
  }

  /// Writes `batches` (raw blocks, rollups, classes, source offsets) inside the caller's
  /// transaction; the ``BatchWriter`` of slow queries calls this.
  public func write(_ batches: [SlowQueryBatch], in db: Database) throws {
    var rollups: [SlowQueryRollupTable.Key: SlowQueryRollupTable.Measures] = [:]
    var classes: [ClassKey: ClassUpdate] = [:]
    for project in Set(batches.map(\.context.project)).sorted() {
      var columns = ColumnBuilder()
      for batch in batches where batch.context.project == project {
        let environment = try id(batch.context.environment, .environment, db)
        for record in batch.records {
          let ids = (
            classID: try id(record.classID, .classID, db),
            database: try id(record.database, .database, db),
            user: try id(record.user, .user, db), host: try id(record.host, .host, db)
          )
          columns.append(record, environment: environment, ids: ids)
          let key = SlowQueryRollupTable.Key(
            project: project, minute: Micros.floor(record.timestamp, to: Micros.perMinute),
            environment: environment, classID: ids.classID, database: ids.database,
            user: ids.user, host: ids.host)
          rollups[key, default: .init()].add(record)
          let classKey = ClassKey(project: project, classID: record.classID)
          if let info = batch.classes[record.classID] {
            classes[classKey, default: ClassUpdate(info: info, sample: record)].add(record)
          }
        }
      }
      if columns.rowCount > 0 { _ = try blocks.append(columns.batch(), project: project, in: db) }
    }
    try SlowQueryRollupTable.upsert(rollups, in: db)
    try upsertClasses(classes, in: db)
    for batch in batches {
      if let offset = batch.offset { try SourceOffsetTable.save(offset, in: db) }
    }
  }

  private func id(_ value: String, _ column: SlowQueryColumn, _ db: Database) throws -> UInt32 {
    try dictionary.id(for: value, column: column.name, in: db)
  }

  /// Drops raw blocks older than `rawBefore` and rollups older than `rollupsBefore`.
  public func enforceRetention(rawBefore: Int64, rollupsBefore: Int64) async throws {
    try await database.write { db in
      _ = try self.blocks.deleteBlocks(project: nil, olderThan: rawBefore, in: db)
      try db.execute(sql: "DELETE FROM query_rollup WHERE minute < ?", arguments: [rollupsBefore])
    }
  }

  /// Merges small blocks into large ones (see ``BlockStore/compact(project:targetRows:endingBefore:in:)``).
  @discardableResult
  public func compact(project: Int64, now: Int64 = Int64(Date().timeIntervalSince1970 * 1e6))
    async throws -> Int
  {
    try await database.write { db in
      try self.blocks.compact(project: project, endingBefore: now - 2 * Micros.perMinute, in: db)
    }
  }

  /// The stored position of a tailed source.
  public func offset(source: String) throws -> SourceOffset? {
    try database.read { db in try SourceOffsetTable.load(source: source, in: db) }
  }

  /// Environments seen in the data.
  public func environments() -> [String] {
    dictionary.values(column: SlowQueryColumn.environment.name).filter { !$0.isEmpty }.sorted()
  }

  /// `statement` cut to at most ``statementLimit`` bytes at a character boundary.
  static func capped(_ statement: String) -> String {
    guard statement.utf8.count > statementLimit else { return statement }
    let bytes = Array(statement.utf8.prefix(statementLimit + 1))
    var end = statementLimit
    // Step back over continuation bytes so the cut never splits a character.
    while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
    return String(decoding: bytes[..<end], as: UTF8.self)
  }
}
