/// Where a ``FileTailer`` finds the point to resume a file from when it starts.
///
/// The tailer only reads checkpoints; they are written by the batch handler, in the same
/// transaction as the rows decoded from the batch, so the stored checkpoint always matches
/// what is durable.
public protocol TailCheckpointStore: Sendable {
  /// Returns the last durable checkpoint for a configured path, or `nil` if there is none.
  ///
  /// - Parameter path: The configured path (``TailCheckpoint/path``).
  /// - Returns: The stored checkpoint, or `nil` for a path never tailed before.
  /// - Throws: When the store cannot be read; the tailer retries after a backoff.
  func checkpoint(for path: String) async throws -> TailCheckpoint?
}
