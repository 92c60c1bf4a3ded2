import GRDB

/// The tables of `errors.sqlite`. Migrations are never edited once they land.
enum ErrorSchema {
  static func register(in migrator: inout DatabaseMigrator) {
    migrator.registerMigration("errors v1") { db in
      try db.create(table: "issue") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("project", .integer).notNull()
        t.column("title", .text).notNull()
        t.column("culprit", .text).notNull()
        t.column("level", .text).notNull()
        t.column("method", .text).notNull()
        t.column("status", .text).notNull()
        t.column("substatus", .text).notNull()
        t.column("resolved_at", .integer)
        t.column("resolved_in_release", .text)
        t.column("ignore_until", .integer)
        t.column("ignore_until_count", .integer)
        t.column("first_seen", .integer).notNull()
        t.column("last_seen", .integer).notNull()
        t.column("event_count", .integer).notNull()
        t.column("user_count", .integer).notNull()
        t.column("assignee", .text)
        t.column("first_release", .text).notNull()
        t.column("last_release", .text).notNull()
        t.column("merged_into", .integer)
      }
      try db.create(
        index: "issue_project_last_seen", on: "issue", columns: ["project", "last_seen"])
      // Every grouping hash of an issue (several after a merge).
      try db.create(table: "issue_hash") { t in
        t.column("project", .integer).notNull()
        t.column("hash", .text).notNull()
        t.column("version", .integer).notNull()
        t.column("issue_id", .integer).notNull()
        t.primaryKey(["project", "hash"])
      }
      try db.create(table: "error_event") { t in
        t.column("project", .integer).notNull()
        t.column("event_id", .text).notNull()
        t.column("issue_id", .integer).notNull()
        t.column("hash", .text).notNull()
        t.column("timestamp", .integer).notNull()
        t.column("environment", .text).notNull()
        t.column("release", .text).notNull()
        t.column("level", .text).notNull()
        t.column("user_key", .text)
        t.column("message", .text).notNull()
        t.column("trace_id", .text).notNull()
        t.column("payload", .blob).notNull()
        t.primaryKey(["project", "event_id"])
      }
      try db.create(
        index: "error_event_issue", on: "error_event", columns: ["issue_id", "timestamp"])
      // Events per issue, minute, environment and release: sparklines, per-environment and
      // per-release counts.
      try db.create(table: "issue_minute") { t in
        t.column("issue_id", .integer).notNull()
        t.column("minute", .integer).notNull()
        t.column("environment", .text).notNull()
        t.column("release", .text).notNull()
        t.column("count", .integer).notNull()
        t.primaryKey(["issue_id", "minute", "environment", "release"])
      }
      try db.create(table: "issue_user") { t in
        t.column("issue_id", .integer).notNull()
        t.column("user_key", .text).notNull()
        t.primaryKey(["issue_id", "user_key"])
      }
      try db.create(table: "issue_tag") { t in
        t.column("issue_id", .integer).notNull()
        t.column("key", .text).notNull()
        t.column("value", .text).notNull()
        t.column("count", .integer).notNull()
        t.primaryKey(["issue_id", "key", "value"])
      }
    }
    migrator.registerMigration("errors v2: events by trace") { db in
      // The trace view links an exception to the issue of the same trace's error event.
      try db.execute(
        sql: """
          CREATE INDEX error_event_trace ON error_event(project, trace_id) WHERE trace_id != ''
          """)
    }
    migrator.registerMigration("errors v3: events by time") { db in
      // `source errors` in the query language reads a project's events by time.
      try db.execute(
        sql: "CREATE INDEX error_event_time ON error_event(project, timestamp, event_id)")
    }
    migrator.registerMigration("errors v4: trace events by time") { db in
      // A trace's events are found through error_event_time: this index cost every event
      // a write at a random place (trace ids are random) for a lookup made when a trace
      // is opened.
      try db.execute(sql: "DROP INDEX IF EXISTS error_event_trace")
    }
    migrator.registerMigration("errors v5: count log") { db in
      // Each batch's minute and tag counts, until folded into issue_minute and issue_tag
      // (ErrorCounts).
      try db.create(table: "error_count_log") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("counts", .blob).notNull()
      }
    }
  }
}
