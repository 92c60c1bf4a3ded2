import Foundation
import LookoutCore
import LookoutStore
import Testing

@testable import LookoutQuery

@Suite("Endpoint queries over the request store")
struct EndpointQueryTests {
  /// A store with `count` requests spread over two hours from `start`, in two environments.
  static func makeStore(count: Int, seed: UInt64 = 1) async throws -> (
    RequestStore, [RequestRecord], String
  ) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "eq-\(UUID().uuidString)"
    ).path
    let store = try RequestStore(path: dir + "/requests.sqlite", durability: .normal)
    var generator = SplitMix64(seed: seed)
    let routes = [
      ("GET", "/api/v1/users/{id}", "users"), ("POST", "/api/v1/orders", "orders"),
      ("GET", "/api/v1/orders/{uuid}", "orders"), ("GET", "/health", "health"),
    ]
    var records: [RequestRecord] = []
    for i in 0..<count {
      let (method, route, domain) = routes[Int(generator.next() % UInt64(routes.count))]
      let status = [200, 200, 200, 201, 404, 500][Int(generator.next() % 6)]
      let latency: Int64? = i % 50 == 0 ? nil : Int64(1000 + generator.next() % 2_000_000)
      records.append(
        RequestRecord(
          timestamp: start + Int64(i) * (7_200_000_000 / Int64(count)), method: method,
          path: route.replacingOccurrences(of: "{id}", with: "\(i)"), status: status,
          requestTime: latency, remoteAddress: "10.0.0.\(i % 200)", userAgent: "test/\(i % 3)",
          route: route, domain: domain))
    }
    let production = records.enumerated().filter { $0.offset % 3 != 0 }.map(\.element)
    let dev = records.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
    // Several commits, as the batch writer would make them.
    for chunk in stride(from: 0, to: production.count, by: 1000) {
      let slice = Array(production[chunk..<min(chunk + 1000, production.count)])
      try await store.database.write { db in
        try store.write(
          [
            RequestBatch(
              records: slice, context: SourceContext(project: 1, environment: "production"))
          ], in: db)
      }
    }
    try await store.database.write { db in
      try store.write(
        [RequestBatch(records: dev, context: SourceContext(project: 1, environment: "dev"))], in: db
      )
    }
    return (store, records, dir)
  }

  static let start: Int64 = 1_717_545_600_000_000

  static func bruteForce(_ records: [RequestRecord]) -> [String: (
    count: Int, e5: Int, e4: Int, latencies: [Int64]
  )] {
    var groups: [String: (count: Int, e5: Int, e4: Int, latencies: [Int64])] = [:]
    for r in records {
      var g = groups["\(r.method) \(r.route)"] ?? (0, 0, 0, [])
      g.count += 1
      if r.status >= 500 { g.e5 += 1 } else if r.status >= 400 { g.e4 += 1 }
      if let l = r.requestTime { g.latencies.append(l) }
      groups["\(r.method) \(r.route)"] = g
    }
    return groups
  }

  static func nearestRank(_ sorted: [Int64], _ q: Double) -> Double {
    let rank = min(sorted.count, max(1, Int((q * Double(sorted.count)).rounded(.up))))
    return Double(sorted[rank - 1]) / 1000
  }

  @Test("raw-block answers equal a brute-force computation; rollups agree within 1%")
  func rawAndRollups() async throws {
    let (store, records, dir) = try await Self.makeStore(count: 20_000)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let filter = RequestFilter(
      project: 1, range: TimeRange(from: Self.start, to: Self.start + 7_200_000_000))
    let exact = try await EndpointQuery.fromBlocks(store, filter: filter)
    let rolled = try EndpointQuery.fromRollups(store, filter: filter)
    let truth = Self.bruteForce(records)
    #expect(exact.count == truth.count)
    #expect(rolled.count == truth.count)
    for row in exact {
      let t = try #require(truth["\(row.method) \(row.route)"])
      let sorted = t.latencies.sorted()
      #expect(row.count == t.count)
      #expect(row.status5xx == t.e5)
      #expect(row.status4xx == t.e4)
      #expect(row.p50Ms == Self.nearestRank(sorted, 0.5))
      #expect(row.p95Ms == Self.nearestRank(sorted, 0.95))
      #expect(row.p99Ms == Self.nearestRank(sorted, 0.99))
      #expect(row.maxMs == Double(sorted.last!) / 1000)
      let rollup = try #require(rolled.first { $0.route == row.route && $0.method == row.method })
      #expect(rollup.count == row.count)
      #expect(rollup.status5xx == row.status5xx)
      #expect(abs(rollup.avgMs! - row.avgMs!) < 1e-6)
      for (a, b) in [
        (rollup.p50Ms!, row.p50Ms!), (rollup.p95Ms!, row.p95Ms!), (rollup.p99Ms!, row.p99Ms!),
      ] {
        #expect(abs(a - b) / b <= 0.0101, "sketch \(a) vs exact \(b)")
      }
    }
    #expect(exact.map(\.totalMs) == exact.map(\.totalMs).sorted(by: >))
  }

  @Test("filters by environment, domain and an arbitrary sub-range")
  func filters() async throws {
    let (store, records, dir) = try await Self.makeStore(count: 6_000, seed: 9)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let from = Self.start + 1_000_000_000 + 123_456
    let to = Self.start + 3_000_000_000 + 7
    let inRange = records.enumerated().filter {
      $0.element.timestamp >= from && $0.element.timestamp < to
    }
    let dev = inRange.filter { $0.offset % 3 == 0 && $0.element.domain == "orders" }.map(\.element)
    let filter = RequestFilter(
      project: 1, range: TimeRange(from: from, to: to), environment: "dev", domain: "orders")
    let exact = try await EndpointQuery.fromBlocks(store, filter: filter)
    #expect(exact.reduce(0) { $0 + $1.count } == dev.count)
    #expect(Set(exact.map(\.domain)) == ["orders"])
    let none = RequestFilter(project: 1, range: filter.range, environment: "staging")
    #expect(try await EndpointQuery.fromBlocks(store, filter: none).isEmpty)
    #expect(try EndpointQuery.fromRollups(store, filter: none).isEmpty)
    let otherProject = RequestFilter(project: 2, range: filter.range)
    #expect(try await EndpointQuery.fromBlocks(store, filter: otherProject).isEmpty)
  }

  @Test("routes stored before a slug was learned join their route when renamed")
  func renamedRoutesMerge() async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "rn-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let store = try RequestStore(path: dir + "/requests.sqlite", durability: .normal)
    let routes = [
      "/talents/taro-works-1", "/talents/hanako-lab-2", "/talents/{slug}", "/talents/{slug}",
    ]
    let records = routes.enumerated().map { index, route in
      RequestRecord(
        timestamp: Self.start + Int64(index) * 1_000_000, method: "GET", path: route, status: 200,
        requestTime: Int64(1000 * (index + 1)), route: route, domain: "talents")
    }
    try await store.database.write { db in
      try store.write([RequestBatch(records: records, context: SourceContext())], in: db)
    }
    let filter = RequestFilter(
      project: 1, range: TimeRange(from: Self.start, to: Self.start + 60_000_000))
    #expect(try EndpointQuery.fromRollups(store, filter: filter).count == 3)
    let merged = try EndpointQuery.fromRollups(store, filter: filter) {
      $0.hasPrefix("/talents/") ? "/talents/{slug}" : $0
    }
    #expect(merged.count == 1)
    #expect(merged.first?.count == 4)
    #expect(merged.first?.maxMs == 4)
  }

  @Test("series: one point per step, counts add up, 5xx counted")
  func series() async throws {
    let (store, records, dir) = try await Self.makeStore(count: 5_000, seed: 4)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let filter = RequestFilter(
      project: 1, range: TimeRange(from: Self.start, to: Self.start + 7_200_000_000))
    let points = try RequestSeriesQuery.run(store, filter: filter, step: 10 * Micros.perMinute)
    #expect(points.count == 12)
    #expect(points.reduce(0) { $0 + $1.count } == records.count)
    #expect(points.reduce(0) { $0 + $1.status5xx } == records.filter { $0.status >= 500 }.count)
    let firstStep = records.filter { $0.timestamp < Self.start + 10 * Micros.perMinute }
    #expect(points[0].count == firstStep.count)
    #expect(points[0].p95Ms != nil)
  }

  @Test("exact quantile selection equals sorting", arguments: [1, 2, 3, 10, 1001, 50_000])
  func selection(count: Int) {
    var generator = SplitMix64(seed: UInt64(count))
    let values = (0..<count).map { _ in Int32(generator.next() % 1000) }
    let sorted = values.sorted()
    for q in [0.0, 0.01, 0.5, 0.9, 0.95, 0.99, 1.0] {
      var copy = values
      let rank = min(count, max(1, Int((q * Double(count)).rounded(.up))))
      #expect(ExactQuantile.select(&copy, quantile: q) == sorted[rank - 1])
    }
  }
}
