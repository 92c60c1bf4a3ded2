import LookoutAnalysis
import LookoutCore
import Testing

@Suite("EndpointBottlenecks")
struct EndpointBottlenecksTests {
  typealias F = TraceFixtures

  /// `/checkout` again, with the frontend also reading two cache keys in parallel
  /// (720 ... 760 and 730 ... 790) before rendering.
  static func checkoutWithCache(trace: String) -> [SpanRecord] {
    F.checkout(trace: trace) + [
      F.span(
        "c1", parent: "f1", service: "frontend", name: "GET", kind: .client, start: 700,
        end: 760, attributes: ["db.system": "redis", "db.operation": "get"], trace: trace),
      F.span(
        "c2", parent: "f1", service: "frontend", name: "GET", kind: .client, start: 705,
        end: 790, attributes: ["db.system": "redis", "db.operation": "get"], trace: trace),
    ]
  }

  @Test("self time and critical-path time per class, shares summing to 1")
  func breakdown() throws {
    var accumulator = EndpointBottleneckAccumulator()
    accumulator.add(TraceTree(spans: F.checkout(trace: "t1")))
    accumulator.add(TraceTree(spans: Self.checkoutWithCache(trace: "t2")))
    let key = EndpointKey(service: "frontend", endpoint: "/checkout")
    #expect(Array(accumulator.endpoints.keys) == [key])
    let report = try #require(accumulator.endpoints[key]).report()
    #expect(report.traceCount == 2)
    #expect(report.totalDuration == 2000)
    let rows = Dictionary(
      uniqueKeysWithValues: report.rows.map {
        ("\($0.classification.category.rawValue) \($0.classification.label)", $0)
      })
    let stripe = try #require(rows["http api.stripe.com"])
    #expect(stripe.totals.selfTime == 400)
    #expect(stripe.totals.criticalPathTime == 400)
    #expect(stripe.totals.spanCount == 2 && stripe.totals.traceCount == 2)
    #expect(stripe.meanSelfTimePerTrace == 200)
    let insert = try #require(rows["db INSERT orders"])
    #expect(insert.totals.selfTime == 200)
    let cache = try #require(rows["cache redis GET"])
    #expect(cache.totals.selfTime == 60 + 85)
    #expect(cache.totals.spanCount == 2 && cache.totals.traceCount == 1)
    // Render (720 ... 950) finishes last; walking back from its start, the cache reads
    // end after 720, so the path continues with f2 and the reads are off it.
    #expect(cache.totals.criticalPathTime == 0)
    // The checkout root: 170 µs of its own in the first trace; the caches cover 20 more.
    let root = try #require(rows["app GET /checkout"])
    #expect(root.totals.selfTime == 170 + 150)

    let selfShares = report.rows.reduce(0) { $0 + $1.selfTimeShare }
    let pathShares = report.rows.reduce(0) { $0 + $1.criticalPathShare }
    #expect(abs(selfShares - 1) < 1e-12)
    #expect(abs(pathShares - 1) < 1e-12)
    #expect(report.totalSelfTime == report.rows.reduce(0) { $0 + $1.totals.selfTime })
    #expect(report.rows.map(\.totals.selfTime) == report.rows.map(\.totals.selfTime).sorted(by: >))
    #expect(try #require(report.p95Duration) == 1000)
  }

  @Test("merging two halves equals one pass")
  func merge() {
    let traces = (0..<6).map { index in
      TraceTree(
        spans: index % 2 == 0
          ? F.checkout(trace: "t\(index)") : Self.checkoutWithCache(trace: "t\(index)"))
    }
    var whole = EndpointBottleneckAccumulator()
    var first = EndpointBottleneckAccumulator()
    var second = EndpointBottleneckAccumulator()
    for (index, tree) in traces.enumerated() {
      whole.add(tree)
      if index < 4 { first.add(tree) } else { second.add(tree) }
    }
    first.merge(second)
    #expect(first.endpoints == whole.endpoints)
    #expect(first.endpoints.values.first?.traceCount == 6)
  }
}
