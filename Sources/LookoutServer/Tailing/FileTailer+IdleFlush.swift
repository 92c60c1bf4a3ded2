import AsyncAlgorithms
import ServiceLifecycle

/// A tail cursor that holds an entry open across batches (a multi-line log entry, a slow
/// log's last statement) and stores it once its file has been quiet for a while.
protocol IdleFlushing: Sendable {
  /// Stores the open entry if nothing arrived for `idle`.
  func flushIfIdle(after idle: Duration) async throws
}

extension FileTailer {
  /// Tails the file, and every `interval` lets `cursor` store an entry left open by a
  /// file that went quiet; returns when the tailer does (graceful shutdown).
  func run(flushingIdle cursor: some IdleFlushing, after interval: Duration) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await self.run() }
      group.addTask {
        for await _ in AsyncTimerSequence(interval: interval, clock: .continuous)
          .cancelOnGracefulShutdown()
        {
          try? await cursor.flushIfIdle(after: interval)
        }
      }
      try await group.waitForAll()
    }
  }
}
