import LookoutAnalysis
import LookoutCore
import Testing

@Suite("Critical path")
struct CriticalPathTests {
  typealias F = TraceFixtures
  typealias Segment = CriticalPath.Segment

  func path(_ spans: [SpanRecord]) -> [Segment] {
    TraceTree(spans: spans).criticalPath().segments
  }

  @Test("sequential calls: each child in turn, the parent in the gaps")
  func sequential() {
    let segments = path([
      F.span("a", start: 0, end: 100),
      F.span("b", parent: "a", start: 10, end: 50),
      F.span("c", parent: "a", start: 50, end: 90),
    ])
    #expect(
      segments == [
        Segment(spanID: "a", start: 0, end: 10),
        Segment(spanID: "b", start: 10, end: 50),
        Segment(spanID: "c", start: 50, end: 90),
        Segment(spanID: "a", start: 90, end: 100),
      ])
  }

  @Test("parallel calls: the last to finish, then what finished before its start")
  func parallel() {
    // b runs alongside c and finishes first: not on the path. d finished before c started.
    let segments = path([
      F.span("a", start: 0, end: 100),
      F.span("b", parent: "a", start: 10, end: 60),
      F.span("c", parent: "a", start: 20, end: 80),
      F.span("d", parent: "a", start: 5, end: 15),
    ])
    #expect(
      segments == [
        Segment(spanID: "a", start: 0, end: 5),
        Segment(spanID: "d", start: 5, end: 15),
        Segment(spanID: "a", start: 15, end: 20),
        Segment(spanID: "c", start: 20, end: 80),
        Segment(spanID: "a", start: 80, end: 100),
      ])
  }

  @Test("nested calls, with an async child clipped to its parent")
  func nested() {
    let segments = path([
      F.span("a", start: 0, end: 100),
      F.span("b", parent: "a", start: 10, end: 90),
      F.span("c", parent: "b", start: 20, end: 40),
      F.span("d", parent: "b", start: 50, end: 80),
      F.span("e", parent: "d", start: 55, end: 60),
      F.span("late", parent: "a", start: 95, end: 400),
    ])
    #expect(
      segments == [
        Segment(spanID: "a", start: 0, end: 10),
        Segment(spanID: "b", start: 10, end: 20),
        Segment(spanID: "c", start: 20, end: 40),
        Segment(spanID: "b", start: 40, end: 50),
        Segment(spanID: "d", start: 50, end: 55),
        Segment(spanID: "e", start: 55, end: 60),
        Segment(spanID: "d", start: 60, end: 80),
        Segment(spanID: "b", start: 80, end: 90),
        Segment(spanID: "a", start: 90, end: 95),
        Segment(spanID: "late", start: 95, end: 100),
      ])
    let critical = TraceTree(spans: []).criticalPath()
    #expect(critical.spanIDs.isEmpty)
  }

  @Test("segments tile the root and name the spans on the path")
  func tiling() throws {
    let tree = TraceTree(spans: F.checkout())
    let critical = tree.criticalPath()
    #expect(critical.segments.first?.start == 0)
    #expect(critical.segments.last?.end == 1000)
    for (left, right) in zip(critical.segments, critical.segments.dropFirst()) {
      #expect(left.end == right.start)
    }
    #expect(critical.spanIDs == ["f1", "f2", "o1", "o2", "o3", "p1", "p2", "f3"])
    #expect(critical.durationBySpanID["p2"] == 200)
  }
}

@Suite("TraceWaterfall")
struct TraceWaterfallTests {
  @Test("rows in waterfall order with offsets, self time and critical-path time")
  func rows() throws {
    var spans = TraceFixtures.checkout()
    spans.append(TraceFixtures.span("lost", parent: "gone", service: "x", start: 990, end: 1200))
    var classifier = SpanClassifier()
    let waterfall = TraceWaterfall(tree: TraceTree(spans: spans), classifier: &classifier)
    #expect(waterfall.duration == 1200)
    #expect(
      waterfall.rows.map(\.spanID) == ["f1", "f2", "o1", "o2", "o3", "p1", "p2", "f3", "lost"])
    let o1 = waterfall.rows[2]
    #expect(o1.depth == 2 && o1.offset == 120 && o1.selfTime == 180)
    #expect(o1.criticalPathTime == 80 + 20 + 80)
    #expect(o1.classification == SpanClassification(category: .app, label: "POST /orders"))
    let lost = try #require(waterfall.rows.last)
    #expect(lost.isOrphan && !lost.isOnCriticalPath)
    #expect(
      waterfall.rows.reduce(0) { $0 + $1.criticalPathTime }
        == waterfall.criticalPath.segments.reduce(0) { $0 + $1.duration })
  }
}
