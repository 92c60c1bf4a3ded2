import AsyncAlgorithms
import Logging
import ServiceLifecycle

/// A service that follows one log file and hands its complete lines, in batches, to a handler.
///
/// It polls the file every ``FileTailerConfiguration/pollInterval``, reads appended bytes with
/// `pread`, and calls the handler with the complete lines and the ``TailCheckpoint`` to store
/// with them. It moves on only after the handler returns; if the handler throws (say the store
/// answered "retry later"), the same batch is handed out again after a backoff, so nothing is
/// skipped. Rotation by rename and by copytruncate, restarts and rotations while stopped are
/// handled by ``TailStateMachine``; a missing file is waited for.
///
/// Lines are handed out without `\n`, and a `\r` right before it is removed too (CRLF files);
/// empty lines are handed out as empty, so line numbers match the file. A partial last line is
/// held back until its newline arrives, or until its file is finished after a rotation.
///
/// ```swift
/// let tailer = FileTailer(
///   configuration: FileTailerConfiguration(path: "/var/log/nginx/access.log"),
///   checkpointStore: store
/// ) { batch in
///   try await writer.write(decode(batch.lines), checkpoint: batch.checkpoint)
/// }
/// let group = ServiceGroup(services: [writer, tailer], logger: logger)
/// try await group.run()
/// ```
///
/// On graceful shutdown it stops polling and reading; a batch being handed out is finished
/// first (or abandoned if its handler keeps failing: it will be read again from the
/// checkpoint on the next start).
public struct FileTailer: Service {
  /// The tailer's settings.
  public let configuration: FileTailerConfiguration
  private let checkpointStore: any TailCheckpointStore
  private let handler: @Sendable (TailBatch) async throws -> Void
  /// The logger, with the path as `tail.path` metadata.
  let logger: Logger

  /// Creates a tailer; it does nothing until ``run()``.
  ///
  /// - Parameters:
  ///   - configuration: Which file, how often, and the size limits.
  ///   - checkpointStore: Where to find the resume point on start.
  ///   - logger: Where rotations, truncations, waits and handler failures are logged.
  ///   - handler: Receives each batch; store its lines and its checkpoint in one transaction,
  ///     then return. Throw to have the same batch handed out again after a backoff.
  public init(
    configuration: FileTailerConfiguration,
    checkpointStore: any TailCheckpointStore,
    logger: Logger = Logger(label: "lookout.tailer"),
    handler: @escaping @Sendable (TailBatch) async throws -> Void
  ) {
    self.configuration = configuration
    self.checkpointStore = checkpointStore
    self.handler = handler
    var logger = logger
    logger[metadataKey: "tail.path"] = "\(configuration.path)"
    self.logger = logger
  }

  /// Tails the file until the task is cancelled or a graceful shutdown is triggered.
  ///
  /// It does not throw for file errors (a missing or unreadable file is waited for), nor for
  /// handler or checkpoint store errors (retried).
  public func run() async throws {
    guard let checkpoint = await loadCheckpoint() else { return }
    var run = TailRun(tailer: self, checkpoint: checkpoint)
    guard await run.start() else { return }
    let ticks = AsyncTimerSequence(interval: configuration.pollInterval, clock: .continuous)
      .cancelOnGracefulShutdown()
    for await _ in ticks {
      guard await run.tick() else { return }
    }
  }

  /// Asks the store for the checkpoint, retrying with a backoff while it fails.
  ///
  /// - Returns: The stored checkpoint (which may be `nil`), or `nil` when stopping.
  private func loadCheckpoint() async -> TailCheckpoint?? {
    var backoff = configuration.retryBackoff
    while true {
      do {
        return .some(try await checkpointStore.checkpoint(for: configuration.path))
      } catch {
        logger.warning(
          "Cannot read the tail checkpoint; retrying",
          metadata: ["error": "\(error)", "retry.in": "\(backoff)"])
        guard await pause(for: backoff) else { return nil }
        backoff = min(backoff * 2, configuration.maxRetryBackoff)
      }
    }
  }

  /// Hands a batch to the handler until it returns.
  ///
  /// - Parameters:
  ///   - batch: The batch.
  ///   - metrics: Counters to update.
  /// - Returns: `true` once the handler returned, `false` when stopping before that.
  func deliver(_ batch: TailBatch, metrics: TailMetrics) async -> Bool {
    var backoff = configuration.retryBackoff
    while true {
      do {
        try await handler(batch)
        metrics.delivered(batch)
        return true
      } catch {
        if Task.isCancelled || Task.isShuttingDownGracefully { return false }
        metrics.handlerFailures.increment()
        logger.warning(
          "Tail batch handler failed; retrying the same batch",
          metadata: [
            "error": "\(error)", "retry.in": "\(backoff)",
            "tail.line": "\(batch.firstLineNumber)",
          ])
        guard await pause(for: backoff) else { return false }
        backoff = min(backoff * 2, configuration.maxRetryBackoff)
      }
    }
  }

  /// Sleeps, cut short by cancellation or graceful shutdown.
  ///
  /// - Returns: `false` when cut short.
  private func pause(for duration: Duration) async -> Bool {
    do {
      try await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    } catch {
      return false
    }
    return !Task.isShuttingDownGracefully
  }
}
