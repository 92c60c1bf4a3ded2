import Foundation
import LookoutCore

/// Writes believable traces for `lookout serve --demo`: a `web` gateway calling `orders`,
/// which calls `payments`, over a MySQL database, a Redis cache and Stripe's API.
///
/// Three endpoints, each with its own bottleneck: order pages are cache hits or quick
/// queries, checkouts wait on Stripe (and fail now and then with a 502 that surfaces as a
/// fault in `payments` and `web`), reports issue twenty queries one after another (an
/// N+1). Statements are the demo slow log's shapes, so SQL spans link to their classes.
public struct DemoTraceGenerator: Sendable {
  private var random: SplitMix64
  private var spans: [SpanRecord] = []
  private var traceID = ""

  /// Creates a generator; the same seed gives the same traces.
  public init(seed: UInt64 = 11) {
    random = SplitMix64(seed: seed)
  }

  /// `count` traces starting at random times in `[from, from + span)` (seconds).
  public mutating func traces(count: Int, from: Double, span: Double) -> [SpanRecord] {
    var all: [SpanRecord] = []
    for _ in 0..<count {
      all += trace(at: Int64((from + random.unit() * span) * 1e6))
    }
    return all
  }

  /// One trace starting at `start` (µs).
  public mutating func trace(at start: Int64) -> [SpanRecord] {
    spans = []
    traceID = hex(16)
    let pick = random.unit()
    if pick < 0.6 {
      orderPage(at: start)
    } else if pick < 0.9 {
      checkout(at: start)
    } else {
      report(at: start)
    }
    return spans
  }

  private mutating func orderPage(at start: Int64) {
    let id = Int(random.unit() * 90_000) + 1_000
    let missing = random.unit() < 0.03
    let root = server("web", "GET /api/v1/orders/{id}", route: "/api/v1/orders/{id}", at: start)
    var time = start + jitter(800)
    let call = client(
      "web", "GET", url: "http://orders:8080/orders/\(id)", peer: "orders", parent: root, at: time)
    let served = server(
      "orders", "GET /orders/{id}", route: "/orders/{id}", parent: call, at: time + jitter(400))
    var inner = spans[served].start + jitter(300)
    let cached = random.unit() < 0.5
    inner = end(cache("orders", "GET", key: "order:\(id)", parent: served, at: inner), after: 600)
    if !cached {
      inner = end(
        query(
          "orders", "SELECT * FROM orders WHERE id = \(id)", parent: served, at: inner + jitter(100)
        ), after: 2_500)
    }
    let status = missing ? 404 : 200
    finish(served, at: inner + jitter(500), status: status)
    finish(call, at: end(served, after: 0) + jitter(300), status: status)
    time = end(call, after: 0) + jitter(700)
    finish(root, at: time, status: status)
  }

  private mutating func checkout(at start: Int64) {
    let failing = random.unit() < 0.04
    let root = server("web", "POST /api/v1/orders", route: "/api/v1/orders", at: start)
    let call = client(
      "web", "POST", url: "http://orders:8080/orders", peer: "orders", parent: root,
      at: start + jitter(900))
    let served = server(
      "orders", "POST /orders", route: "/orders", parent: call, at: spans[call].start + jitter(400))
    var inner = spans[served].start + jitter(300)
    inner = end(
      query(
        "orders",
        "INSERT INTO messages (room_id, sender_id, body) VALUES (\(Int(random.unit() * 500)), 7, 'order')",
        parent: served, at: inner), after: 1_800)
    let pay = client(
      "orders", "POST", url: "http://payments:8080/charges", peer: "payments", parent: served,
      at: inner + jitter(200))
    let charge = server(
      "payments", "POST /charges", route: "/charges", parent: pay,
      at: spans[pay].start + jitter(400))
    let stripe = client(
      "payments", "POST", url: "https://api.stripe.com/v1/charges", peer: nil, parent: charge,
      at: spans[charge].start + jitter(500))
    let stripeTime = Int64(180_000 + random.unit() * 400_000 * (1 + random.unit()))
    finish(stripe, at: spans[stripe].start + stripeTime, status: failing ? 502 : 200)
    var after = end(stripe, after: 0) + jitter(300)
    if failing {
      spans[charge].events.append(
        .init(
          time: after, name: "exception",
          attributes: [
            "exception.type": "stripe.error.APIConnectionError",
            "exception.message": "Bad gateway from api.stripe.com",
            "exception.stacktrace":
              "Traceback (most recent call last):\n  File \"payments/charge.py\", line 42, in create\n    stripe.Charge.create(amount=amount)\nstripe.error.APIConnectionError: Bad gateway",
          ]))
    } else {
      after = end(
        query(
          "payments", "UPDATE users SET last_login_at = '2024-06-05 10:00:00' WHERE id = 7",
          parent: charge, at: after), after: 2_000)
    }
    let status = failing ? 502 : 201
    finish(charge, at: after + jitter(400), status: status)
    finish(pay, at: end(charge, after: 0) + jitter(300), status: status)
    finish(served, at: end(pay, after: 0) + jitter(600), status: status)
    finish(call, at: end(served, after: 0) + jitter(300), status: status)
    finish(root, at: end(call, after: 0) + jitter(600), status: status)
  }

  private mutating func report(at start: Int64) {
    let root = server(
      "web", "GET /api/v1/reports/{date}", route: "/api/v1/reports/{date}", at: start)
    let call = client(
      "web", "GET", url: "http://orders:8080/reports/2024-06-05", peer: "orders", parent: root,
      at: start + jitter(900))
    let served = server(
      "orders", "GET /reports/{date}", route: "/reports/{date}", parent: call,
      at: spans[call].start + jitter(400))
    var inner = spans[served].start + jitter(300)
    inner = end(
      query(
        "orders",
        "SELECT DATE(created_at) d, SUM(amount) FROM payments WHERE created_at BETWEEN '2024-06-01' AND '2024-06-05' GROUP BY d",
        parent: served, at: inner), after: 120_000)
    for _ in 0..<20 {
      inner = end(
        query(
          "orders",
          "SELECT COUNT(*) FROM orders WHERE buyer_id = \(Int(random.unit() * 9_000)) AND created_at > '2024-06-01'",
          parent: served, at: inner + jitter(200)), after: 9_000)
    }
    finish(served, at: inner + jitter(2_000), status: 200)
    finish(call, at: end(served, after: 0) + jitter(300), status: 200)
    finish(root, at: end(call, after: 0) + jitter(600), status: 200)
  }

  // MARK: building spans

  private mutating func add(_ span: SpanRecord) -> Int {
    spans.append(span)
    return spans.count - 1
  }

  private mutating func server(
    _ service: String, _ name: String, route: String, parent: Int? = nil, at start: Int64
  ) -> Int {
    add(
      SpanRecord(
        traceID: traceID, spanID: hex(8), parentSpanID: parent.map { spans[$0].spanID } ?? "",
        service: service, name: name, kind: .server, start: start, duration: 0,
        attributes: [
          "http.request.method": String(name.prefix { $0 != " " }), "http.route": route,
        ]))
  }

  private mutating func client(
    _ service: String, _ method: String, url: String, peer: String?, parent: Int, at start: Int64
  ) -> Int {
    var attributes = [
      "http.request.method": method, "url.full": url,
      "server.address": URL(string: url)?.host ?? "",
    ]
    if let peer { attributes["peer.service"] = peer }
    return add(
      SpanRecord(
        traceID: traceID, spanID: hex(8), parentSpanID: spans[parent].spanID, service: service,
        name: method, kind: .client, start: start, duration: 0, attributes: attributes))
  }

  private mutating func query(_ service: String, _ statement: String, parent: Int, at start: Int64)
    -> Int
  {
    let operation = String(statement.prefix { $0 != " " })
    let duration = Int64(400 + random.unit() * 2_500)
    return add(
      SpanRecord(
        traceID: traceID, spanID: hex(8), parentSpanID: spans[parent].spanID, service: service,
        name: "\(operation) shop", kind: .client, start: start, duration: duration,
        attributes: [
          "db.system": "mysql", "db.name": "shop", "db.statement": statement,
          "server.address": "mysql",
        ]))
  }

  private mutating func cache(
    _ service: String, _ command: String, key: String, parent: Int, at start: Int64
  )
    -> Int
  {
    add(
      SpanRecord(
        traceID: traceID, spanID: hex(8), parentSpanID: spans[parent].spanID, service: service,
        name: command, kind: .client, start: start, duration: Int64(150 + random.unit() * 500),
        attributes: [
          "db.system": "redis", "db.statement": "\(command) \(key)", "server.address": "redis",
        ]))
  }

  /// Sets the end time and outcome of a span started earlier.
  private mutating func finish(_ index: Int, at end: Int64, status: Int) {
    spans[index].duration = max(1, end - spans[index].start)
    spans[index].attributes["http.response.status_code"] = String(status)
    if status >= 500 {
      spans[index].status = .error
      spans[index].statusMessage = "HTTP \(status)"
    }
  }

  /// The end of span `index`, first stretching it to about `after` µs when shorter.
  private mutating func end(_ index: Int, after: Int64) -> Int64 {
    if spans[index].duration < after { spans[index].duration = after + jitter(after / 2) }
    return spans[index].start + spans[index].duration
  }

  private mutating func jitter(_ scale: Int64) -> Int64 {
    Int64(random.unit() * Double(max(1, scale)))
  }

  private mutating func hex(_ bytes: Int) -> String {
    var text = ""
    for _ in 0..<bytes { text += String(format: "%02x", random.next() & 0xFF) }
    return text
  }
}
