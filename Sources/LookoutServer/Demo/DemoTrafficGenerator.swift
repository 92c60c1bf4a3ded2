import Foundation
import LookoutCore

/// Writes believable nginx access log lines (the `timed` format) for `lookout serve --demo`.
///
/// The traffic has several domains, one slow endpoint (`/api/v1/reports/{date}`), a
/// steady share of 4xx, and now and then a burst of 5xx on one domain, so every panel
/// has something to show.
public struct DemoTrafficGenerator: Sendable {
  struct Endpoint: Sendable {
    var method: String
    var template: String
    var weight: Double
    var baseSeconds: Double
  }

  static let endpoints: [Endpoint] = [
    .init(method: "GET", template: "/api/v1/users/{id}", weight: 12, baseSeconds: 0.02),
    .init(method: "GET", template: "/api/v1/users/{id}/orders", weight: 8, baseSeconds: 0.05),
    .init(method: "POST", template: "/api/v1/orders", weight: 5, baseSeconds: 0.12),
    .init(method: "GET", template: "/api/v1/orders/{uuid}", weight: 7, baseSeconds: 0.03),
    .init(method: "GET", template: "/api/v1/search", weight: 10, baseSeconds: 0.25),
    .init(method: "POST", template: "/api/v1/payments/{hex}/capture", weight: 2, baseSeconds: 0.4),
    .init(method: "GET", template: "/api/v1/reports/{date}", weight: 2, baseSeconds: 1.2),
    .init(method: "GET", template: "/api/v1/messages/{id}", weight: 5, baseSeconds: 0.02),
    .init(method: "GET", template: "/health", weight: 6, baseSeconds: 0.001),
    .init(method: "GET", template: "/static/js/app.{hex}.js", weight: 6, baseSeconds: 0.002),
  ]
  static let agents = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "okhttp/4.12.0", "curl/8.4.0",
  ]

  private var random: SplitMix64
  private let totalWeight: Double

  /// Creates a generator; the same seed gives the same traffic.
  public init(seed: UInt64 = 42) {
    self.random = SplitMix64(seed: seed)
    self.totalWeight = Self.endpoints.reduce(0) { $0 + $1.weight }
  }

  /// `count` lines for requests finishing in `[from, from + span)` seconds since epoch.
  public mutating func lines(count: Int, from: Double, span: Double) -> [String] {
    (0..<count).map { _ in line(at: from + random.unit() * span) }
  }

  /// One line for a request finishing at `time` (seconds since epoch).
  public mutating func line(at time: Double) -> String {
    var pick = random.unit() * totalWeight
    var endpoint = Self.endpoints[0]
    for candidate in Self.endpoints {
      pick -= candidate.weight
      if pick <= 0 {
        endpoint = candidate
        break
      }
    }
    var seconds = endpoint.baseSeconds * exp(random.gaussian() * 0.6)
    var status = endpoint.method == "POST" && random.unit() < 0.3 ? 201 : 200
    let roll = random.unit()
    // A burst of 5xx on the orders domain for two minutes in every twenty.
    let inBurst = Int(time / 60) % 20 < 2 && endpoint.template.contains("orders")
    if roll < (inBurst ? 0.35 : 0.01) {
      status = [500, 502, 503, 504][Int(random.unit() * 4) % 4]
      seconds *= 3
    } else if roll < 0.05 {
      status = [400, 401, 403, 404, 404, 422][Int(random.unit() * 6) % 6]
    }
    var path = fill(endpoint.template)
    if endpoint.template == "/api/v1/search" {
      path += "?q=logo&page=\(1 + Int(random.unit() * 9))"
    }
    let upstream =
      endpoint.template.hasPrefix("/static") ? "-" : String(format: "%.3f", max(seconds - 0.001, 0))
    let ip = "203.0.113.\(1 + Int(random.unit() * 250))"
    let agent = Self.agents[Int(random.unit() * Double(Self.agents.count)) % Self.agents.count]
    let bytes = 80 + Int(random.unit() * 40_000)
    return
      "\(ip) - - [\(Self.timeLocal(time))] \"\(endpoint.method) \(path) HTTP/1.1\" \(status) \(bytes) \"-\" \"\(agent)\" "
      + String(format: "%.3f", seconds) + " \(upstream)"
  }

  private mutating func fill(_ template: String) -> String {
    template
      .replacingOccurrences(of: "{id}", with: String(1 + Int(random.unit() * 5_000_000)))
      .replacingOccurrences(
        of: "{uuid}", with: UUID(uuid: random.uuidBytes()).uuidString.lowercased()
      )
      .replacingOccurrences(
        of: "{hex}", with: String(format: "%012llx", random.next() & 0xFFFF_FFFF_FFFF)
      )
      .replacingOccurrences(
        of: "{date}",
        with: String(
          format: "2024-%02d-%02d", 1 + Int(random.unit() * 12), 1 + Int(random.unit() * 28)))
  }

  /// `05/Jun/2024:09:00:00 +0000` for `time` in UTC.
  static func timeLocal(_ time: Double) -> String {
    let months = [
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    var seconds = time_t(time)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    return String(
      format: "%02d/%@/%04d:%02d:%02d:%02d +0000", parts.tm_mday, months[Int(parts.tm_mon)],
      parts.tm_year + 1900, parts.tm_hour, parts.tm_min, parts.tm_sec)
  }
}

extension SplitMix64 {
  /// 16 random bytes for a UUID.
  mutating func uuidBytes() -> uuid_t {
    let a = next()
    let b = next()
    return withUnsafeBytes(of: (a, b)) { raw in
      raw.load(as: uuid_t.self)
    }
  }
}
