extension RouteStats: Codable {
  /// The JSON keys of the endpoint API and of `lookout digest nginx --output json`.
  enum CodingKeys: String, CodingKey {
    case method, route, domain, count
    case status4xx = "status_4xx"
    case status5xx = "status_5xx"
    case timedCount = "timed_count"
    case errorRate = "error_rate"
    case totalMs = "total_ms"
    case avgMs = "avg_ms"
    case p50Ms = "p50_ms"
    case p95Ms = "p95_ms"
    case p99Ms = "p99_ms"
    case maxMs = "max_ms"
  }

  /// Reads a row written by ``encode(to:)``; `timed_count` may be absent (0).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      method: try c.decode(String.self, forKey: .method),
      route: try c.decode(String.self, forKey: .route),
      domain: try c.decode(String.self, forKey: .domain),
      count: try c.decode(Int.self, forKey: .count),
      status4xx: try c.decode(Int.self, forKey: .status4xx),
      status5xx: try c.decode(Int.self, forKey: .status5xx),
      timedCount: try c.decodeIfPresent(Int.self, forKey: .timedCount) ?? 0,
      errorRate: try c.decode(Double.self, forKey: .errorRate),
      totalMs: try c.decode(Double.self, forKey: .totalMs),
      avgMs: try c.decodeIfPresent(Double.self, forKey: .avgMs),
      p50Ms: try c.decodeIfPresent(Double.self, forKey: .p50Ms),
      p95Ms: try c.decodeIfPresent(Double.self, forKey: .p95Ms),
      p99Ms: try c.decodeIfPresent(Double.self, forKey: .p99Ms),
      maxMs: try c.decodeIfPresent(Double.self, forKey: .maxMs))
  }

  /// Writes the row with snake_case keys; absent latencies are `null`.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(method, forKey: .method)
    try c.encode(route, forKey: .route)
    try c.encode(domain, forKey: .domain)
    try c.encode(count, forKey: .count)
    try c.encode(status4xx, forKey: .status4xx)
    try c.encode(status5xx, forKey: .status5xx)
    try c.encode(timedCount, forKey: .timedCount)
    try c.encode(errorRate, forKey: .errorRate)
    try c.encode(totalMs, forKey: .totalMs)
    // Absent latencies are written as null so every row has the same keys.
    try c.encode(avgMs, forKey: .avgMs)
    try c.encode(p50Ms, forKey: .p50Ms)
    try c.encode(p95Ms, forKey: .p95Ms)
    try c.encode(p99Ms, forKey: .p99Ms)
    try c.encode(maxMs, forKey: .maxMs)
  }
}
