import Logging
import ServiceLifecycle

/// Runs a listener that the server can do without: when it fails (its default port is
/// taken by a collector or a daemon) and it was not asked for explicitly, the failure is
/// logged and the rest of the server keeps running.
struct OptionalService: Service {
  let name: String
  let required: Bool
  let logger: Logger
  let service: any Service

  func run() async throws {
    do {
      try await service.run()
    } catch {
      guard !required, !(error is CancellationError) else { throw error }
      logger.warning("\(name) is off", metadata: ["error": "\(error)"])
      try? await gracefulShutdown()
    }
  }
}
