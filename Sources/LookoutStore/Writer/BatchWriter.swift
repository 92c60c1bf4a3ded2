import Dispatch
import GRDB
import Metrics

/// Group-commits the work of many callers into few write transactions.
///
/// Each ``submit(_:cost:)`` returns only once its item is committed, so a caller (an HTTP
/// ingest request, a file tailer) acknowledges nothing that a crash could lose. While one
/// transaction runs, new items queue up and the next transaction takes them all: the
/// busier the store, the larger the batches. The queue is bounded by cost (rows): when
/// full, ``submit(_:cost:)`` throws ``StoreError/overloaded(retryAfterSeconds:)`` at once
/// instead of waiting or dropping.
///
/// ```swift
/// let writer = BatchWriter<[Row]>(name: "requests", database: pool) { db, batches in
///   for rows in batches { try insert(rows, db) }
/// }
/// // in a Service: try await writer.run()
/// try await writer.submit(rows, cost: rows.count)
/// ```
public actor BatchWriter<Item: Sendable> {
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

  private let name: String
  private let database: any DatabaseWriter
  private let configuration: Configuration
  private let apply: @Sendable (Database, [Item]) throws -> Void
  private var pending: [Pending] = []
  private var pendingCost = 0
  private var closed = false
  private var committed = 0
  private enum Signal { case work, close }
  private let wakeUp: AsyncStream<Signal>.Continuation
  private let wakeUps: AsyncStream<Signal>
  private let queueDepth: Gauge
  private let commitTimer: Metrics.Timer
  private let rejected: Counter

  /// Creates a writer over `database`; `apply` writes one batch of items inside one
  /// transaction and must be deterministic (it is not retried).
  public init(
    name: String, database: any DatabaseWriter, configuration: Configuration = .init(),
    apply: @escaping @Sendable (Database, [Item]) throws -> Void
  ) {
    self.name = name
    self.database = database
    self.configuration = configuration
    self.apply = apply
    (self.wakeUps, self.wakeUp) = AsyncStream.makeStream()
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
    guard !closed else { throw StoreError.closed }
    if pendingCost > 0, pendingCost + cost > configuration.maxQueuedCost {
      rejected.increment()
      throw StoreError.overloaded(retryAfterSeconds: configuration.retryAfterSeconds)
    }
    try await withCheckedThrowingContinuation { continuation in
      pending.append(Pending(item: item, cost: cost, continuation: continuation))
      pendingCost += cost
      queueDepth.record(pendingCost)
      wakeUp.yield(.work)
    }
  }

  /// The cost (rows) queued and not yet committed.
  public var queuedCost: Int { pendingCost }

  /// Items committed since start.
  public var committedItems: Int { committed }

  /// Commits queued items until ``close()`` is called and the queue is empty.
  public func run() async {
    for await signal in wakeUps {
      if signal == .close { closed = true }
      await drain()
      if closed { break }
    }
    closed = true
    await drain()
  }

  /// Stops taking new items; ``run()`` returns after committing what is queued.
  ///
  /// Safe to call from any context (a graceful-shutdown handler).
  public nonisolated func close() {
    wakeUp.yield(.close)
    wakeUp.finish()
  }

  private func drain() async {
    while !pending.isEmpty {
      var take = 0
      var cost = 0
      while take < pending.count,
        take == 0 || cost + pending[take].cost <= configuration.maxBatchCost
      {
        cost += pending[take].cost
        take += 1
      }
      let batch = Array(pending.prefix(take))
      pending.removeFirst(take)
      let items = batch.map(\.item)
      let apply = self.apply
      let start = DispatchTime.now().uptimeNanoseconds
      do {
        try await database.write { db in try apply(db, items) }
        commitTimer.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start))
        committed += batch.count
        for entry in batch { entry.continuation.resume() }
      } catch {
        for entry in batch { entry.continuation.resume(throwing: error) }
      }
      pendingCost -= cost
      queueDepth.record(pendingCost)
    }
  }
}
