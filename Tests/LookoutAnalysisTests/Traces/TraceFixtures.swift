import LookoutCore

/// Hand-built spans for the trace tests: times in µs from 0, one trace id unless told.
enum TraceFixtures {
  static let traceID = "0af7651916cd43dd8448eb211c80319c"

  static func span(
    _ id: String, parent: String = "", service: String = "app", name: String? = nil,
    kind: SpanRecord.Kind = .internal, start: Int64, end: Int64, status: SpanRecord.Status = .unset,
    attributes: [String: String] = [:], trace: String = traceID
  ) -> SpanRecord {
    SpanRecord(
      traceID: trace, spanID: id, parentSpanID: parent, service: service, name: name ?? id,
      kind: kind, start: start, duration: end - start, status: status, attributes: attributes)
  }

  /// A three-service trace with a database and an external HTTP call:
  ///
  /// ```
  /// frontend  GET /checkout (server)            0 ... 1000
  ///   frontend  POST orders (client)           100 ... 700
  ///     orders  POST /orders (server)          120 ... 680
  ///       orders  INSERT orders (client, pg)   200 ... 300
  ///       orders  GET payments (client)        320 ... 600
  ///         payments POST /charge (server)     330 ... 590   5xx
  ///           payments  POST stripe (client)   350 ... 550
  ///   frontend  render (internal)              720 ... 950
  /// ```
  static func checkout(trace: String = traceID, offset: Int64 = 0) -> [SpanRecord] {
    [
      span(
        "f1", service: "frontend", name: "GET /checkout", kind: .server, start: offset,
        end: offset + 1000, attributes: ["http.route": "/checkout"], trace: trace),
      span(
        "f2", parent: "f1", service: "frontend", name: "POST orders", kind: .client,
        start: offset + 100, end: offset + 700,
        attributes: ["http.request.method": "POST", "server.address": "orders"], trace: trace),
      span(
        "o1", parent: "f2", service: "orders", name: "POST /orders", kind: .server,
        start: offset + 120, end: offset + 680, attributes: ["http.route": "/orders"],
        trace: trace),
      span(
        "o2", parent: "o1", service: "orders", name: "INSERT", kind: .client,
        start: offset + 200, end: offset + 300,
        attributes: [
          "db.system": "postgresql", "db.name": "shop",
          "db.statement": "INSERT INTO orders (id, total) VALUES ($1, $2)",
        ], trace: trace),
      span(
        "o3", parent: "o1", service: "orders", name: "GET payments", kind: .client,
        start: offset + 320, end: offset + 600,
        attributes: ["url.full": "http://payments:8080/charge"], trace: trace),
      span(
        "p1", parent: "o3", service: "payments", name: "POST /charge", kind: .server,
        start: offset + 330, end: offset + 590,
        attributes: ["http.route": "/charge", "http.response.status_code": "502"], trace: trace),
      span(
        "p2", parent: "p1", service: "payments", name: "POST", kind: .client,
        start: offset + 350, end: offset + 550,
        attributes: ["url.full": "https://user@API.Stripe.com:443/v1/charges?x=1"],
        trace: trace),
      span(
        "f3", parent: "f1", service: "frontend", name: "render", kind: .internal,
        start: offset + 720, end: offset + 950, trace: trace),
    ]
  }
}
