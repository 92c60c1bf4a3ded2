import LookoutAnalysis
import LookoutCore
import Testing

@Suite("TraceSetComparison")
struct TraceSetComparisonTests {
  typealias F = TraceFixtures

  /// `GET /x` calling the database, then an HTTP service, one after the other.
  static func trace(_ id: String, db: ClosedRange<Int64>, http: ClosedRange<Int64>, end: Int64)
    -> TraceTree
  {
    TraceTree(spans: [
      F.span("r", service: "api", name: "GET /x", kind: .server, start: 0, end: end, trace: id),
      F.span(
        "d", parent: "r", service: "api", kind: .client, start: db.lowerBound, end: db.upperBound,
        attributes: ["db.system": "mysql", "db.statement": "SELECT * FROM carts WHERE id = 1"],
        trace: id),
      F.span(
        "h", parent: "r", service: "api", kind: .client, start: http.lowerBound,
        end: http.upperBound,
        attributes: ["server.address": "pricing", "http.request.method": "GET"],
        trace: id),
    ])
  }

  @Test("ranks the operation that got slower first")
  func ranking() throws {
    var classifier = SpanClassifier()
    var lastWeek = TraceSetProfile()
    var thisWeek = TraceSetProfile()
    for index in 0..<10 {
      lastWeek.add(
        Self.trace("a\(index)", db: 10...40, http: 50...80, end: 100), classifier: &classifier)
      // The query takes 60 µs longer, the HTTP call 10 µs less.
      thisWeek.add(
        Self.trace("b\(index)", db: 10...100, http: 110...130, end: 150), classifier: &classifier)
    }
    let comparison = TraceSetComparison(baseline: lastWeek, comparison: thisWeek)
    let fromTrees = TraceSetComparison(
      baseline: (0..<10).map { Self.trace("a\($0)", db: 10...40, http: 50...80, end: 100) },
      comparison: (0..<10).map { Self.trace("b\($0)", db: 10...100, http: 110...130, end: 150) })
    #expect(fromTrees == comparison)
    #expect(comparison.meanDurationA == 100 && comparison.meanDurationB == 150)
    #expect(comparison.totalDelta == 50)
    let labels = comparison.rows.map(\.operation.classification.label)
    #expect(labels == ["SELECT carts", "pricing", "GET /x"])
    let query = try #require(comparison.rows.first)
    #expect(query.operation.service == "api")
    #expect(query.meanSelfTimeA == 30 && query.meanSelfTimeB == 90)
    #expect(query.delta == 60)
    #expect(query.shareOfChange == 1.2)
    #expect(query.spanCountA == 10 && query.traceCountB == 10)
    #expect(try #require(query.p95SelfTimeB) == 90)
    #expect(comparison.rows[1].delta == -10)
    #expect(comparison.rows[2].delta == 0 && comparison.rows[2].shareOfChange == 0)
  }

  @Test("operations present in one set only, and merged profiles")
  func oneSided() throws {
    var classifier = SpanClassifier()
    var first = TraceSetProfile()
    var second = TraceSetProfile()
    first.add(Self.trace("a", db: 10...40, http: 50...80, end: 100), classifier: &classifier)
    second.add(Self.trace("b", db: 10...40, http: 50...80, end: 100), classifier: &classifier)
    first.merge(second)
    #expect(first.traceCount == 2)
    let empty = TraceSetProfile()
    let comparison = TraceSetComparison(baseline: empty, comparison: first)
    #expect(comparison.meanDurationA == nil)
    let query = try #require(comparison.rows.first { $0.operation.classification.category == .db })
    #expect(query.meanSelfTimeA == 0 && query.p95SelfTimeA == nil && query.meanSelfTimeB == 30)
  }
}
