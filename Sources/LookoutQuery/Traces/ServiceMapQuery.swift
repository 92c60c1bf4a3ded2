import LookoutCore
import LookoutStore

/// The service map of a range: services, databases and external hosts as nodes, calls
/// between them as edges, each with calls per minute, error and fault rates and p95, from
/// the minute rollups.
public struct ServiceMapReport: Sendable, Encodable {
  /// How healthy a node or an edge looks: faults above 1% warn, above 5% are critical
  /// (X-Ray colours its map the same way, by fault share).
  public enum Health: String, Sendable, Encodable {
    case ok, warning, critical

    init(faultRate: Double) {
      self = faultRate > 0.05 ? .critical : faultRate > 0.01 ? .warning : .ok
    }
  }

  public struct Node: Sendable, Encodable {
    /// `service:orders`, `database:postgresql/shop`, `external:api.stripe.com`, `aws:DynamoDB`,
    /// `client`.
    public var id: String
    public var name: String
    /// `service`, `database`, `external`, `aws`, `client`.
    public var kind: String
    /// Calls the node served (services: their server spans; others: calls into them).
    public var calls: Int64
    public var callsPerMinute: Double
    public var errors: Int64
    public var faults: Int64
    public var errorRate: Double
    public var faultRate: Double
    public var p95Ms: Double?
    public var health: Health

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(id, forKey: .id)
      try container.encode(name, forKey: .name)
      try container.encode(kind, forKey: .kind)
      try container.encode(calls, forKey: .calls)
      try container.encode(callsPerMinute, forKey: .callsPerMinute)
      try container.encode(errors, forKey: .errors)
      try container.encode(faults, forKey: .faults)
      try container.encode(errorRate, forKey: .errorRate)
      try container.encode(faultRate, forKey: .faultRate)
      // Present as null without calls, so every node has the same keys.
      try container.encode(p95Ms, forKey: .p95Ms)
      try container.encode(health, forKey: .health)
    }

    enum CodingKeys: String, CodingKey {
      case id, name, kind, calls, errors, faults, health
      case callsPerMinute = "calls_per_min"
      case errorRate = "error_rate"
      case faultRate = "fault_rate"
      case p95Ms = "p95_ms"
    }
  }

  public struct Edge: Sendable, Encodable {
    public var source: String
    public var target: String
    public var calls: Int64
    public var callsPerMinute: Double
    public var errors: Int64
    public var faults: Int64
    public var errorRate: Double
    public var faultRate: Double
    public var avgMs: Double
    public var p95Ms: Double?
    public var health: Health

    enum CodingKeys: String, CodingKey {
      case source, target, calls, errors, faults, health
      case callsPerMinute = "calls_per_min"
      case errorRate = "error_rate"
      case faultRate = "fault_rate"
      case avgMs = "avg_ms"
      case p95Ms = "p95_ms"
    }
  }

  public var from: Int64
  public var to: Int64
  public var nodes: [Node]
  public var edges: [Edge]

  /// The kind and display name of a node id.
  public static func describe(node id: String) -> (kind: String, name: String) {
    guard let colon = id.firstIndex(of: ":") else { return (id, id) }
    return (String(id[..<colon]), String(id[id.index(after: colon)...]))
  }
}

/// Builds the ``ServiceMapReport`` of a range.
public enum ServiceMapQuery {
  public static func run(
    _ store: SpanStore, project: Int64, range: TimeRange, environment: String? = nil
  ) throws -> ServiceMapReport {
    let minutes = max(1, Double(range.duration) / Double(Micros.perMinute))
    let edgeStats = try store.edges(project: project, range: range, environment: environment)
    let operations = try store.operations(project: project, range: range, environment: environment)
    func rates(_ red: SpanRED) -> (Double, Double) {
      red.calls > 0
        ? (Double(red.errors) / Double(red.calls), Double(red.faults) / Double(red.calls))
        : (0, 0)
    }
    func p95(_ red: SpanRED) -> Double? {
      red.calls > 0 ? red.sketch.quantile(0.95).map { $0 / 1000 } : nil
    }
    // A service node's own figures: its server (or, lacking those, root-like consumer)
    // spans; inferred nodes take the calls made into them.
    var served: [String: SpanRED] = [:]
    var seenServices: Set<String> = []
    for operation in operations {
      seenServices.insert(operation.service)
      guard operation.kind == .server || operation.kind == .consumer else { continue }
      served["service:\(operation.service)", default: .init()].merge(operation.red)
    }
    var incoming: [String: SpanRED] = [:]
    var outgoing: [String: SpanRED] = [:]
    for edge in edgeStats {
      incoming[edge.target, default: .init()].merge(edge.red)
      outgoing[edge.source, default: .init()].merge(edge.red)
    }
    var ids = Set(seenServices.map { "service:\($0)" })
    for edge in edgeStats {
      ids.insert(edge.source)
      ids.insert(edge.target)
    }
    let nodes = ids.sorted().map { id -> ServiceMapReport.Node in
      let (kind, name) = ServiceMapReport.describe(node: id)
      // Clients only call: their figures are the calls they made.
      let red = served[id] ?? incoming[id] ?? outgoing[id] ?? SpanRED()
      let (errorRate, faultRate) = rates(red)
      return ServiceMapReport.Node(
        id: id, name: name, kind: kind, calls: red.calls,
        callsPerMinute: Double(red.calls) / minutes, errors: red.errors, faults: red.faults,
        errorRate: errorRate, faultRate: faultRate, p95Ms: p95(red),
        health: ServiceMapReport.Health(faultRate: faultRate))
    }
    let edges = edgeStats.map { edge -> ServiceMapReport.Edge in
      let (errorRate, faultRate) = rates(edge.red)
      return ServiceMapReport.Edge(
        source: edge.source, target: edge.target, calls: edge.red.calls,
        callsPerMinute: Double(edge.red.calls) / minutes, errors: edge.red.errors,
        faults: edge.red.faults, errorRate: errorRate, faultRate: faultRate,
        avgMs: edge.red.meanMicros / 1000, p95Ms: p95(edge.red),
        health: ServiceMapReport.Health(faultRate: faultRate))
    }
    return ServiceMapReport(from: range.from, to: range.to, nodes: nodes, edges: edges)
  }
}
