import Dispatch
import GRDB
import Synchronization

/// Copies a store's write-ahead log into its database file from a connection of its own,
/// so that the writer does not.
///
/// SQLite checkpoints from the connection that commits, once the WAL holds
/// `wal_autocheckpoint` pages: the writer then copies every page and waits for the
/// database file to reach the disk while it holds the write lock, and no batch commits
/// meanwhile. ``BatchWriter`` nudges this after each commit instead; a `PASSIVE`
/// checkpoint here copies what has been committed without blocking the writer or the
/// readers. The writer keeps a large `wal_autocheckpoint` as the bound on the WAL's size:
/// under constant writes this never catches up with the last commit, and a WAL is only
/// rewound after a checkpoint that did; the writer's own checkpoint then has little left
/// to copy.
///
/// ```swift
/// let checkpointer = WALCheckpointer(path: pool.path, name: "errors")
/// checkpointer.nudge()  // after a commit
/// ```
final class WALCheckpointer: Sendable {
  /// The writer connection's `wal_autocheckpoint` (pages) while a checkpointer runs.
  static let writerAutocheckpointPages = 10_000
  /// Least time between the starts of two checkpoints: a page written again and again
  /// (an index's last page, a counter's row) is copied once per checkpoint, not once
  /// per commit.
  static let interval = DispatchTimeInterval.milliseconds(250)

  private struct State {
    var connection: DatabaseQueue?
    /// Whether a checkpoint is scheduled or running.
    var scheduled = false
    var lastStart = DispatchTime(uptimeNanoseconds: 0)
    var failed = false
  }

  private let path: String
  private let state = Mutex(State())
  private let queue: DispatchQueue

  init(path: String, name: String) {
    self.path = path
    self.queue = DispatchQueue(label: "lookout.checkpoint.\(name)")
  }

  /// Schedules a checkpoint, ``interval`` after the last one started at the earliest;
  /// nothing when one is already scheduled (it will copy this commit too).
  func nudge() {
    let at = state.withLock { state -> DispatchTime? in
      guard !state.failed, !state.scheduled else { return nil }
      state.scheduled = true
      return max(DispatchTime.now(), state.lastStart + Self.interval)
    }
    if let at { queue.asyncAfter(deadline: at) { self.run() } }
  }

  private func run() {
    let failed: Bool
    do {
      state.withLock {
        $0.lastStart = .now()
        $0.scheduled = false
      }
      try checkpoint()
      failed = false
    } catch {
      failed = true
    }
    // The writer's own checkpoints go on as the fallback; stop trying here.
    if failed { state.withLock { $0.failed = true } }
  }

  private func checkpoint() throws {
    let connection = try state.withLock { state -> DatabaseQueue in
      if let connection = state.connection { return connection }
      var configuration = Configuration()
      configuration.busyMode = .timeout(10)
      let connection = try DatabaseQueue(path: path, configuration: configuration)
      state.connection = connection
      return connection
    }
    try connection.writeWithoutTransaction { db in
      _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")
    }
  }
}
