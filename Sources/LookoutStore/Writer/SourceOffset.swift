import Foundation
import GRDB

/// How far a source (a tailed file) has been read, stored with the rows it produced.
///
/// Offsets live in the signal's own database, not in `meta.sqlite`, so the rows and the
/// position are committed in one transaction: after a crash a source resumes exactly
/// after the last committed line, with nothing lost and nothing counted twice.
public struct SourceOffset: Sendable, Hashable, Codable {
  /// A stable name of the source (the file path).
  public var source: String
  /// The position, opaque to the store (the tailer's checkpoint as JSON).
  public var state: Data

  /// Creates an offset.
  public init(source: String, state: Data) {
    self.source = source
    self.state = state
  }
}

/// Reads and writes ``SourceOffset`` rows in a signal database.
public enum SourceOffsetTable {
  /// Adds the `source_offset` table.
  public static func registerMigrations(in migrator: inout DatabaseMigrator) {
    migrator.registerMigration("source_offset v1") { db in
      try db.create(table: "source_offset") { t in
        t.primaryKey("source", .text)
        t.column("state", .blob).notNull()
        t.column("updated_at", .double).notNull()
      }
    }
  }

  /// Stores `offset`, replacing the previous one of its source.
  public static func save(_ offset: SourceOffset, in db: Database) throws {
    try db.cachedStatement(
      sql: "INSERT OR REPLACE INTO source_offset(source, state, updated_at) VALUES (?, ?, ?)"
    ).execute(arguments: [offset.source, offset.state, Date().timeIntervalSince1970])
  }

  /// The stored offset of `source`, if any.
  public static func load(source: String, in db: Database) throws -> SourceOffset? {
    let row = try Row.fetchOne(
      db, sql: "SELECT state FROM source_offset WHERE source = ?", arguments: [source])
    return row.map { SourceOffset(source: source, state: $0["state"]) }
  }
}
