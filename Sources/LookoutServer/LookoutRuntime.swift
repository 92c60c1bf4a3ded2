import Foundation
import Logging
import LookoutAnalysis
import LookoutCore
import LookoutStore
import Synchronization

/// The long-lived parts one server shares between its routes and services: the stores,
/// their batch writers, the enricher and the ingest statistics.
public final class LookoutRuntime: Sendable {
  /// The configuration the server started with.
  public let configuration: LookoutConfiguration
  /// Projects, users, sessions, API tokens.
  public let meta: MetaStore
  /// Raw request blocks and rollups.
  public let requests: RequestStore
  /// The group-commit writer of requests.
  public let requestWriter: BatchWriter<RequestBatch>
  /// Route and domain enrichment of requests, per project.
  public let enricher: RequestEnricher
  /// Error events grouped into issues.
  public let errors: ErrorStore
  /// The group-commit writer of error events.
  public let errorWriter: BatchWriter<[GroupedEvent]>
  /// The grouping of error events into issues, remembered for repeats of a bug.
  public let grouping = GroupingCache(grouper: IssueGrouper())
  /// Spans (Sentry transactions today).
  public let spans: SpanStore
  /// Pairs client and server spans into service-map edges as they arrive.
  let spanEdges = SpanEdgeTracker()
  /// The group-commit writer of spans.
  public let spanWriter: BatchWriter<SpanBatch>
  /// Slow queries: raw calls, minute rollups per class, the classes.
  public let slowQueries: SlowQueryStore
  /// The group-commit writer of slow queries.
  public let slowQueryWriter: BatchWriter<SlowQueryBatch>
  /// Log entries (OTLP, Loki, tailed files).
  public let logs: LogStore
  /// The group-commit writer of log entries.
  public let logWriter: BatchWriter<LogBatch>
  /// Mines the patterns of each log source as entries arrive.
  let logPatterns = LogPatternTracker()
  /// New issues and regressions, announced after their transaction commits.
  let issueNotifications: AsyncStream<IssueNotification>
  /// Per-project limits of Sentry ingest.
  let errorRateLimiter: ProjectRateLimiter
  /// Per-source counters.
  public let ingestStats = IngestStats()
  /// Finds projects by ingest key.
  let ingestAuthenticator: IngestAuthenticator
  private let ready = Atomic<Bool>(false)

  /// Opens the stores under the configured data folder and builds the writers.
  public init(configuration: LookoutConfiguration, logger: Logger) throws {
    self.configuration = configuration
    let data = configuration.dataDirectory
    try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
    self.meta = try MetaStore(path: "\(data)/meta.sqlite")
    let requests = try RequestStore(
      path: "\(data)/requests.sqlite", durability: configuration.durability)
    self.requests = requests
    self.requestWriter = BatchWriter(
      name: "requests", database: requests.database,
      configuration: .init(maxQueuedCost: configuration.maxQueuedRows)
    ) { db, batches in
      try requests.write(batches, in: db)
    }
    self.enricher = try RequestEnricher(configuration: configuration)
    let errors = try ErrorStore(path: "\(data)/errors.sqlite", durability: configuration.durability)
    self.errors = errors
    let (notifications, announce) = AsyncStream<IssueNotification>.makeStream(
      bufferingPolicy: .bufferingNewest(10_000))
    self.issueNotifications = notifications
    self.errorWriter = BatchWriter(
      name: "errors", database: errors.database,
      configuration: .init(maxQueuedCost: 100_000, maxBatchCost: 5_000)
    ) { db, batches in
      let notes = try errors.write(batches.flatMap { $0 }, in: db)
      guard !notes.isEmpty else { return }
      db.afterNextTransaction { _ in
        for note in notes { announce.yield(note) }
      }
    }
    let spans = try SpanStore(path: "\(data)/traces.sqlite", durability: configuration.durability)
    self.spans = spans
    self.spanWriter = BatchWriter(
      name: "spans", database: spans.database,
      configuration: .init(maxQueuedCost: configuration.maxQueuedRows)
    ) { db, batches in
      try spans.write(batches, in: db)
    }
    let slowQueries = try SlowQueryStore(
      path: "\(data)/queries.sqlite", durability: configuration.durability)
    self.slowQueries = slowQueries
    self.slowQueryWriter = BatchWriter(
      name: "slowqueries", database: slowQueries.database,
      configuration: .init(maxQueuedCost: configuration.maxQueuedRows)
    ) { db, batches in
      try slowQueries.write(batches, in: db)
    }
    let logs = try LogStore(path: "\(data)/logs.sqlite", durability: configuration.durability)
    self.logs = logs
    self.logWriter = BatchWriter(
      name: "logs", database: logs.database,
      configuration: .init(maxQueuedCost: configuration.maxQueuedRows)
    ) { db, batches in
      try logs.write(batches, in: db)
    }
    self.errorRateLimiter = ProjectRateLimiter(ratePerSecond: configuration.errorEventsPerSecond)
    self.ingestAuthenticator = IngestAuthenticator(meta: meta)
  }

  /// Whether stores are open and start-up work is done (`/readyz`).
  public var isReady: Bool { ready.load(ordering: .acquiring) }

  func markReady() { ready.store(true, ordering: .releasing) }
}
