/// The input types of ``ServiceMapChart``: nodes, edges, and how they are drawn.
extension ServiceMapChart {
  /// How healthy a service-map node or edge is; drawn with CSS class `health-ok`,
  /// `health-warning` or `health-critical`.
  public enum Health: String, Sendable, Hashable, CaseIterable {
    /// Within its thresholds.
    case ok
    /// Errors or latency above the warning threshold.
    case warning
    /// Faults or latency above the critical threshold.
    case critical

    /// The CSS class, e.g. `health-warning`.
    var cssClass: String { "health-" + rawValue }
  }

  /// What a service-map node stands for, which decides its shape.
  public enum NodeKind: String, Sendable, Hashable, CaseIterable {
    /// An instrumented service: a circle.
    case service
    /// A database seen from client spans: a cylinder.
    case database
    /// A remote endpoint outside the system (an inferred node): a cloud.
    case external
    /// An AWS service called through the SDK (X-Ray namespace `aws`): a hexagon.
    case aws
    /// The callers of the entry services (browsers, apps): a rounded square.
    case client
    /// A message queue or topic: a box divided into slots.
    case messaging
  }

  /// A node of a service map.
  ///
  /// ```swift
  /// let node = ServiceMapChart.Node(
  ///   id: "checkout", label: "checkout", kind: .service, health: .warning,
  ///   callsPerMinute: 1_240, href: "/traces?service=checkout")
  /// ```
  public struct Node: Sendable, Equatable {
    /// Unique key that edges refer to.
    public var id: String
    /// Name drawn under the shape (shortened when long; the tooltip has it whole).
    public var label: String
    /// What the node stands for.
    public var kind: ServiceMapChart.NodeKind
    /// Health, for the colour.
    public var health: ServiceMapChart.Health
    /// Requests the node served per minute (non-finite values are drawn as `–`).
    public var callsPerMinute: Double
    /// Where a click on the node leads; nil draws it without a link.
    public var href: String?

    /// Creates a node; see the properties for the meaning of each argument.
    public init(
      id: String, label: String, kind: ServiceMapChart.NodeKind = .service,
      health: ServiceMapChart.Health = .ok, callsPerMinute: Double, href: String? = nil
    ) {
      self.id = id
      self.label = label
      self.kind = kind
      self.health = health
      self.callsPerMinute = callsPerMinute
      self.href = href
    }
  }

  /// A directed edge (caller to callee) of a service map.
  ///
  /// ```swift
  /// let edge = ServiceMapChart.Edge(
  ///   from: "checkout", to: "payments", callsPerMinute: 310, errorRate: 0.004,
  ///   faultRate: 0.001, p95Milliseconds: 182, health: .ok)
  /// ```
  public struct Edge: Sendable, Equatable {
    /// Id of the calling node.
    public var from: String
    /// Id of the called node (equal to ``from`` for a self-call).
    public var to: String
    /// Calls per minute.
    public var callsPerMinute: Double
    /// Fraction of calls with a client error (1 = 100 %).
    public var errorRate: Double
    /// Fraction of calls with a fault (1 = 100 %).
    public var faultRate: Double
    /// 95th percentile latency of the calls, in milliseconds.
    public var p95Milliseconds: Double
    /// Health, for the colour.
    public var health: ServiceMapChart.Health
    /// Where a click on the edge leads; nil draws it without a link.
    public var href: String?

    /// Creates an edge; see the properties for the meaning of each argument.
    public init(
      from: String, to: String, callsPerMinute: Double, errorRate: Double = 0,
      faultRate: Double = 0, p95Milliseconds: Double, health: ServiceMapChart.Health = .ok,
      href: String? = nil
    ) {
      self.from = from
      self.to = to
      self.callsPerMinute = callsPerMinute
      self.errorRate = errorRate
      self.faultRate = faultRate
      self.p95Milliseconds = p95Milliseconds
      self.health = health
      self.href = href
    }
  }
}
