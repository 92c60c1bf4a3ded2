import Dispatch
import Foundation
import GRDB
import LookoutCore

/// The embedded store of requests: column blocks of raw rows plus minute rollups, in
/// `requests.sqlite`.
///
/// ```swift
/// let store = try RequestStore(path: "lookout-data/requests.sqlite")
/// try await store.database.write { db in try store.write([batch], in: db) }
/// ```
public final class RequestStore: Sendable {
  /// The WAL pool of `requests.sqlite`; readers run concurrently with the writer.
  public let database: DatabasePool
  /// The raw rows, as column blocks.
  public let blocks: BlockStore
  /// Ids of the low-cardinality strings (environment, domain, method, route, host).
  public let dictionary: StringDictionary

  /// Opens (or creates) the store at `path` and brings its schema up to date.
  public init(path: String, durability: DatabaseOpener.Durability = .full) throws {
    let blocks = BlockStore(schema: RequestColumn.schema)
    let dictionary = StringDictionary(table: RequestColumn.schema.table)
    var migrator = DatabaseMigrator()
    blocks.registerMigrations(in: &migrator)
    dictionary.registerMigrations(in: &migrator)
    RequestRollupTable.registerMigrations(in: &migrator)
    SourceOffsetTable.registerMigrations(in: &migrator)
    self.database = try DatabaseOpener.openPool(
      at: path, durability: durability, migrator: migrator,
      prepare: { db in db.add(function: RequestRollupTable.mergeSketch) })
    self.blocks = blocks
    self.dictionary = dictionary
    try database.read { db in try dictionary.load(from: db) }
  }

  /// Writes `batches` (raw blocks, rollups, source offsets) inside the caller's
  /// transaction; the ``BatchWriter`` of requests calls this.
  ///
  /// Dictionary ids and rollups are taken row by row; the column blocks, the costly part
  /// (bit-packing, deflate), are encoded on all cores at once, one part of the rows each.
  public func write(_ batches: [RequestBatch], in db: Database) throws {
    var rollups: [RequestRollupTable.Key: RequestRollupTable.Measures] = [:]
    var parts: [(project: Int64, columns: ColumnBatch)] = []
    var idCache = RequestBlockEncoder.IdCache()
    for project in Set(batches.map(\.context.project)).sorted() {
      let projectBatches = batches.filter { $0.context.project == project }
      let rowCount = projectBatches.reduce(0) { $0 + $1.records.count }
      let partCount = min(Self.encodingWorkers, max(1, rowCount / 8192))
      let partSize = (rowCount + partCount - 1) / partCount
      var encoder = RequestBlockEncoder(dictionary: dictionary, db: db, cache: idCache)
      for batch in projectBatches {
        let environment = batch.context.environment
        for record in batch.records {
          if encoder.rowCount == partSize {
            parts.append((project, encoder.batch()))
            idCache = encoder.cache
            encoder = RequestBlockEncoder(dictionary: dictionary, db: db, cache: idCache)
          }
          let ids = try encoder.append(record, environment: environment)
          let key = RequestRollupTable.Key(
            project: project, minute: Micros.floor(record.timestamp, to: Micros.perMinute),
            environment: ids.environment, domain: ids.domain, method: ids.method,
            route: ids.route, statusClass: record.statusClass)
          rollups[key, default: .init()].add(latency: record.latency)
        }
      }
      if encoder.rowCount > 0 { parts.append((project, encoder.batch())) }
      idCache = encoder.cache
    }
    for (part, encoded) in zip(parts, try encodeInParallel(parts.map(\.columns))) {
      _ = try blocks.append(encoded, project: part.project, in: db)
    }
    try RequestRollupTable.upsert(rollups, in: db)
    for batch in batches {
      if let offset = batch.offset { try SourceOffsetTable.save(offset, in: db) }
    }
  }

  private static let encodingWorkers = max(1, ProcessInfo.processInfo.activeProcessorCount)

  private func encodeInParallel(_ columns: [ColumnBatch]) throws -> [EncodedBlock] {
    let store = self.blocks
    guard columns.count > 1 else { return try columns.map { try store.encode($0) } }
    let results = UnsafeMutableBufferPointer<Result<EncodedBlock, any Error>?>.allocate(
      capacity: columns.count)
    results.initialize(repeating: nil)
    defer { results.deallocate() }
    // Each iteration writes only its own slot.
    nonisolated(unsafe) let slots = results
    DispatchQueue.concurrentPerform(iterations: columns.count) { index in
      slots[index] = Result { try store.encode(columns[index]) }
    }
    return try results.map { try $0!.get() }
  }

  /// The stored position of a tailed source.
  public func offset(source: String) throws -> SourceOffset? {
    try database.read { db in try SourceOffsetTable.load(source: source, in: db) }
  }

  /// Merges small blocks into large ones, leaving alone blocks that reach into the last
  /// two minutes, which are still being filled (see
  /// ``BlockStore/compact(project:targetRows:endingBefore:in:)``).
  @discardableResult
  public func compact(project: Int64, now: Int64 = Int64(Date().timeIntervalSince1970 * 1e6))
    async throws -> Int
  {
    try await database.write { db in
      try self.blocks.compact(project: project, endingBefore: now - 2 * Micros.perMinute, in: db)
    }
  }

  /// Drops raw blocks older than `rawBefore` and rollups older than `rollupsBefore`.
  public func enforceRetention(rawBefore: Int64, rollupsBefore: Int64) async throws {
    try await database.write { db in
      _ = try self.blocks.deleteBlocks(project: nil, olderThan: rawBefore, in: db)
      try db.execute(sql: "DELETE FROM request_rollup WHERE minute < ?", arguments: [rollupsBefore])
    }
  }

  /// Environments seen in the data, for the UI's environment picker.
  public func environments() -> [String] {
    dictionary.values(column: RequestColumn.environment.name).filter { !$0.isEmpty }.sorted()
  }
}
