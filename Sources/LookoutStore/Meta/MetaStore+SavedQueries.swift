import Foundation
import GRDB

extension MetaStore {
  /// Adds the `saved_query` table, and `saved_query_seed`, which remembers the projects whose
  /// default dashboard was created, so a person who removes every panel does not get them back.
  static func registerSavedQueryMigration(_ migrator: inout DatabaseMigrator) {
    migrator.registerMigration("meta v2 saved queries") { db in
      try db.create(table: "saved_query") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("project", .integer).notNull()
        t.column("name", .text).notNull()
        t.column("query", .text).notNull()
        t.column("from", .text).notNull()
        t.column("to", .text).notNull()
        t.column("chart", .text).notNull()
        t.column("on_dashboard", .boolean).notNull()
        t.column("position", .integer).notNull()
        t.column("created_at", .double).notNull()
        t.column("updated_at", .double).notNull()
      }
      try db.create(
        index: "saved_query_by_project", on: "saved_query",
        columns: ["project", "on_dashboard", "position"])
      try db.create(table: "saved_query_seed") { t in
        t.primaryKey("project", .integer)
        t.column("seeded_at", .double).notNull()
      }
    }
  }

  /// The saved queries of `project`: the dashboard's in panel order when `dashboardOnly`,
  /// else every one by name.
  public func savedQueries(project: Int64, dashboardOnly: Bool = false) throws -> [SavedQuery] {
    try database.read { db in
      let mine = SavedQuery.filter(SavedQuery.Columns.project == project)
      if dashboardOnly {
        return
          try mine
          .filter(SavedQuery.Columns.onDashboard == true)
          .order(SavedQuery.Columns.position, SavedQuery.Columns.id)
          .fetchAll(db)
      }
      return try mine.order(SavedQuery.Columns.name.collating(.nocase), SavedQuery.Columns.id)
        .fetchAll(db)
    }
  }

  /// The saved query with `id`.
  public func savedQuery(id: Int64) throws -> SavedQuery? {
    try database.read { db in try SavedQuery.fetchOne(db, key: id) }
  }

  /// Stores a new saved query and returns it with its id.
  ///
  /// - Parameter atDashboardEnd: places it after the project's last panel (ignoring its
  ///   `position`).
  @discardableResult
  public func insertSavedQuery(_ query: SavedQuery, atDashboardEnd: Bool = false) throws
    -> SavedQuery
  {
    try database.write { db in
      var query = query
      if atDashboardEnd { query.position = try Self.nextPosition(db, project: query.project) }
      try query.insert(db)
      return query
    }
  }

  /// Replaces the stored fields of `query` (found by its id) and stamps `updatedAt`.
  ///
  /// - Parameter atDashboardEnd: places it after the project's last panel.
  /// - Returns: the stored query, or nil when no query has that id.
  @discardableResult
  public func updateSavedQuery(
    _ query: SavedQuery, atDashboardEnd: Bool = false, now: Double = Date().timeIntervalSince1970
  ) throws -> SavedQuery? {
    guard let id = query.id else { return nil }
    return try database.write { db in
      guard let stored = try SavedQuery.fetchOne(db, key: id) else { return nil }
      var query = query
      query.project = stored.project
      query.createdAt = stored.createdAt
      query.updatedAt = now
      if atDashboardEnd { query.position = try Self.nextPosition(db, project: query.project) }
      try query.update(db)
      return query
    }
  }

  /// Deletes the saved query with `id`; whether it existed.
  @discardableResult
  public func deleteSavedQuery(id: Int64) throws -> Bool {
    try database.write { db in try SavedQuery.deleteOne(db, key: id) }
  }

  /// Stores `queries` for `project` unless its dashboard was seeded before (even if every
  /// seeded query was deleted since); whether it stored them.
  @discardableResult
  public func seedSavedQueries(
    project: Int64, _ queries: [SavedQuery], now: Double = Date().timeIntervalSince1970
  ) throws -> Bool {
    try database.write { db in
      let seeded = try Bool.fetchOne(
        db, sql: "SELECT 1 FROM saved_query_seed WHERE project = ?", arguments: [project])
      guard seeded == nil else { return false }
      for (index, query) in queries.enumerated() {
        var query = query
        query.project = project
        query.position = index
        try query.insert(db)
      }
      try db.execute(
        sql: "INSERT INTO saved_query_seed (project, seeded_at) VALUES (?, ?)",
        arguments: [project, now])
      return true
    }
  }

  /// The position after the last panel of `project`.
  private static func nextPosition(_ db: Database, project: Int64) throws -> Int {
    let last = try Int.fetchOne(
      db, sql: "SELECT MAX(position) FROM saved_query WHERE project = ? AND on_dashboard",
      arguments: [project])
    return (last ?? -1) + 1
  }
}
