import Foundation
import Logging
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
    self.ingestAuthenticator = IngestAuthenticator(meta: meta)
  }

  /// Whether stores are open and start-up work is done (`/readyz`).
  public var isReady: Bool { ready.load(ordering: .acquiring) }

  func markReady() { ready.store(true, ordering: .releasing) }
}
