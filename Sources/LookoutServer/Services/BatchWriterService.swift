import LookoutStore
import ServiceLifecycle

/// Runs a ``BatchWriter`` as a service; on graceful shutdown it commits what is queued,
/// then returns.
struct BatchWriterService<Item: Sendable>: Service {
  let writer: BatchWriter<Item>

  func run() async throws {
    await withGracefulShutdownHandler {
      await writer.run()
    } onGracefulShutdown: {
      writer.close()
    }
  }
}
