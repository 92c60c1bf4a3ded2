import LookoutAnalysis
import LookoutCore
import Testing

@Suite("SpanClassifier")
struct SpanClassifierTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var kind: SpanRecord.Kind
    var attributes: [String: String]
    var category: SpanCategory
    var label: String
    var testDescription: String { "\(category.rawValue) \(label)" }
  }

  static let cases: [Case] = [
    Case(
      name: "SELECT", kind: .client,
      attributes: [
        "db.system": "postgresql", "db.statement": "SELECT * FROM orders o JOIN items i ON 1=1",
      ], category: .db, label: "SELECT orders"),
    Case(
      name: "query", kind: .client,
      attributes: ["db.system": "mysql", "db.statement": "update `shop`.`users` set a = 1"],
      category: .db, label: "UPDATE shop.users"),
    Case(
      name: "BEGIN", kind: .client, attributes: ["db.system": "mysql", "db.statement": "BEGIN"],
      category: .db, label: "BEGIN"),
    Case(
      name: "find", kind: .client,
      attributes: ["db.system": "mongodb", "db.operation": "find", "db.collection.name": "carts"],
      category: .db, label: "FIND carts"),
    Case(
      name: "conn", kind: .client, attributes: ["db.system": "postgresql", "db.name": "shop"],
      category: .db, label: "shop"),
    Case(
      name: "GET", kind: .client,
      attributes: ["db.system": "redis", "db.statement": "get session:42"], category: .cache,
      label: "redis GET"),
    Case(
      name: "cache.lookup", kind: .internal, attributes: [:], category: .cache,
      label: "cache.lookup"),
    Case(
      name: "POST", kind: .client, attributes: ["url.full": "https://api.stripe.com/v1/charges"],
      category: .http, label: "api.stripe.com"),
    Case(
      name: "GET", kind: .client,
      attributes: ["http.request.method": "GET", "server.address": "inventory"], category: .http,
      label: "inventory"),
    Case(
      name: "api.github.com", kind: .client, attributes: ["xray.namespace": "remote"],
      category: .http, label: "api.github.com"),
    Case(
      name: "DynamoDB", kind: .client,
      attributes: ["rpc.system": "aws-api", "rpc.service": "DynamoDB", "rpc.method": "GetItem"],
      category: .aws, label: "DynamoDB.GetItem"),
    Case(
      name: "S3", kind: .client,
      attributes: ["xray.namespace": "aws", "aws.operation": "PutObject"],
      category: .aws, label: "S3.PutObject"),
    Case(
      name: "SQS", kind: .client, attributes: ["xray.namespace": "aws", "peer.service": "SQS"],
      category: .aws, label: "SQS"),
    Case(
      name: "GET /orders", kind: .server,
      attributes: ["aws.ec2.instance_id": "i-0abc", "http.request.method": "GET"],
      category: .app, label: "GET /orders"),
    Case(
      name: "users@db.example.com", kind: .client,
      attributes: [
        "xray.namespace": "remote", "peer.service": "users@db.example.com",
        "db.system": "postgresql", "db.statement": "DELETE FROM sessions WHERE id = $1",
      ], category: .db, label: "DELETE sessions"),
    Case(
      name: "send", kind: .producer,
      attributes: ["messaging.system": "kafka", "messaging.destination.name": "orders"],
      category: .messaging, label: "kafka orders"),
    Case(
      name: "grpc.Call", kind: .client, attributes: ["peer.service": "ledger"], category: .other,
      label: "ledger"),
    Case(name: "GET /cart", kind: .server, attributes: [:], category: .app, label: "GET /cart"),
    Case(name: "render", kind: .internal, attributes: [:], category: .app, label: "render"),
  ]

  @Test("category and label", arguments: cases)
  func classify(_ example: Case) {
    var classifier = SpanClassifier()
    let span = TraceFixtures.span(
      "a", name: example.name, kind: example.kind, start: 0, end: 1,
      attributes: example.attributes)
    #expect(
      classifier.classify(span)
        == SpanClassification(category: example.category, label: example.label))
  }
}
