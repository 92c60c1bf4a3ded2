/// The running totals of one endpoint inside ``RequestDigest``: counts, and every latency in
/// microseconds (4 bytes each) so that percentiles can be exact.
struct RouteAccumulator: Sendable {
  /// Host of the first request, for host-based domain rules.
  var host = ""
  /// Domain the first request arrived with, when it was already enriched.
  var givenDomain = ""
  var count = 0
  var status4xx = 0
  var status5xx = 0
  var latencies: [UInt32] = []
  var totalMicros: Int64 = 0

  /// Counts one request; `latency` in microseconds, `nil` when not logged.
  mutating func add(status: Int, latency: Int64?) {
    count += 1
    if (400...499).contains(status) {
      status4xx += 1
    } else if (500...599).contains(status) {
      status5xx += 1
    }
    if let latency {
      let micros = UInt32(clamping: latency)
      latencies.append(micros)
      totalMicros += Int64(micros)
    }
  }

  /// Adds the requests of `other`; the first request's host and domain stay.
  mutating func merge(_ other: RouteAccumulator) {
    if count == 0 {
      host = other.host
      givenDomain = other.givenDomain
    }
    count += other.count
    status4xx += other.status4xx
    status5xx += other.status5xx
    latencies.append(contentsOf: other.latencies)
    totalMicros += other.totalMicros
  }

  /// The report row; sorts a copy of the latencies.
  func stats(method: String, route: String, domain: String) -> RouteStats {
    let sorted = latencies.sorted()
    let timed = sorted.count
    func milliseconds(_ micros: UInt32) -> Double { Double(micros) / 1000 }
    /// Nearest rank of a percentile given in per-mille, in integers so that 95 % of 20
    /// is rank 19 exactly.
    func percentile(_ permille: Int) -> Double? {
      guard timed > 0 else { return nil }
      let rank = Swift.max(1, (permille * timed + 999) / 1000)
      return milliseconds(sorted[rank - 1])
    }
    return RouteStats(
      method: method, route: route, domain: domain, count: count, status4xx: status4xx,
      status5xx: status5xx, timedCount: timed,
      errorRate: count == 0 ? 0 : Double(status5xx) / Double(count),
      totalMs: Double(totalMicros) / 1000,
      avgMs: timed == 0 ? nil : Double(totalMicros) / 1000 / Double(timed),
      p50Ms: percentile(500), p95Ms: percentile(950), p99Ms: percentile(990),
      maxMs: sorted.last.map(milliseconds))
  }
}
