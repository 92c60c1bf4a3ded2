import Foundation
import GRDB
import LookoutCore

/// The embedded store of traces, in `traces.sqlite`: every span as column blocks, one
/// summary row per trace (its time bounds, root and counts: what opens a trace by id and
/// lists traces), and minute rollups per operation and per service-map edge.
///
/// ```swift
/// let store = try SpanStore(path: "lookout-data/traces.sqlite")
/// try await store.database.write { db in try store.write([batch], in: db) }
/// let spans = try await store.trace(project: 1, traceID: "4bf92f3577b34da6a3ce929d0e0e4736")
/// ```
public final class SpanStore: Sendable {
  /// The WAL pool of `traces.sqlite`.
  public let database: DatabasePool
  /// The raw spans, as column blocks.
  public let blocks: BlockStore
  /// Ids of the low-cardinality strings (service, operation, environment, map nodes).
  public let dictionary: StringDictionary

  /// Opens (or creates) the store at `path` and brings its schema up to date.
  public init(path: String, durability: DatabaseOpener.Durability = .full) throws {
    let blocks = BlockStore(schema: SpanColumn.schema)
    let dictionary = StringDictionary(table: SpanColumn.schema.table)
    var migrator = DatabaseMigrator()
    // "spans v1" was a row per span (Sentry transactions only); blocks replace it.
    migrator.registerMigration("spans v1") { _ in }
    blocks.registerMigrations(in: &migrator)
    dictionary.registerMigrations(in: &migrator)
    SpanRollupTable.registerMigrations(in: &migrator)
    TraceSummaryTable.registerMigrations(in: &migrator)
    migrator.registerMigration("spans v2: blocks") { db in
      try db.execute(sql: "DROP TABLE IF EXISTS span")
    }
    self.database = try DatabaseOpener.openPool(
      at: path, durability: durability, migrator: migrator,
      prepare: { db in db.add(function: RequestRollupTable.mergeSketch) })
    self.blocks = blocks
    self.dictionary = dictionary
    try database.read { db in try dictionary.load(from: db) }
  }

  /// Writes `batches` (raw blocks, trace summaries, rollups) inside the caller's
  /// transaction; the ``BatchWriter`` of spans calls this. The rows were prepared when
  /// each batch was made: here their strings become dictionary ids and the batches of a
  /// project one block.
  public func write(_ batches: [SpanBatch], in db: Database) throws {
    var operations: [SpanRollupTable.OperationKey: SpanRollupTable.Measures] = [:]
    var edges: [SpanRollupTable.EdgeKey: SpanRollupTable.Measures] = [:]
    var traces: [TraceSummaryTable.Key: TraceSummaryTable.Update] = [:]
    for project in Set(batches.map(\.project)).sorted() {
      var columns = SpanColumnBuilder()
      for batch in batches where batch.project == project {
        let prepared = batch.prepared
        let services = try prepared.services.values.map { try id($0, .service, db) }
        let names = try prepared.names.values.map { try id($0, .name, db) }
        let environments = try prepared.environments.values.map { try id($0, .environment, db) }
        columns.append(
          contentsOf: prepared.columns, services: services, names: names,
          environments: environments)
        for (key, measures) in prepared.operations {
          let stored = SpanRollupTable.OperationKey(
            project: project, minute: key.minute, environment: environments[Int(key.environment)],
            service: services[Int(key.service)], name: names[Int(key.name)], kind: key.kind)
          operations[stored, default: .init()].merge(measures)
        }
        for (trace, update) in prepared.traces {
          traces[TraceSummaryTable.Key(project: project, trace: trace), default: .init()].merge(
            update)
        }
        for edge in batch.edges {
          let key = SpanRollupTable.EdgeKey(
            project: project, minute: Micros.floor(edge.time, to: Micros.perMinute),
            environment: try id(edge.environment, .environment, db),
            source: try dictionary.id(for: edge.from, column: Self.nodeColumn, in: db),
            target: try dictionary.id(for: edge.to, column: Self.nodeColumn, in: db))
          edges[key, default: .init()].add(
            duration: edge.duration, isFault: edge.isFault, isClientError: edge.isClientError)
        }
      }
      if columns.rowCount > 0 {
        // Compaction merges blocks under half its target into large ones, compressed
        // again: a small block is compressed fast, and well only once it is merged.
        let transient = columns.rowCount < Self.compactionTargetRows / 2
        _ = try blocks.append(
          columns.batch(), project: project,
          deflateLevel: transient ? BlockStore.transientDeflateLevel : BlockStore.deflateLevel,
          in: db)
      }
    }
    try SpanRollupTable.upsert(operations, in: db)
    try SpanRollupTable.upsert(edges, in: db)
    try TraceSummaryTable.upsert(traces, in: db)
  }

  /// The dictionary column of service-map node ids.
  static let nodeColumn = "node"

  private func id(_ value: String, _ column: SpanColumn, _ db: Database) throws -> UInt32 {
    try dictionary.id(for: value, column: column.name, in: db)
  }

  /// Drops raw blocks and trace summaries older than `rawBefore` and rollups older than
  /// `rollupsBefore`.
  public func enforceRetention(rawBefore: Int64, rollupsBefore: Int64) async throws {
    try await database.write { db in
      _ = try self.blocks.deleteBlocks(project: nil, olderThan: rawBefore, in: db)
      try db.execute(sql: "DELETE FROM trace_summary WHERE end_us < ?", arguments: [rawBefore])
      try db.execute(sql: "DELETE FROM span_rollup WHERE minute < ?", arguments: [rollupsBefore])
      try db.execute(
        sql: "DELETE FROM span_edge_rollup WHERE minute < ?", arguments: [rollupsBefore])
    }
  }

  /// Rows per block compaction aims at.
  static let compactionTargetRows = 65_536

  /// Merges small blocks into large ones (see ``BlockStore/compact(project:targetRows:endingBefore:in:)``).
  @discardableResult
  public func compact(project: Int64, now: Int64 = Int64(Date().timeIntervalSince1970 * 1e6))
    async throws -> Int
  {
    try await database.write { db in
      try self.blocks.compact(
        project: project, targetRows: Self.compactionTargetRows,
        endingBefore: now - 2 * Micros.perMinute, in: db)
    }
  }

  /// Environments seen in the data.
  public func environments() -> [String] {
    dictionary.values(column: SpanColumn.environment.name).filter { !$0.isEmpty }.sorted()
  }

  /// Services seen in the data.
  public func services() -> [String] {
    dictionary.values(column: SpanColumn.service.name).filter { !$0.isEmpty }.sorted()
  }
}
