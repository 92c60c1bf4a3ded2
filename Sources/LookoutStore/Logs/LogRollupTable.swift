import GRDB

/// Minute rollups of log entries: the count per (environment, service, source, severity
/// label) in `log_rollup`, so volume charts and "errors per service" never rescan blocks.
public enum LogRollupTable {
  /// Adds the table.
  public static func registerMigrations(in migrator: inout DatabaseMigrator) {
    migrator.registerMigration("log_rollup v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE log_rollup(
            project INTEGER NOT NULL, minute INTEGER NOT NULL, env INTEGER NOT NULL,
            service INTEGER NOT NULL, source INTEGER NOT NULL, level INTEGER NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY(project, minute, env, service, source, level)
          ) WITHOUT ROWID
          """)
    }
  }

  /// The key of one row; strings are dictionary ids.
  struct Key: Hashable {
    var project: Int64
    var minute: Int64
    var environment: UInt32
    var service: UInt32
    var source: UInt32
    var severity: UInt32
  }

  /// Adds `counts` to the stored rows, one upsert per key.
  static func upsert(_ counts: [Key: Int64], in db: Database) throws {
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO log_rollup(project, minute, env, service, source, level, count)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(project, minute, env, service, source, level) DO UPDATE SET
          count = count + excluded.count
        """)
    for (key, count) in counts {
      try statement.execute(arguments: [
        key.project, key.minute, Int64(key.environment), Int64(key.service), Int64(key.source),
        Int64(key.severity), count,
      ])
    }
  }
}

/// The attribute keys seen per project (`log_field`), for the query editor's completion:
/// one row per key with the last minute it was seen; retention drops keys not seen since.
public enum LogFieldTable {
  /// The most keys remembered per project; new keys past it are not added (a sender that
  /// puts ids in keys must not grow the table without bound).
  public static let maxKeysPerProject = 10_000

  /// Adds the table.
  public static func registerMigrations(in migrator: inout DatabaseMigrator) {
    migrator.registerMigration("log_field v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE log_field(
            project INTEGER NOT NULL, name TEXT NOT NULL, last_seen INTEGER NOT NULL,
            PRIMARY KEY(project, name)
          ) WITHOUT ROWID
          """)
    }
  }

  /// Records that `keys` were seen in `project` at `minute`.
  static func upsert(project: Int64, keys: [String: Int64], in db: Database) throws {
    guard !keys.isEmpty else { return }
    let known =
      try Int.fetchOne(
        db, sql: "SELECT count(*) FROM log_field WHERE project = ?", arguments: [project])
      ?? 0
    let update = try db.cachedStatement(
      sql: "UPDATE log_field SET last_seen = max(last_seen, ?) WHERE project = ? AND name = ?")
    let insert = try db.cachedStatement(
      sql: "INSERT OR IGNORE INTO log_field(project, name, last_seen) VALUES (?, ?, ?)")
    var room = maxKeysPerProject - known
    for (name, minute) in keys {
      try update.execute(arguments: [minute, project, name])
      if db.changesCount == 0, room > 0 {
        try insert.execute(arguments: [project, name, minute])
        room -= 1
      }
    }
  }
}
