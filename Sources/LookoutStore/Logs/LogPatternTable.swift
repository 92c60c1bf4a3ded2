import GRDB
import LookoutCore

/// One log pattern of a source, as mined continuously at ingest.
public struct StoredLogPattern: Sendable, Hashable, Codable {
  /// The id entries carry in their `pattern_id` column.
  public var id: Int64
  /// The source the pattern was mined from (file path, Loki job, `otlp`).
  public var source: String
  /// The template, variable parts written `<*>`.
  public var template: String
  /// The first entry seen with it.
  public var sample: String
  /// When it was first and last seen, µs since epoch.
  public var firstSeen: Int64
  public var lastSeen: Int64
  /// Entries seen with it, ever.
  public var count: Int64
}

/// The log patterns of each source in `log_pattern`: one row per (project, source,
/// template), with first and last sight and a count, so "new pattern since yesterday" is a
/// lookup. The id of a template is stable for as long as the template is; when the miner
/// generalises a template (a position becomes `<*>`), the wider template gets a row of its
/// own and the entries after it carry the new id.
public enum LogPatternTable {
  /// Adds the table.
  public static func registerMigrations(in migrator: inout DatabaseMigrator) {
    migrator.registerMigration("log_pattern v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE log_pattern(
            id INTEGER PRIMARY KEY, project INTEGER NOT NULL, source TEXT NOT NULL,
            template TEXT NOT NULL, sample TEXT NOT NULL, first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL, count INTEGER NOT NULL,
            UNIQUE(project, source, template)
          );
          CREATE INDEX log_pattern_first_seen ON log_pattern(project, first_seen);
          """)
    }
  }

  /// What one write saw of one pattern.
  struct Sighting {
    var sample: String
    var firstSeen: Int64
    var lastSeen: Int64
    var count: Int64
  }

  /// The key of a pattern row.
  struct Key: Hashable {
    var project: Int64
    var source: String
    var template: String
  }

  /// Adds `sightings` to their rows (creating new ones) and returns each key's id.
  static func upsert(_ sightings: [Key: Sighting], in db: Database) throws -> [Key: Int64] {
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO log_pattern(project, source, template, sample, first_seen, last_seen, count)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(project, source, template) DO UPDATE SET
          first_seen = min(first_seen, excluded.first_seen),
          last_seen = max(last_seen, excluded.last_seen), count = count + excluded.count
        RETURNING id
        """)
    var ids: [Key: Int64] = [:]
    for (key, sighting) in sightings {
      let id = try Int64.fetchOne(
        statement,
        arguments: [
          key.project, key.source, key.template, sighting.sample, sighting.firstSeen,
          sighting.lastSeen, sighting.count,
        ])
      if let id { ids[key] = id }
    }
    return ids
  }
}

extension LogStore {
  /// The patterns of `project` seen in `range` (last seen at or after its start, first seen
  /// before its end), optionally of one source, most frequent first; `newSince` keeps only
  /// those first seen at or after it (new patterns).
  public func patterns(
    project: Int64, range: TimeRange, source: String? = nil, newSince: Int64? = nil,
    limit: Int = 500
  ) throws -> [StoredLogPattern] {
    var sql = """
      SELECT id, source, template, sample, first_seen, last_seen, count FROM log_pattern
      WHERE project = ? AND last_seen >= ? AND first_seen < ?
      """
    var arguments: StatementArguments = [project, range.from, range.to]
    if let source {
      sql += " AND source = ?"
      arguments += [source]
    }
    if let newSince {
      sql += " AND first_seen >= ?"
      arguments += [newSince]
    }
    sql += " ORDER BY count DESC, id LIMIT ?"
    arguments += [limit]
    return try database.read { db in
      try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
        StoredLogPattern(
          id: row[0], source: row[1], template: row[2], sample: row[3], firstSeen: row[4],
          lastSeen: row[5], count: row[6])
      }
    }
  }

  /// The template of every pattern id of `project`, for showing `pattern_id` as text.
  public func patternTemplates(project: Int64) throws -> [Int64: String] {
    try database.read { db in
      try Dictionary(
        Row.fetchAll(
          db, sql: "SELECT id, template FROM log_pattern WHERE project = ?", arguments: [project]
        ).map { ($0[0] as Int64, $0[1] as String) }, uniquingKeysWith: { first, _ in first })
    }
  }
}
