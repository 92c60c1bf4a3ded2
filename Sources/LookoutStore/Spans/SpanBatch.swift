import LookoutCore

/// Spans of one project to store in one write, with the service-map edges observed since
/// the last write.
public struct SpanBatch: Sendable {
  /// The project the spans belong to.
  public let project: Int64
  /// Calls between services (or to databases and external hosts) seen in these or earlier
  /// spans.
  public let edges: [ServiceEdgeSample]
  /// The spans as the store writes them, prepared by the initializer (on the caller's
  /// thread, not the writer's).
  let prepared: PreparedSpans

  /// A batch of `spans`; `environment` is the one of spans that carry none (the
  /// source's). A span stored before (same trace and span id) is stored again, and reads
  /// return the latest copy.
  public init(
    project: Int64, environment: String = "", spans: [SpanRecord],
    edges: [ServiceEdgeSample] = []
  ) {
    self.project = project
    self.edges = edges
    self.prepared = PreparedSpans(spans, environment: environment)
  }

  /// How many spans the batch stores.
  public var spanCount: Int { prepared.columns.rowCount }
}

/// One call from one service-map node to another.
public struct ServiceEdgeSample: Sendable, Hashable {
  /// When the call started, µs since epoch.
  public var time: Int64
  /// The environment of the calling side.
  public var environment: String
  /// Calling node id (`service:orders`, `client`).
  public var from: String
  /// Called node id (`service:payments`, `database:postgresql/shop`, `external:api.x.com`).
  public var to: String
  /// The call's duration, µs.
  public var duration: Int64
  /// Whether the called side failed (X-Ray fault: 5xx or error status).
  public var isFault: Bool
  /// Whether the call was refused as the caller's fault (X-Ray error: 4xx).
  public var isClientError: Bool

  public init(
    time: Int64, environment: String, from: String, to: String, duration: Int64,
    isFault: Bool, isClientError: Bool
  ) {
    self.time = time
    self.environment = environment
    self.from = from
    self.to = to
    self.duration = duration
    self.isFault = isFault
    self.isClientError = isClientError
  }
}
