import LookoutAnalysis
import LookoutCore
import Testing

@Suite("RequestDigest")
struct RequestDigestTests {
  /// The digest of generated traffic equals a brute-force computation: group every record by
  /// its final route, sort each group's latencies, read nearest ranks by their definition.
  @Test(.enabled(if: GeneratedLog.isAvailable))
  func matchesBruteForce() throws {
    let records = try GeneratedLog.make(lines: 60_000, seed: 5, rate: 300).records
    var digest = RequestDigest()
    for record in records { digest.add(record) }
    let report = digest.report()

    var templater = RouteTemplater()
    let provisional = records.map { templater.template($0.path, method: $0.method) }
    let classifier = DomainClassifier()
    var groups: [[String]: [RequestRecord]] = [:]
    for (index, record) in records.enumerated() {
      groups[[record.method, templater.retemplate(provisional[index])], default: []].append(record)
    }
    var expected: [[String]: RouteStats] = [:]
    for (key, members) in groups {
      let domain = classifier.domain(path: key[1], host: members[0].host)
      expected[key] = bruteForce(method: key[0], route: key[1], domain: domain, members)
    }

    #expect(report.count == expected.count)
    #expect(report.reduce(0) { $0 + $1.count } == records.count)
    for row in report {
      let want = try #require(expected[[row.method, row.route]], "\(row.route)")
      #expect(row == want)
    }
    for (earlier, later) in zip(report, report.dropFirst()) {
      #expect(earlier.totalMs >= later.totalMs)
    }
    for row in report.prefix(5) {
      print(
        "digest: \(row.method) \(row.route) [\(row.domain)] n=\(row.count)"
          + " 5xx=\(row.status5xx) p50=\(row.p50Ms ?? 0) p95=\(row.p95Ms ?? 0)"
          + " p99=\(row.p99Ms ?? 0) max=\(row.maxMs ?? 0) total=\(row.totalMs)")
    }

    // Parallel use: three digests merged equal one digest over everything.
    var parts = [RequestDigest](repeating: RequestDigest(), count: 3)
    for (index, record) in records.enumerated() { parts[index % 3].add(record) }
    var merged = parts[0]
    merged.merge(parts[1])
    merged.merge(parts[2])
    #expect(merged.recordCount == records.count)
    #expect(Set(merged.report()) == Set(report))
  }

  /// Straightforward statistics of one group, from the definitions in `RouteStats`.
  private func bruteForce(method: String, route: String, domain: String, _ members: [RequestRecord])
    -> RouteStats
  {
    let latencies = members.compactMap(\.latency).map { max(0, min($0, Int64(UInt32.max))) }
    let sorted = latencies.sorted()
    let total = sorted.reduce(0, +)
    /// The smallest latency with at least `percent` % of the latencies at or below it.
    func nearestRank(_ percent: Int) -> Double? {
      for (index, value) in sorted.enumerated() where (index + 1) * 100 >= percent * sorted.count {
        return Double(value) / 1000
      }
      return nil
    }
    let errors = members.filter { $0.status >= 500 && $0.status <= 599 }.count
    return RouteStats(
      method: method, route: route, domain: domain, count: members.count,
      status4xx: members.filter { $0.status >= 400 && $0.status <= 499 }.count,
      status5xx: errors, timedCount: sorted.count,
      errorRate: Double(errors) / Double(members.count), totalMs: Double(total) / 1000,
      avgMs: sorted.isEmpty ? nil : Double(total) / 1000 / Double(sorted.count),
      p50Ms: nearestRank(50), p95Ms: nearestRank(95), p99Ms: nearestRank(99),
      maxMs: sorted.last.map { Double($0) / 1000 })
  }

  /// Counts, error rate and timing by hand, including requests without a latency and records
  /// that arrive already enriched.
  @Test func smallDigestByHand() throws {
    var digest = RequestDigest()
    let base = RequestRecord(timestamp: 0, method: "GET", path: "/api/v1/orders/7", status: 200)
    let latencies: [Int64?] = [1_000, 2_000, 3_000, nil, 10_000]
    let statuses = [200, 404, 500, 503, 200]
    for (latency, status) in zip(latencies, statuses) {
      var record = base
      record.requestTime = latency
      record.status = status
      digest.add(record)
    }
    var upstreamOnly = base
    upstreamOnly.path = "/api/v1/orders/8"
    upstreamOnly.upstreamTime = 4_000
    digest.add(upstreamOnly)
    var enriched = base
    enriched.route = "/custom"
    enriched.domain = "special"
    digest.add(enriched)

    let report = digest.report()
    #expect(report.count == 2)
    let orders = try #require(report.first { $0.route == "/api/v1/orders/{id}" })
    #expect(orders.domain == "orders")
    #expect(orders.count == 6)
    #expect(orders.status4xx == 1)
    #expect(orders.status5xx == 2)
    #expect(orders.errorRate == 2.0 / 6)
    #expect(orders.timedCount == 5)
    #expect(orders.totalMs == 20)
    #expect(orders.avgMs == 4)
    #expect(orders.p50Ms == 3)
    #expect(orders.p95Ms == 10)
    #expect(orders.maxMs == 10)
    let custom = try #require(report.first { $0.route == "/custom" })
    #expect(custom.domain == "special")
    #expect(custom.timedCount == 0)
    #expect(custom.avgMs == nil && custom.p99Ms == nil)
    #expect(report.first?.route == "/api/v1/orders/{id}")
  }
}
