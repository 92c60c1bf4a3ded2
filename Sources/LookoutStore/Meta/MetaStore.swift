import Foundation
import GRDB

/// Projects, users, sessions, API tokens and saved queries, in `meta.sqlite`.
///
/// Secrets never reach the file in clear: passwords are bcrypt hashes made by the caller,
/// session and API tokens are stored as SHA-256 hashes the caller computes.
public final class MetaStore: Sendable {
  /// The WAL pool of `meta.sqlite`.
  public let database: DatabasePool

  /// Opens (or creates) the store at `path` and brings its schema up to date.
  public init(path: String) throws {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("meta v1") { db in
      try db.create(table: "project") { t in
        t.primaryKey("id", .integer)
        t.column("name", .text).notNull().unique()
        t.column("ingest_key", .text).notNull().unique()
        t.column("created_at", .double).notNull()
      }
      try db.create(table: "user") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("username", .text).notNull().unique()
        t.column("password_hash", .text).notNull()
        t.column("created_at", .double).notNull()
      }
      try db.create(table: "session") { t in
        t.primaryKey("token_hash", .text)
        t.column("user_id", .integer).notNull().references("user", onDelete: .cascade)
        t.column("csrf_token", .text).notNull()
        t.column("expires_at", .double).notNull()
      }
      try db.create(table: "api_token") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("name", .text).notNull()
        t.column("token_hash", .text).notNull().unique()
        t.column("created_at", .double).notNull()
      }
    }
    Self.registerSavedQueryMigration(&migrator)
    self.database = try DatabaseOpener.openPool(at: path, migrator: migrator)
  }

  // MARK: Projects

  /// Every project, by id.
  public func projects() throws -> [Project] {
    try database.read { db in try Project.order(Project.Columns.id).fetchAll(db) }
  }

  /// The project with `id`.
  public func project(id: Int64) throws -> Project? {
    try database.read { db in try Project.fetchOne(db, key: id) }
  }

  /// The project whose ingest key is `key`.
  public func project(ingestKey key: String) throws -> Project? {
    try database.read { db in
      try Project.filter(Project.Columns.ingestKey == key).fetchOne(db)
    }
  }

  /// Creates the project, or updates its name and key when `id` exists.
  public func saveProject(_ project: Project) throws {
    try database.write { db in try project.save(db) }
  }

  // MARK: Users

  /// The user named `username`.
  public func user(named username: String) throws -> User? {
    try database.read { db in
      try User.filter(Column("username") == username).fetchOne(db)
    }
  }

  /// The number of users.
  public func userCount() throws -> Int {
    try database.read { db in try User.fetchCount(db) }
  }

  /// Creates or replaces (by username) a user and returns it with its id.
  @discardableResult
  public func saveUser(username: String, passwordHash: String) throws -> User {
    try database.write { db in
      if var existing = try User.filter(Column("username") == username).fetchOne(db) {
        existing.passwordHash = passwordHash
        try existing.update(db)
        return existing
      }
      var user = User(username: username, passwordHash: passwordHash)
      try user.insert(db)
      return user
    }
  }

  // MARK: Sessions

  /// Stores a new session.
  public func createSession(_ session: Session) throws {
    try database.write { db in try session.insert(db) }
  }

  /// The unexpired session whose token hashes to `tokenHash`, with its user.
  public func session(tokenHash: String, now: Double = Date().timeIntervalSince1970) throws -> (
    Session, User
  )? {
    try database.read { db in
      guard let session = try Session.fetchOne(db, key: tokenHash), session.expiresAt > now,
        let user = try User.fetchOne(db, key: session.userID)
      else { return nil }
      return (session, user)
    }
  }

  /// Deletes a session (logout) and every expired one.
  public func deleteSession(tokenHash: String, now: Double = Date().timeIntervalSince1970) throws {
    try database.write { db in
      _ = try Session.deleteOne(db, key: tokenHash)
      try db.execute(sql: "DELETE FROM session WHERE expires_at <= ?", arguments: [now])
    }
  }

  // MARK: API tokens

  /// Stores an API token (by hash) unless one with the same hash exists.
  @discardableResult
  public func saveAPIToken(name: String, tokenHash: String) throws -> APIToken {
    try database.write { db in
      if let existing = try APIToken.filter(Column("token_hash") == tokenHash).fetchOne(db) {
        return existing
      }
      var token = APIToken(name: name, tokenHash: tokenHash)
      try token.insert(db)
      return token
    }
  }

  /// The API token whose hash is `tokenHash`.
  public func apiToken(hash tokenHash: String) throws -> APIToken? {
    try database.read { db in
      try APIToken.filter(Column("token_hash") == tokenHash).fetchOne(db)
    }
  }
}
