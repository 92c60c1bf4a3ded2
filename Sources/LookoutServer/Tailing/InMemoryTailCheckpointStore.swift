/// A ``TailCheckpointStore`` that keeps checkpoints in memory, for tests and demo mode.
///
/// ```swift
/// let store = InMemoryTailCheckpointStore()
/// let tailer = FileTailer(configuration: config, checkpointStore: store) { batch in
///   await rows.append(contentsOf: batch.lines)
///   await store.save(batch.checkpoint)
/// }
/// ```
public actor InMemoryTailCheckpointStore: TailCheckpointStore {
  private var checkpoints: [String: TailCheckpoint]

  /// Creates a store, optionally holding checkpoints already.
  ///
  /// - Parameter checkpoints: Initial checkpoints; each is stored under its `path`.
  public init(_ checkpoints: [TailCheckpoint] = []) {
    var byPath: [String: TailCheckpoint] = [:]
    for checkpoint in checkpoints { byPath[checkpoint.path] = checkpoint }
    self.checkpoints = byPath
  }

  /// Returns the checkpoint stored for a path, or `nil`.
  ///
  /// - Parameter path: The configured path.
  /// - Returns: The last saved checkpoint for `path`.
  public func checkpoint(for path: String) -> TailCheckpoint? {
    checkpoints[path]
  }

  /// Stores a checkpoint under its path, replacing the previous one.
  ///
  /// - Parameter checkpoint: The checkpoint to keep.
  public func save(_ checkpoint: TailCheckpoint) {
    checkpoints[checkpoint.path] = checkpoint
  }
}
