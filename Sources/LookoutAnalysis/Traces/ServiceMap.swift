/// The service map over a time range: per edge, calls, faults, errors and a latency sketch,
/// accumulated from ``ServiceEdgeObservation``s and mergeable across blocks or minutes.
///
/// ```swift
/// var map = ServiceMap()
/// for edge in matcher.ingest(batch, now: now) { map.add(edge) }
/// let rows = map.report(rangeDuration: 3_600_000_000)  // an hour, µs
/// ```
public struct ServiceMap: Sendable, Hashable {
  /// One direction between two nodes.
  public struct EdgeKey: Sendable, Hashable, Codable, Comparable {
    /// The caller.
    public var from: ServiceNode
    /// The callee.
    public var to: ServiceNode

    /// Creates a key.
    public init(from: ServiceNode, to: ServiceNode) {
      self.from = from
      self.to = to
    }

    /// Orders by caller, then callee.
    public static func < (lhs: EdgeKey, rhs: EdgeKey) -> Bool {
      (lhs.from.id, lhs.to.id) < (rhs.from.id, rhs.to.id)
    }
  }

  /// What one edge carried.
  public struct EdgeStats: Sendable, Hashable {
    /// Calls.
    public var calls = 0
    /// Calls that were faults.
    public var faults = 0
    /// Calls that were client errors.
    public var clientErrors = 0
    /// Call latencies, µs.
    public var durations = QuantileSketch()

    /// Creates empty statistics.
    public init() {}

    /// Adds one call.
    public mutating func add(_ observation: ServiceEdgeObservation) {
      calls += 1
      if observation.isFault { faults += 1 }
      if observation.isClientError { clientErrors += 1 }
      durations.add(Double(max(0, observation.duration)))
    }

    /// Adds another edge's statistics.
    public mutating func merge(_ other: EdgeStats) {
      calls += other.calls
      faults += other.faults
      clientErrors += other.clientErrors
      durations.merge(other.durations)
    }
  }

  /// Statistics per edge.
  public internal(set) var edges: [EdgeKey: EdgeStats] = [:]

  /// Creates an empty map.
  public init() {}

  /// Every node at either end of an edge.
  public var nodes: Set<ServiceNode> {
    Set(edges.keys.flatMap { [$0.from, $0.to] })
  }

  /// Adds one call.
  public mutating func add(_ observation: ServiceEdgeObservation) {
    edges[EdgeKey(from: observation.from, to: observation.to), default: EdgeStats()].add(
      observation)
  }

  /// Adds another map's calls.
  public mutating func merge(_ other: ServiceMap) {
    for (key, stats) in other.edges { edges[key, default: EdgeStats()].merge(stats) }
  }

  /// One row per edge, sorted by caller then callee.
  ///
  /// - Parameter rangeDuration: Length of the range the calls came from, µs, for calls per
  ///   minute; a range of 0 or less gives 0 calls per minute.
  public func report(rangeDuration: Int64) -> [ServiceMapEdge] {
    let minutes = Double(rangeDuration) / 60_000_000
    return edges.sorted { $0.key < $1.key }.map { key, stats in
      let calls = Double(stats.calls)
      return ServiceMapEdge(
        from: key.from, to: key.to, calls: stats.calls,
        callsPerMinute: minutes > 0 ? calls / minutes : 0,
        faultRate: stats.calls > 0 ? Double(stats.faults) / calls : 0,
        clientErrorRate: stats.calls > 0 ? Double(stats.clientErrors) / calls : 0,
        p50Duration: stats.durations.quantile(0.5), p95Duration: stats.durations.quantile(0.95))
    }
  }
}

/// One edge of the service map as the API and UI show it.
public struct ServiceMapEdge: Sendable, Hashable, Codable {
  /// The caller.
  public var from: ServiceNode
  /// The callee.
  public var to: ServiceNode
  /// Calls in the range.
  public var calls: Int
  /// Calls per minute over the range.
  public var callsPerMinute: Double
  /// Faults over calls, in `0...1`.
  public var faultRate: Double
  /// Client errors over calls, in `0...1`.
  public var clientErrorRate: Double
  /// Median latency, µs (within 1 %); `nil` without calls.
  public var p50Duration: Double?
  /// 95th percentile latency, µs (within 1 %); `nil` without calls.
  public var p95Duration: Double?

  /// Creates an edge row.
  public init(
    from: ServiceNode, to: ServiceNode, calls: Int, callsPerMinute: Double, faultRate: Double,
    clientErrorRate: Double, p50Duration: Double?, p95Duration: Double?
  ) {
    self.from = from
    self.to = to
    self.calls = calls
    self.callsPerMinute = callsPerMinute
    self.faultRate = faultRate
    self.clientErrorRate = clientErrorRate
    self.p50Duration = p50Duration
    self.p95Duration = p95Duration
  }
}
