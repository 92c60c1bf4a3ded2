import Foundation
import GRDB
import LookoutCore

/// The embedded store of logs, in `logs.sqlite`: every entry as column blocks
/// (``LogColumn``), minute counts per (environment, service, source, severity), the
/// attribute keys seen (for completion) and the positions of tailed files.
///
/// ```swift
/// let store = try LogStore(path: "lookout-data/logs.sqlite")
/// try await store.database.write { db in try store.write([batch], in: db) }
/// let newest = try await store.records(project: 1, range: range, limit: 100)
/// ```
public final class LogStore: Sendable {
  /// The WAL pool of `logs.sqlite`.
  public let database: DatabasePool
  /// The raw entries, as column blocks.
  public let blocks: BlockStore
  /// Ids of the low-cardinality strings (severity, service, environment, source).
  public let dictionary: StringDictionary

  /// Opens (or creates) the store at `path` and brings its schema up to date.
  public init(path: String, durability: DatabaseOpener.Durability = .full) throws {
    let blocks = BlockStore(schema: LogColumn.schema)
    let dictionary = StringDictionary(table: LogColumn.schema.table)
    var migrator = DatabaseMigrator()
    blocks.registerMigrations(in: &migrator)
    dictionary.registerMigrations(in: &migrator)
    LogRollupTable.registerMigrations(in: &migrator)
    LogFieldTable.registerMigrations(in: &migrator)
    LogPatternTable.registerMigrations(in: &migrator)
    SourceOffsetTable.registerMigrations(in: &migrator)
    self.database = try DatabaseOpener.openPool(
      at: path, durability: durability, migrator: migrator)
    self.blocks = blocks
    self.dictionary = dictionary
    try database.read { db in try dictionary.load(from: db) }
  }

  /// Writes `batches` (raw blocks, rollups, field names, source offsets) inside the
  /// caller's transaction; the ``BatchWriter`` of logs calls this.
  public func write(_ batches: [LogBatch], in db: Database) throws {
    var counts: [LogRollupTable.Key: Int64] = [:]
    let patternIDs = try LogPatternTable.upsert(Self.sightings(batches), in: db)
    for project in Set(batches.map(\.project)).sorted() {
      var columns = LogColumnBuilder()
      var fields: [String: Int64] = [:]
      for batch in batches where batch.project == project {
        for (position, record) in batch.records.enumerated() {
          let environment = record.environment.isEmpty ? batch.environment : record.environment
          let ids = LogColumnBuilder.IDs(
            severity: try id(record.severity.rawValue, .severity, db),
            service: try id(record.service, .service, db),
            environment: try id(environment, .environment, db),
            source: try id(record.source, .source, db))
          let template = position < batch.patterns.count ? batch.patterns[position] : ""
          let pattern =
            template.isEmpty
            ? 0
            : patternIDs[
              LogPatternTable.Key(project: project, source: record.source, template: template)]
              ?? 0
          columns.append(record, ids: ids, patternID: pattern)
          let minute = Micros.floor(record.timestamp, to: Micros.perMinute)
          counts[
            LogRollupTable.Key(
              project: project, minute: minute, environment: ids.environment,
              service: ids.service, source: ids.source, severity: ids.severity),
            default: 0] += 1
          for attribute in record.attributes where fields[attribute.key, default: .min] < minute {
            fields[attribute.key] = minute
          }
        }
      }
      if columns.rowCount > 0 { _ = try blocks.append(columns.batch(), project: project, in: db) }
      try LogFieldTable.upsert(project: project, keys: fields, in: db)
    }
    try LogRollupTable.upsert(counts, in: db)
    for batch in batches {
      if let offset = batch.offset { try SourceOffsetTable.save(offset, in: db) }
    }
  }

  /// What `batches` saw of each mined pattern.
  private static func sightings(_ batches: [LogBatch]) -> [LogPatternTable.Key: LogPatternTable
    .Sighting]
  {
    var sightings: [LogPatternTable.Key: LogPatternTable.Sighting] = [:]
    for batch in batches {
      for (record, template) in zip(batch.records, batch.patterns) where !template.isEmpty {
        let key = LogPatternTable.Key(
          project: batch.project, source: record.source, template: template)
        if var known = sightings[key] {
          known.firstSeen = min(known.firstSeen, record.timestamp)
          known.lastSeen = max(known.lastSeen, record.timestamp)
          known.count += 1
          sightings[key] = known
        } else {
          sightings[key] = LogPatternTable.Sighting(
            sample: String(record.body.prefix(2_000)), firstSeen: record.timestamp,
            lastSeen: record.timestamp, count: 1)
        }
      }
    }
    return sightings
  }

  private func id(_ value: String, _ column: LogColumn, _ db: Database) throws -> UInt32 {
    try dictionary.id(for: value, column: column.name, in: db)
  }

  /// The stored position of a tailed source.
  public func offset(source: String) throws -> SourceOffset? {
    try database.read { db in try SourceOffsetTable.load(source: source, in: db) }
  }

  /// Drops raw blocks and field names older than `rawBefore` and rollups older than
  /// `rollupsBefore`.
  public func enforceRetention(rawBefore: Int64, rollupsBefore: Int64) async throws {
    try await database.write { db in
      _ = try self.blocks.deleteBlocks(project: nil, olderThan: rawBefore, in: db)
      try db.execute(sql: "DELETE FROM log_field WHERE last_seen < ?", arguments: [rawBefore])
      try db.execute(sql: "DELETE FROM log_rollup WHERE minute < ?", arguments: [rollupsBefore])
    }
  }

  /// Merges small blocks into large ones, leaving alone blocks that reach into the last
  /// two minutes (see ``BlockStore/compact(project:targetRows:endingBefore:in:)``).
  @discardableResult
  public func compact(project: Int64, now: Int64 = Int64(Date().timeIntervalSince1970 * 1e6))
    async throws -> Int
  {
    try await database.write { db in
      try self.blocks.compact(project: project, endingBefore: now - 2 * Micros.perMinute, in: db)
    }
  }
}
