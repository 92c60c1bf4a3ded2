import GRDB

extension ErrorStore {
  /// Moves every event, hash and count of `sourceID` into `targetID` (Sentry's "merge"):
  /// the source disappears from lists (`merged_into`), later events of its hashes join the
  /// target. Returns the target, updated.
  @discardableResult
  public func merge(_ sourceID: Int64, into targetID: Int64) async throws -> IssueSummary {
    guard sourceID != targetID else {
      throw ErrorStoreError.invalidAction("an issue cannot be merged into itself")
    }
    try await database.write { db in
      try foldCounts(in: db)
      for id in [sourceID, targetID] {
        let merged = try Int64?.fetchOne(
          db, sql: "SELECT merged_into FROM issue WHERE id = ?", arguments: [id])
        guard let merged else { throw ErrorStoreError.issueNotFound(id) }
        if merged != nil {
          throw ErrorStoreError.invalidAction("issue \(id) was merged into issue \(merged!)")
        }
      }
      let move: StatementArguments = [targetID, sourceID]
      try db.execute(sql: "UPDATE issue_hash SET issue_id = ? WHERE issue_id = ?", arguments: move)
      try db.execute(sql: "UPDATE error_event SET issue_id = ? WHERE issue_id = ?", arguments: move)
      try db.execute(
        sql: """
          INSERT INTO issue_minute (issue_id, minute, environment, release, count)
          SELECT ?, minute, environment, release, count FROM issue_minute WHERE issue_id = ? AND true
          ON CONFLICT DO UPDATE SET count = count + excluded.count
          """, arguments: move)
      try db.execute(
        sql: """
          INSERT OR IGNORE INTO issue_user (issue_id, user_key)
          SELECT ?, user_key FROM issue_user WHERE issue_id = ?
          """, arguments: move)
      try db.execute(
        sql: """
          INSERT INTO issue_tag (issue_id, key, value, count)
          SELECT ?, key, value, count FROM issue_tag WHERE issue_id = ? AND true
          ON CONFLICT DO UPDATE SET count = count + excluded.count
          """, arguments: move)
      for table in ["issue_minute", "issue_user", "issue_tag"] {
        try db.execute(sql: "DELETE FROM \(table) WHERE issue_id = ?", arguments: [sourceID])
      }
      try Self.recount(targetID, in: db)
      try db.execute(
        sql: "UPDATE issue SET merged_into = ?, event_count = 0, user_count = 0 WHERE id = ?",
        arguments: move)
    }
    guard let target = try issue(id: targetID) else {
      throw ErrorStoreError.issueNotFound(targetID)
    }
    return target
  }

  /// Splits the events of grouping `hash` out of `issueID` into a new issue ("unmerge").
  /// Counts per minute, environment, release and user are rebuilt from the events of
  /// both; tag counts other than the standard ones stay with the original issue.
  /// Returns the new issue.
  @discardableResult
  public func unmerge(hash: String, from issueID: Int64) async throws -> IssueSummary {
    let newID: Int64 = try await database.write { db in
      try foldCounts(in: db)
      let hashes = try String.fetchAll(
        db, sql: "SELECT hash FROM issue_hash WHERE issue_id = ?", arguments: [issueID])
      guard hashes.contains(hash) else {
        throw ErrorStoreError.invalidAction("issue \(issueID) has no hash \(hash)")
      }
      guard hashes.count > 1 else {
        throw ErrorStoreError.invalidAction("issue \(issueID) has only this hash")
      }
      let title =
        try String.fetchOne(
          db,
          sql: """
            SELECT message FROM error_event WHERE issue_id = ? AND hash = ?
            ORDER BY timestamp DESC LIMIT 1
            """, arguments: [issueID, hash]) ?? "Unmerged issue"
      try db.execute(
        sql: """
          INSERT INTO issue (project, title, culprit, level, method, status, substatus,
            first_seen, last_seen, event_count, user_count, first_release, last_release)
          SELECT project, ?, culprit, level, method, 'unresolved', 'new', first_seen, last_seen,
            0, 0, first_release, last_release FROM issue WHERE id = ?
          """, arguments: [title, issueID])
      let newID = db.lastInsertedRowID
      try db.execute(
        sql: "UPDATE issue_hash SET issue_id = ? WHERE issue_id = ? AND hash = ?",
        arguments: [newID, issueID, hash])
      try db.execute(
        sql: "UPDATE error_event SET issue_id = ? WHERE issue_id = ? AND hash = ?",
        arguments: [newID, issueID, hash])
      for id in [issueID, newID] {
        try db.execute(sql: "DELETE FROM issue_minute WHERE issue_id = ?", arguments: [id])
        try db.execute(
          sql: """
            INSERT INTO issue_minute (issue_id, minute, environment, release, count)
            SELECT issue_id, timestamp / 60000000 * 60000000, environment, release, count(*)
            FROM error_event WHERE issue_id = ? GROUP BY 2, 3, 4
            """, arguments: [id])
        try db.execute(sql: "DELETE FROM issue_user WHERE issue_id = ?", arguments: [id])
        try db.execute(
          sql: """
            INSERT OR IGNORE INTO issue_user (issue_id, user_key)
            SELECT issue_id, user_key FROM error_event WHERE issue_id = ? AND user_key IS NOT NULL
            """, arguments: [id])
        try Self.recount(id, in: db)
      }
      try db.execute(
        sql: """
          INSERT INTO issue_tag (issue_id, key, value, count)
          SELECT issue_id, 'environment', environment, count(*) FROM error_event
          WHERE issue_id = ? GROUP BY environment
          """, arguments: [newID])
      return newID
    }
    guard let created = try issue(id: newID) else { throw ErrorStoreError.issueNotFound(newID) }
    return created
  }

  /// The grouping hashes of an issue.
  public func hashes(issueID: Int64) throws -> [String] {
    try database.read { db in
      try String.fetchAll(
        db, sql: "SELECT hash FROM issue_hash WHERE issue_id = ? ORDER BY hash",
        arguments: [issueID])
    }
  }

  /// Sets an issue's counts and first/last seen from its events and users.
  static func recount(_ issueID: Int64, in db: Database) throws {
    try db.execute(
      sql: """
        UPDATE issue SET
          event_count = (SELECT count(*) FROM error_event WHERE issue_id = issue.id),
          user_count = (SELECT count(*) FROM issue_user WHERE issue_id = issue.id),
          first_seen = coalesce((SELECT min(timestamp) FROM error_event WHERE issue_id = issue.id), first_seen),
          last_seen = coalesce((SELECT max(timestamp) FROM error_event WHERE issue_id = issue.id), last_seen)
        WHERE id = ?
        """, arguments: [issueID])
  }
}
