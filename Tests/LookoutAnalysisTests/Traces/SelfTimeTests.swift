import LookoutAnalysis
import LookoutCore
import Testing

@Suite("Self time")
struct SelfTimeTests {
  typealias F = TraceFixtures

  func selfTimes(_ spans: [SpanRecord]) -> [String: Int64] {
    let tree = TraceTree(spans: spans)
    let values = tree.selfTimes()
    return Dictionary(
      uniqueKeysWithValues: tree.spans.indices.map { (tree.spans[$0].spanID, values[$0]) })
  }

  @Test("sequential children")
  func sequential() {
    let result = selfTimes([
      F.span("p", start: 0, end: 100),
      F.span("a", parent: "p", start: 10, end: 30),
      F.span("b", parent: "p", start: 40, end: 70),
    ])
    #expect(result == ["p": 50, "a": 20, "b": 30])
  }

  @Test("overlapping parallel children count once")
  func parallel() {
    let result = selfTimes([
      F.span("p", start: 0, end: 100),
      F.span("a", parent: "p", start: 10, end: 50),
      F.span("b", parent: "p", start: 20, end: 40),
      F.span("c", parent: "p", start: 30, end: 60),
      F.span("d", parent: "p", start: 80, end: 90),
    ])
    // Union: 10...60 and 80...90 = 60.
    #expect(result["p"] == 40)
  }

  @Test("async children outliving the parent, and skewed starts, are clipped")
  func clipped() {
    let result = selfTimes([
      F.span("p", start: 0, end: 100),
      F.span("async", parent: "p", start: 70, end: 500),
      F.span("skewed", parent: "p", start: -20, end: 10),
      F.span("after", parent: "p", start: 200, end: 300),
    ])
    #expect(result == ["p": 60, "async": 430, "skewed": 30, "after": 100])
  }
}
