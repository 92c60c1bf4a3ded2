import LookoutCore

/// An endpoint of a service: the entry point of traces, named by the root span.
public struct EndpointKey: Sendable, Hashable, Codable, Comparable {
  /// The service of the root span.
  public var service: String
  /// The root span's `http.route`, or its name when it has none.
  public var endpoint: String

  /// Creates a key.
  public init(service: String, endpoint: String) {
    self.service = service
    self.endpoint = endpoint
  }

  /// The endpoint a trace entered through: its root span's service and route (or name);
  /// `nil` for an empty trace.
  public init?(tree: TraceTree) {
    guard let root = tree.rootSpan else { return nil }
    let route = root.attributes["http.route"]
    service = root.service
    endpoint = route.flatMap { $0.isEmpty ? nil : $0 } ?? root.name
  }

  /// Orders by service, then endpoint.
  public static func < (lhs: EndpointKey, rhs: EndpointKey) -> Bool {
    (lhs.service, lhs.endpoint) < (rhs.service, rhs.endpoint)
  }
}
