import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import LookoutServer

/// Builds a Lookout application on a fresh temporary store for one test.
enum TestApp {
  static let password = "correct horse battery"
  static let ingestKey = "test-ingest-key-0123456789abcdef"
  static let apiToken = "test-api-token-0123456789abcdef"

  /// A configuration with known secrets and a temporary data folder.
  static func configuration(_ change: (inout LookoutConfiguration) -> Void = { _ in })
    -> LookoutConfiguration
  {
    var configuration = LookoutConfiguration(
      httpHost: "127.0.0.1", httpPort: 0,
      dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent(
        "lookout-\(UUID().uuidString)"
      ).path,
      adminPassword: password, ingestKey: ingestKey, apiToken: apiToken, durability: .normal)
    // Suites run in parallel on shared cores: a query must not turn partial for waiting.
    configuration.queryTimeLimit = .seconds(600)
    change(&configuration)
    return configuration
  }

  /// Runs `body` against a router-level test client of a new application.
  static func run(
    _ configuration: LookoutConfiguration = configuration(), mode: TestingSetup = .router,
    removeData: Bool = true,
    _ body: @escaping @Sendable (any TestClientProtocol, LookoutRuntime) async throws -> Void
  ) async throws {
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let built = try LookoutApplication.build(configuration: configuration, logger: logger)
    let runtime = built.runtime
    defer {
      if removeData { try? FileManager.default.removeItem(atPath: configuration.dataDirectory) }
    }
    try await built.application.test(mode) { client in try await body(client, runtime) }
  }

  static var bearerAPI: HTTPFields { [.authorization: "Bearer \(apiToken)"] }
  static var bearerIngest: HTTPFields { [.authorization: "Bearer \(ingestKey)"] }
}
