import Foundation
import LookoutCore
import LookoutStore
import Testing

@testable import LookoutQuery

/// The query language over the real stores: the same answers from rollups and from raw
/// blocks, exact counts, fields decoded as they were written.
@Suite("Query sources over the stores")
struct StoreQuerySourceTests {
  static let hours = TimeRange(
    from: EndpointQueryTests.start, to: EndpointQueryTests.start + 7_200_000_000)

  @Test func rollupsAndBlocksAgree() async throws {
    let (store, records, dir) = try await EndpointQueryTests.makeStore(count: 6_000)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let engine = QueryEngine(
      sources: QueryCatalog(requests: store).sources(project: 1), patterns: nil)
    let query =
      "source requests | stats count(*) as n, avg(duration) as avg, pct(duration, 95) as p95"
      + " by route, bin(30m) | sort route, `bin(30m)`"
    let fromRollups = try await engine.run(
      query, range: Self.hours, budget: QueryBudget(maxWallTime: .seconds(3600)))
    #expect(fromRollups.statistics.usedRollups)
    // A filter on a non-dictionary field makes the same question scan raw blocks.
    let scanned = try await engine.run(
      query.replacingOccurrences(of: "| stats", with: "| filter status >= 0 | stats"),
      range: Self.hours, budget: QueryBudget(maxWallTime: .seconds(3600)))
    #expect(!scanned.statistics.usedRollups)
    #expect(scanned.statistics.rowsScanned == records.count)
    #expect(fromRollups.columns == scanned.columns)
    #expect(fromRollups.rows.count == scanned.rows.count)
    #expect(fromRollups.rows.count == 4 * 4)  // 4 routes x 4 half hours
    for (rollup, raw) in zip(fromRollups.rows, scanned.rows) {
      #expect(rollup[0] == raw[0] && rollup[1] == raw[1] && rollup[2] == raw[2])
      let rollupAvg = try #require(rollup[3].doubleValue)
      let rawAvg = try #require(raw[3].doubleValue)
      #expect(abs(rollupAvg - rawAvg) < 1e-6 * rawAvg)
      // Sketch percentiles are within 1% of the exact value of the same (nearest) rank.
      let rollupP95 = try #require(rollup[4].doubleValue)
      let rawP95 = try #require(raw[4].doubleValue)
      #expect(abs(rollupP95 - rawP95) <= 0.01 * rawP95, "\(rollup) vs \(raw)")
    }
    // Counts per route equal what was written.
    var expected: [String: Int64] = [:]
    for record in records { expected[record.route, default: 0] += 1 }
    var counted: [String: Int64] = [:]
    for row in fromRollups.rows {
      if case .string(let route) = row[0], case .int(let count) = row[2] {
        counted[route, default: 0] += count
      }
    }
    #expect(counted == expected)
  }

  @Test func filtersAndDecodedFields() async throws {
    let (store, records, dir) = try await EndpointQueryTests.makeStore(count: 3_000)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let engine = QueryEngine(
      sources: QueryCatalog(requests: store).sources(project: 1), patterns: nil)
    let errors = try await engine.run(
      "source requests | filter env = \"dev\" and status >= 500 | stats count(*) as n by domain"
        + " | sort domain",
      range: Self.hours, budget: QueryBudget(maxWallTime: .seconds(3600)))
    var expected: [String: Int64] = [:]
    for (index, record) in records.enumerated() where index % 3 == 0 && record.status >= 500 {
      expected[record.domain, default: 0] += 1
    }
    var counted: [String: Int64] = [:]
    for row in errors.rows {
      if case .string(let domain) = row[0], case .int(let count) = row[1] {
        counted[domain] = count
      }
    }
    #expect(counted == expected)
    #expect(!expected.isEmpty)

    let first = try await engine.run(
      "source requests | fields @timestamp, method, path, remote_addr, user_agent, duration"
        + " | sort @timestamp | limit 3",
      range: Self.hours, budget: QueryBudget(maxWallTime: .seconds(3600)))
    #expect(first.rows.count == 3)
    for (row, record) in zip(first.rows, records) {
      #expect(row[0] == .int(record.timestamp))
      #expect(row[1] == .string(record.method))
      #expect(row[2] == .string(record.path))
      #expect(row[3] == .string(record.remoteAddress))
      #expect(row[4] == .string(record.userAgent))
      #expect(row[5] == (record.requestTime.map { .double(Double($0) / 1000) } ?? .null))
    }
    // A value never stored matches nothing and reads no block.
    let none = try await engine.run(
      "source requests | filter route = \"/nowhere\" | stats count(*)", range: Self.hours,
      budget: QueryBudget(maxWallTime: .seconds(3600)))
    #expect(none.statistics.rowsScanned == 0)
  }

  @Test func unknownFieldsAndSourcesAreErrors() async throws {
    let (store, _, dir) = try await EndpointQueryTests.makeStore(count: 100)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let engine = QueryCatalog(requests: store).engine(project: 1)
    await #expect(throws: QueryError.self) {
      try await engine.run(
        "source requests | filter nosuchfield = 1", range: Self.hours,
        budget: QueryBudget(maxWallTime: .seconds(3600)))
    }
    await #expect(throws: QueryError.self) {
      try await engine.run(
        "source metrics | limit 1", range: Self.hours,
        budget: QueryBudget(maxWallTime: .seconds(3600)))
    }
  }

  @Test func spansByServiceStatusAndAttribute() async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "sq-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let store = try SpanStore(path: dir + "/traces.sqlite", durability: .normal)
    let start = EndpointQueryTests.start
    var spans: [SpanRecord] = []
    for trace in 0..<200 {
      let traceID = String(format: "%032x", trace + 1)
      let root = String(format: "%016x", trace * 10 + 1)
      spans.append(
        SpanRecord(
          traceID: traceID, spanID: root, service: "api", name: "GET /orders/{id}", kind: .server,
          start: start + Int64(trace) * 1_000_000, duration: 20_000 + Int64(trace) * 100,
          status: trace % 10 == 0 ? .error : .ok,
          attributes: ["http.response.status_code": trace % 10 == 0 ? "500" : "200"]))
      spans.append(
        SpanRecord(
          traceID: traceID, spanID: String(format: "%016x", trace * 10 + 2), parentSpanID: root,
          service: "api", name: "SELECT orders", kind: .client,
          start: start + Int64(trace) * 1_000_000 + 1_000, duration: 5_000,
          attributes: ["db.system": "postgresql", "customer": trace % 2 == 0 ? "acme" : "globex"]))
    }
    let batch = SpanBatch(project: 1, environment: "production", spans: spans)
    try await store.database.write { db in try store.write([batch], in: db) }
    let engine = QueryCatalog(spans: store).engine(project: 1)
    let faults = try await engine.run(
      "source spans | filter service = \"api\" and kind = \"server\" and http.status >= 500"
        + " | stats count(*) as n, max(duration) as slowest by name",
      range: Self.hours, budget: QueryBudget(maxWallTime: .seconds(3600)))
    #expect(faults.rows.count == 1)
    #expect(faults.rows.first?[0] == .string("GET /orders/{id}"))
    #expect(faults.rows.first?[1] == .int(20))
    #expect(faults.rows.first?[2] == .double(Double(20_000 + 190 * 100) / 1000))
    // Any attribute is a field; a span without it reads null.
    let customers = try await engine.run(
      "source spans | filter ispresent(customer) | stats count(*) as n by customer, `db.system`"
        + " | sort customer",
      range: Self.hours, budget: QueryBudget(maxWallTime: .seconds(3600)))
    #expect(
      customers.rows == [
        [.string("acme"), .string("postgresql"), .int(100)],
        [.string("globex"), .string("postgresql"), .int(100)],
      ])
    let ids = try await engine.run(
      "source spans | filter parent_span_id = \"000000000000000b\" | fields trace_id, span_id",
      range: Self.hours, budget: QueryBudget(maxWallTime: .seconds(3600)))
    #expect(
      ids.rows == [[.string(String(format: "%032x", 2)), .string(String(format: "%016x", 12))]])
  }
}
