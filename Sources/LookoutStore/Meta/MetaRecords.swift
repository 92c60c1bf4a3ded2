import Foundation
import GRDB

/// A project: the unit that owns data and ingest keys. The default project has id 1.
public struct Project: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
  public static let databaseTableName = "project"
  /// Numeric id (used in Sentry DSNs later).
  public var id: Int64
  /// Unique name (`default`).
  public var name: String
  /// The key that authorizes ingest for this project.
  public var ingestKey: String
  /// Creation time, seconds since epoch.
  public var createdAt: Double

  /// Columns of the `project` table.
  public enum Columns {
    public static let id = Column(CodingKeys.id)
    public static let name = Column(CodingKeys.name)
    public static let ingestKey = Column(CodingKeys.ingestKey)
  }

  enum CodingKeys: String, CodingKey {
    case id, name
    case ingestKey = "ingest_key"
    case createdAt = "created_at"
  }

  /// Creates a project value.
  public init(
    id: Int64, name: String, ingestKey: String, createdAt: Double = Date().timeIntervalSince1970
  ) {
    self.id = id
    self.name = name
    self.ingestKey = ingestKey
    self.createdAt = createdAt
  }
}

/// A person who logs in to the UI and the JSON API.
public struct User: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "user"
  /// Numeric id.
  public var id: Int64?
  /// Login name.
  public var username: String
  /// bcrypt hash of the password.
  public var passwordHash: String
  /// Creation time, seconds since epoch.
  public var createdAt: Double

  enum CodingKeys: String, CodingKey {
    case id, username
    case passwordHash = "password_hash"
    case createdAt = "created_at"
  }

  /// Creates a user value.
  public init(
    id: Int64? = nil, username: String, passwordHash: String,
    createdAt: Double = Date().timeIntervalSince1970
  ) {
    self.id = id
    self.username = username
    self.passwordHash = passwordHash
    self.createdAt = createdAt
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A login session; only the SHA-256 of its token is stored.
public struct Session: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
  public static let databaseTableName = "session"
  /// Hex SHA-256 of the cookie token.
  public var tokenHash: String
  /// The user it belongs to.
  public var userID: Int64
  /// The token forms must echo (CSRF).
  public var csrfToken: String
  /// Expiry, seconds since epoch.
  public var expiresAt: Double

  enum CodingKeys: String, CodingKey {
    case tokenHash = "token_hash"
    case userID = "user_id"
    case csrfToken = "csrf_token"
    case expiresAt = "expires_at"
  }

  /// Creates a session value.
  public init(tokenHash: String, userID: Int64, csrfToken: String, expiresAt: Double) {
    self.tokenHash = tokenHash
    self.userID = userID
    self.csrfToken = csrfToken
    self.expiresAt = expiresAt
  }
}

/// A token for scripts calling `/api/v1`; only its SHA-256 is stored.
public struct APIToken: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "api_token"
  /// Numeric id.
  public var id: Int64?
  /// What the token is for.
  public var name: String
  /// Hex SHA-256 of the token.
  public var tokenHash: String
  /// Creation time, seconds since epoch.
  public var createdAt: Double

  enum CodingKeys: String, CodingKey {
    case id, name
    case tokenHash = "token_hash"
    case createdAt = "created_at"
  }

  /// Creates a token value.
  public init(
    id: Int64? = nil, name: String, tokenHash: String,
    createdAt: Double = Date().timeIntervalSince1970
  ) {
    self.id = id
    self.name = name
    self.tokenHash = tokenHash
    self.createdAt = createdAt
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
