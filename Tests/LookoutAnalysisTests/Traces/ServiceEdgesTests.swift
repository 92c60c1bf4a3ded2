import LookoutAnalysis
import LookoutCore
import Testing

@Suite("Service edges")
struct ServiceEdgesTests {
  typealias F = TraceFixtures

  /// What ``TraceFixtures/checkout(trace:offset:)`` walked, sorted by ids.
  static let checkoutEdges: [ServiceEdgeObservation] = [
    ServiceEdgeObservation(
      from: .client, to: .service("frontend"), duration: 1000, isFault: false,
      isClientError: false, time: 0, traceID: F.traceID),
    ServiceEdgeObservation(
      from: .service("frontend"), to: .service("orders"), duration: 600, isFault: false,
      isClientError: false, time: 100, traceID: F.traceID),
    ServiceEdgeObservation(
      from: .service("orders"), to: ServiceNode(kind: .database, name: "postgresql/shop"),
      duration: 100, isFault: false, isClientError: false, time: 200, traceID: F.traceID),
    ServiceEdgeObservation(
      from: .service("orders"), to: .service("payments"), duration: 280, isFault: true,
      isClientError: false, time: 320, traceID: F.traceID),
    ServiceEdgeObservation(
      from: .service("payments"), to: ServiceNode(kind: .external, name: "api.stripe.com"),
      duration: 200, isFault: false, isClientError: false, time: 350, traceID: F.traceID),
  ]

  static func sorted(_ edges: [ServiceEdgeObservation]) -> [ServiceEdgeObservation] {
    edges.sorted { ($0.from.id, $0.to.id, $0.time) < ($1.from.id, $1.to.id, $1.time) }
  }

  @Test("a three-service trace with a database and an external call")
  func checkout() {
    let edges = TraceTree(spans: F.checkout()).serviceEdges()
    #expect(Self.sorted(edges) == Self.sorted(Self.checkoutEdges))
    #expect(
      Set(edges.flatMap { [$0.from.id, $0.to.id] }) == [
        "client", "service:frontend", "service:orders", "service:payments",
        "database:postgresql/shop", "external:api.stripe.com",
      ])
  }

  @Test("inferred nodes: AWS, queues, hosts, and spans that name nothing")
  func inferredNodes() {
    let spans = [
      F.span("root", service: "jobs", kind: .internal, start: 0, end: 100),
      F.span(
        "ddb", parent: "root", service: "jobs", kind: .client, start: 1, end: 2,
        attributes: ["rpc.system": "aws-api", "rpc.service": "DynamoDB"]),
      F.span(
        "q", parent: "root", service: "jobs", kind: .producer, start: 3, end: 4,
        attributes: ["messaging.system": "sqs", "messaging.destination.name": "mail"]),
      F.span(
        "h", parent: "root", service: "jobs", kind: .client, start: 5, end: 6,
        attributes: ["http.url": "http://[::1]:9000/x"]),
      F.span("anon", parent: "root", service: "jobs", kind: .client, start: 7, end: 8),
      // As the X-Ray decoder maps an `aws` subsegment.
      F.span(
        "xray", parent: "root", service: "jobs", name: "SQS", kind: .client, start: 8, end: 9,
        attributes: [
          "xray.namespace": "aws", "peer.service": "SQS", "aws.operation": "SendMessage",
        ]),
      F.span(
        "same", parent: "root", service: "jobs", kind: .client, start: 9, end: 10,
        attributes: ["server.address": "jobs"]),
      F.span("inner", parent: "same", service: "jobs", kind: .server, start: 9, end: 10),
    ]
    let ids = TraceTree(spans: spans).serviceEdges().map(\.to.id)
    // An internal root is no entry from outside; a client whose child is in its own
    // service still called something outside.
    #expect(
      ids == ["aws:DynamoDB", "messaging:sqs/mail", "external:[::1]", "aws:SQS", "external:jobs"])
  }
}
