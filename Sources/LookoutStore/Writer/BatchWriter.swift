import Dispatch
import GRDB
import Metrics
import Synchronization

/// Group-commits the work of many callers into few write transactions.
///
/// Each ``submit(_:cost:)`` returns only once its item is committed, so a caller (an HTTP
/// ingest request, a file tailer) acknowledges nothing that a crash could lose. While one
/// transaction runs, new items queue up and the next transaction takes them all: the
/// busier the store, the larger the batches. The queue is bounded by cost (rows): when
/// full, ``submit(_:cost:)`` throws ``StoreError/overloaded(retryAfterSeconds:)`` at once
/// instead of waiting or dropping.
///
/// The batches are taken and committed on a serial dispatch queue of the writer's own, not
/// on Swift's cooperative pool: the next transaction starts the moment the last one
/// commits, instead of waiting for a pool thread behind the request handlers that fill
/// the queue (with the writer on the pool, the 2-core ingest benchmarks left the writer
/// idle 40% of the time while requests waited for it).
///
/// ```swift
/// let writer = BatchWriter<[Row]>(name: "requests", database: pool) { db, batches in
///   for rows in batches { try insert(rows, db) }
/// }
/// // in a Service: try await writer.run()
/// try await writer.submit(rows, cost: rows.count)
/// ```
public final class BatchWriter<Item: Sendable>: Sendable {
  /// Limits of one writer.
  public struct Configuration: Sendable {
    /// Most cost (rows) waiting to be committed before submits are refused.
    public var maxQueuedCost: Int
    /// Most cost taken into one transaction.
    public var maxBatchCost: Int
    /// The `Retry-After` given when the queue is full.
    public var retryAfterSeconds: Int

    /// Creates a configuration; the defaults suit an ingest path of a few 100k rows/s.
    public init(
      maxQueuedCost: Int = 1_000_000, maxBatchCost: Int = 250_000, retryAfterSeconds: Int = 1
    ) {
      self.maxQueuedCost = maxQueuedCost
      self.maxBatchCost = maxBatchCost
      self.retryAfterSeconds = retryAfterSeconds
    }
  }

  private struct Pending {
    var item: Item
    var cost: Int
    var continuation: CheckedContinuation<Void, any Error>
  }

  private struct State {
    var pending: [Pending] = []
    var pendingCost = 0
    /// Whether ``run()`` has started: before, items only queue up.
    var running = false
    /// Whether a drain is scheduled or under way on the queue.
    var draining = false
    var closed = false
    var committed = 0
    /// ``run()``, waiting for the close and the last commit.
    var stopped: CheckedContinuation<Void, Never>?

    /// Whether a drain should be scheduled now (and marks it scheduled).
    mutating func startDrain() -> Bool {
      guard running, !draining, !pending.isEmpty else { return false }
      draining = true
      return true
    }

    /// ``run()``'s continuation when it may return: closed, nothing queued or committing.
    mutating func takeStopped() -> CheckedContinuation<Void, Never>? {
      guard closed, !draining, pending.isEmpty else { return nil }
      defer { stopped = nil }
      return stopped
    }
  }

  private let database: any DatabaseWriter
  private let configuration: Configuration
  private let apply: @Sendable (Database, [Item]) throws -> Void
  private let state = Mutex(State())
  /// What ``run()`` sets on the writer connection before the first batch: a large autocheckpoint (see
  /// ``WALCheckpointer``) and a page cache of 32 MiB, which holds the indexes' inner
  /// pages and hot leaves of a store of many millions of rows (SQLite's default of 2 MiB
  /// had the writer re-reading index pages from the OS on every batch).
  static var writerSetup: String {
    """
    PRAGMA wal_autocheckpoint = \(WALCheckpointer.writerAutocheckpointPages);
    PRAGMA cache_size = -32768
    """
  }
  private let queue: DispatchQueue
  private let syncer: WALSyncer
  private let checkpointer: WALCheckpointer
  private let queueDepth: Gauge
  private let commitTimer: Metrics.Timer
  private let rejected: Counter

  /// Creates a writer over `database`; `apply` writes one batch of items inside one
  /// transaction and must be deterministic (it is not retried).
  public init(
    name: String, database: any DatabaseWriter, configuration: Configuration = .init(),
    apply: @escaping @Sendable (Database, [Item]) throws -> Void
  ) {
    self.database = database
    self.configuration = configuration
    self.apply = apply
    self.queue = DispatchQueue(label: "lookout.writer.\(name)")
    self.syncer = WALSyncer(walPath: database.path + "-wal", name: name)
    self.checkpointer = WALCheckpointer(path: database.path, name: name)
    self.queueDepth = Gauge(label: "lookout_store_queue_depth", dimensions: [("store", name)])
    self.commitTimer = Metrics.Timer(
      label: "lookout_store_commit_seconds", dimensions: [("store", name)],
      preferredDisplayUnit: .seconds)
    self.rejected = Counter(label: "lookout_store_rejected_total", dimensions: [("store", name)])
  }

  /// Queues `item` and returns once it is committed.
  ///
  /// - Parameter cost: its weight against the queue bound, usually its row count.
  /// - Throws: ``StoreError/overloaded(retryAfterSeconds:)`` when the queue is full,
  ///   ``StoreError/closed`` after ``close()``, or the database error of its transaction.
  public func submit(_ item: Item, cost: Int) async throws {
    try await withCheckedThrowingContinuation { continuation in
      let queued = state.withLock { state -> Result<(depth: Int, drain: Bool), StoreError> in
        guard !state.closed else { return .failure(.closed) }
        if state.pendingCost > 0, state.pendingCost + cost > configuration.maxQueuedCost {
          return .failure(.overloaded(retryAfterSeconds: configuration.retryAfterSeconds))
        }
        state.pending.append(Pending(item: item, cost: cost, continuation: continuation))
        state.pendingCost += cost
        return .success((state.pendingCost, state.startDrain()))
      }
      switch queued {
      case .failure(let error):
        if case .overloaded = error { rejected.increment() }
        continuation.resume(throwing: error)
      case .success(let (depth, drain)):
        queueDepth.record(depth)
        if drain { queue.async { self.drain() } }
      }
    }
  }

  /// The cost (rows) queued and not yet committed.
  public var queuedCost: Int { state.withLock { $0.pendingCost } }

  /// Items committed since start.
  public var committedItems: Int { state.withLock { $0.committed } }

  /// Commits queued items until ``close()`` is called and the queue is empty.
  public func run() async {
    // Only speed is at stake: a store that refuses these keeps SQLite's defaults.
    try? await database.writeWithoutTransaction { db in try db.execute(sql: Self.writerSetup) }
    await withCheckedContinuation { continuation in
      let (drain, stop) = state.withLock { state in
        state.running = true
        state.stopped = continuation
        return (state.startDrain(), state.takeStopped())
      }
      if drain { queue.async { self.drain() } }
      stop?.resume()
    }
  }

  /// Stops taking new items; ``run()`` returns after committing what is queued.
  ///
  /// Safe to call from any context (a graceful-shutdown handler).
  public func close() {
    let stop = state.withLock { state in
      state.closed = true
      return state.takeStopped()
    }
    stop?.resume()
  }

  /// Writes one batch in one transaction. On a `synchronous=FULL` store the transaction
  /// commits with `NORMAL` and returns true: the caller acknowledges through the
  /// ``WALSyncer``, which flushes the WAL off the write lock. Other writes of the store
  /// keep `FULL`.
  private func commit(_ items: [Item]) throws -> Bool {
    try database.writeWithoutTransaction { db in
      let full = try Int.fetchOne(db, sql: "PRAGMA synchronous") == 2
      if full { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
      defer { if full { try? db.execute(sql: "PRAGMA synchronous = FULL") } }
      try db.inTransaction {
        try apply(db, items)
        return .commit
      }
      return full
    }
  }

  /// Commits batches until the queue is empty; runs on `queue`, one at a time.
  private func drain() {
    while true {
      let taken = state.withLock { state -> (batch: [Pending], cost: Int)? in
        guard !state.pending.isEmpty else {
          state.draining = false
          return nil
        }
        var take = 0
        var cost = 0
        while take < state.pending.count,
          take == 0 || cost + state.pending[take].cost <= configuration.maxBatchCost
        {
          cost += state.pending[take].cost
          take += 1
        }
        let batch = Array(state.pending.prefix(take))
        state.pending.removeFirst(take)
        return (batch, cost)
      }
      guard let (batch, cost) = taken else { break }
      let items = batch.map(\.item)
      let start = DispatchTime.now().uptimeNanoseconds
      let result = Result { try commit(items) }
      commitTimer.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start))
      let depth = state.withLock { state in
        state.pendingCost -= cost
        if case .success = result { state.committed += batch.count }
        return state.pendingCost
      }
      queueDepth.record(depth)
      if case .success = result { checkpointer.nudge() }
      if case .success(let needsFlush) = result, needsFlush {
        syncer.acknowledge(batch.map(\.continuation))
      } else {
        for entry in batch { entry.continuation.resume(with: result.map { _ in }) }
      }
    }
    state.withLock { $0.takeStopped() }?.resume()
  }
}
