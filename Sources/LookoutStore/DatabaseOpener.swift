import Foundation
import GRDB

/// Opens the SQLite files of the embedded store with the settings every one of them shares.
public enum DatabaseOpener {
  /// How hard a commit waits for the disk.
  public enum Durability: String, Sendable, Codable {
    /// `synchronous=FULL`: a commit is on disk before it is acknowledged (survives power loss).
    case full
    /// `synchronous=NORMAL`: survives a crash of the process, may lose the last commits on
    /// power loss; faster on slow disks.
    case normal
  }

  /// Opens (creating when missing) a WAL `DatabasePool` at `path` and runs `migrator`.
  ///
  /// - Parameters:
  ///   - prepare: runs on every new connection (register SQL functions here).
  public static func openPool(
    at path: String, durability: Durability = .full, migrator: DatabaseMigrator,
    prepare: (@Sendable (Database) throws -> Void)? = nil
  ) throws -> DatabasePool {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    configuration.maximumReaderCount = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)
    let synchronous = durability == .full ? "FULL" : "NORMAL"
    configuration.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
      try prepare?(db)
    }
    let pool = try DatabasePool(path: path, configuration: configuration)
    // GRDB sets the writer connection to NORMAL when it turns WAL on, after
    // `prepareDatabase`: set it again, or FULL would hold for the readers only.
    try pool.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
    }
    try migrator.migrate(pool)
    return pool
  }
}
