import Foundation
import LookoutStore

/// What first start (or unattended setup) created, for `lookout serve` to print.
public struct BootstrapReport: Sendable {
  /// The default project's ingest key.
  public var ingestKey: String
  /// The admin login name.
  public var adminUser: String
  /// The admin password, only when it was generated now (it is shown once).
  public var generatedAdminPassword: String?
}

/// Creates what a store needs before serving: project `default` (id 1) with an ingest key,
/// the admin user, and the configured API token.
enum Bootstrap {
  static func run(meta: MetaStore, configuration: LookoutConfiguration) throws -> BootstrapReport {
    var project = try meta.project(id: 1)
    if project == nil {
      project = Project(
        id: 1, name: "default", ingestKey: configuration.ingestKey ?? Credentials.randomHex())
      try meta.saveProject(project!)
    } else if let key = configuration.ingestKey, key != project!.ingestKey {
      project!.ingestKey = key
      try meta.saveProject(project!)
    }
    var generated: String?
    if let password = configuration.adminPassword {
      let existing = try meta.user(named: configuration.adminUser)
      if existing == nil || !Credentials.verifyPassword(password, hash: existing!.passwordHash) {
        try meta.saveUser(
          username: configuration.adminUser, passwordHash: Credentials.hashPassword(password))
      }
    } else if try meta.user(named: configuration.adminUser) == nil {
      let password = Credentials.randomPassword()
      try meta.saveUser(
        username: configuration.adminUser, passwordHash: Credentials.hashPassword(password))
      generated = password
    }
    if let token = configuration.apiToken {
      try meta.saveAPIToken(name: "LOOKOUT_API_TOKEN", tokenHash: Credentials.tokenHash(token))
    }
    return BootstrapReport(
      ingestKey: project!.ingestKey, adminUser: configuration.adminUser,
      generatedAdminPassword: generated)
  }
}
