import LookoutCore

/// A node of the service map: a service that sends spans, or something inferred from the
/// client spans that call it.
public struct ServiceNode: Sendable, Hashable, Codable, Comparable {
  /// What the node stands for.
  public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Callers outside the traces: the origin of every root server span.
    case client
    /// A service that reports spans.
    case service
    /// A database or cache, inferred from `db.*` attributes.
    case database
    /// A host called over HTTP (or another protocol) that reports no spans.
    case external
    /// An AWS service, inferred from the `aws` namespace or `aws.*` / `rpc.*` attributes.
    case aws
    /// A message queue or topic, inferred from `messaging.*` attributes.
    case messaging
  }

  /// What the node stands for.
  public var kind: Kind
  /// Its name: the service name, `postgresql/shop`, `api.stripe.com`, `DynamoDB`; empty for
  /// the client node.
  public var name: String

  /// Creates a node.
  public init(kind: Kind, name: String) {
    self.kind = kind
    self.name = name
  }

  /// The node of a service.
  public static func service(_ name: String) -> ServiceNode {
    ServiceNode(kind: .service, name: name)
  }

  /// The callers outside the traces.
  public static let client = ServiceNode(kind: .client, name: "")

  /// A stable identity string: `client`, `service:orders`, `database:postgresql/shop`,
  /// `external:api.stripe.com`, `aws:DynamoDB`, `messaging:kafka/orders`.
  public var id: String { kind == .client ? "client" : "\(kind.rawValue):\(name)" }

  /// Orders by ``id``.
  public static func < (lhs: ServiceNode, rhs: ServiceNode) -> Bool { lhs.id < rhs.id }

  /// The node a client (or producer) span calls when no span of the callee was seen:
  /// a database (`db.system` and `db.name`, else `server.address`), an AWS service, a
  /// queue (`messaging.system` and destination), or an external host (`server.address`,
  /// the host of `url.full`, `peer.service`). `nil` when the span names none of these.
  public static func inferred(from span: SpanRecord) -> ServiceNode? {
    let attributes = span.attributes
    if let system = attributes["db.system.name"] ?? attributes["db.system"], !system.isEmpty {
      let database =
        attributes["db.namespace"] ?? attributes["db.name"] ?? attributes["server.address"]
      let name = database.flatMap { $0.isEmpty ? nil : "\(system)/\($0)" } ?? system
      return ServiceNode(kind: .database, name: name)
    }
    if span.isAWSCall {
      // The service alone: one node per AWS service, whatever the operation.
      let service = attributes["rpc.service"] ?? attributes["aws.service"]
      return ServiceNode(kind: .aws, name: service.flatMap { $0.isEmpty ? nil : $0 } ?? span.name)
    }
    if let system = attributes["messaging.system"], !system.isEmpty {
      let destination = attributes["messaging.destination.name"]
      let name = destination.flatMap { $0.isEmpty ? nil : "\(system)/\($0)" } ?? system
      return ServiceNode(kind: .messaging, name: name)
    }
    if let host = span.remoteHost { return ServiceNode(kind: .external, name: host) }
    return nil
  }
}
