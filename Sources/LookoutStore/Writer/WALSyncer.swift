import Dispatch
import Foundation
import Synchronization

/// Makes commits durable after the fact: ``BatchWriter`` commits with
/// `synchronous=NORMAL` (the frames are written to the WAL, not yet forced to disk), hands
/// the waiting submitters here, and goes on with the next transaction while this flushes
/// the WAL file (`fdatasync`) on a queue of its own and only then answers them.
///
/// A commit acknowledged here is as durable as with `synchronous=FULL`: the flush starts
/// after the commit's frames were written, and forces every byte of the file written
/// before it (frames, and the header of a restarted WAL) to disk. What changes is who
/// waits for the disk: not the writer, which under `FULL` held the database's single write
/// lock through every flush. Flushes coalesce: submitters that arrive while one runs share
/// the next.
///
/// ```swift
/// let syncer = WALSyncer(walPath: "data/errors.sqlite-wal", name: "errors")
/// syncer.acknowledge(continuations)  // resumed once on disk
/// ```
final class WALSyncer: Sendable {
  private struct State {
    var waiting: [CheckedContinuation<Void, any Error>] = []
    var flushing = false
  }

  private let walPath: String
  private let state = Mutex(State())
  private let queue: DispatchQueue

  init(walPath: String, name: String) {
    self.walPath = walPath
    self.queue = DispatchQueue(label: "lookout.wal-sync.\(name)")
  }

  /// Resumes `continuations` once everything written to the WAL so far is on disk (or
  /// with the error of the flush).
  func acknowledge(_ continuations: [CheckedContinuation<Void, any Error>]) {
    let start = state.withLock { state in
      state.waiting += continuations
      guard !state.flushing else { return false }
      state.flushing = true
      return true
    }
    if start { queue.async { self.flushLoop() } }
  }

  private func flushLoop() {
    while true {
      let batch = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
        let batch = state.waiting
        state.waiting = []
        if batch.isEmpty { state.flushing = false }
        return batch
      }
      if batch.isEmpty { return }
      let result = Result { try flush() }
      for continuation in batch { continuation.resume(with: result) }
    }
  }

  /// `fdatasync` of the WAL file, opened by path each time: a descriptor kept open would
  /// outlive the file if SQLite deleted it (it does when the last connection closes,
  /// after checkpointing everything into the database file, synced). No WAL file means
  /// nothing is waiting in one.
  private func flush() throws {
    let descriptor = open(walPath, O_RDONLY | O_CLOEXEC)
    if descriptor < 0 {
      if errno == ENOENT { return }
      throw StoreError.io("open \(walPath): \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    if fdatasync(descriptor) != 0 {
      throw StoreError.io("fdatasync \(walPath): \(String(cString: strerror(errno)))")
    }
  }
}
