import LookoutAnalysis
import LookoutCore
import Testing

@Suite("TraceTree")
struct TraceTreeTests {
  typealias F = TraceFixtures

  @Test("children sorted by start, depths, root and extent, from any order")
  func structure() throws {
    var random = SplitMix64(seed: 3)
    for _ in 0..<20 {
      let tree = TraceTree(spans: F.checkout().shuffled(using: &random))
      let root = try #require(tree.rootSpan)
      #expect(root.spanID == "f1")
      #expect(tree.rootIndices.count == 1)
      #expect(tree.start == 0 && tree.end == 1000 && tree.duration == 1000)
      let byID = Dictionary(uniqueKeysWithValues: tree.spans.enumerated().map { ($1.spanID, $0) })
      let o1 = try #require(byID["o1"])
      #expect(tree.childIndices[o1].map { tree.spans[$0].spanID } == ["o2", "o3"])
      #expect(tree.depths[try #require(byID["p2"])] == 5)
      #expect(
        tree.preorder.map { tree.spans[$0].spanID } == [
          "f1", "f2", "o1", "o2", "o3", "p1", "p2", "f3",
        ])
      #expect(tree.parentIndices[o1] == byID["f2"])
      #expect(tree.index(ofSpanID: "p1") == byID["p1"])
    }
  }

  @Test("duplicates keep the longest copy")
  func duplicates() throws {
    let inProgress = F.span("a", start: 0, end: 0)
    let complete = F.span("a", start: 0, end: 500)
    let tree = TraceTree(spans: [
      inProgress, F.span("b", parent: "a", start: 10, end: 20), complete,
    ])
    #expect(tree.spans.count == 2)
    #expect(tree.duplicateCount == 1)
    #expect(try #require(tree.rootSpan).duration == 500)
  }

  @Test("missing parents make orphans; the true root is preferred over an earlier orphan")
  func orphans() throws {
    let spans = [
      F.span("orphan", parent: "missing", start: -50, end: 40),
      F.span("root", start: 0, end: 100),
      F.span("child", parent: "root", start: 10, end: 20),
      F.span("grandorphan", parent: "orphan", start: -40, end: 0),
    ]
    let tree = TraceTree(spans: spans)
    #expect(tree.rootIndices.map { tree.spans[$0].spanID } == ["orphan", "root"])
    #expect(tree.rootSpan?.spanID == "root")
    #expect(tree.start == -50 && tree.end == 100)
    // Only orphans: the earliest one.
    let onlyOrphans = TraceTree(spans: [F.span("x", parent: "p", start: 5, end: 9), spans[0]])
    #expect(onlyOrphans.rootSpan?.spanID == "orphan")
  }

  @Test("parent cycles are cut at their earliest span, without hanging")
  func cycles() throws {
    let spans = [
      F.span("a", parent: "c", start: 10, end: 100),
      F.span("b", parent: "a", start: 20, end: 90),
      F.span("c", parent: "b", start: 30, end: 80),
      F.span("self", parent: "self", start: 0, end: 5),
      F.span("d", parent: "c", start: 40, end: 50),
    ]
    let tree = TraceTree(spans: spans)
    let ids = tree.rootIndices.map { tree.spans[$0].spanID }
    #expect(ids == ["self", "a"])
    #expect(tree.cycleBreakIndices.map { tree.spans[$0].spanID } == ["a"])
    #expect(tree.preorder.count == 5)
    #expect(tree.depths[try #require(tree.index(ofSpanID: "d"))] == 3)
    _ = tree.selfTimes()
    #expect(tree.criticalPath().segments.isEmpty == false)
  }

  @Test("empty and hostile input")
  func hostile() {
    let empty = TraceTree(spans: [])
    #expect(empty.rootIndex == nil && empty.duration == 0)
    #expect(empty.criticalPath().segments.isEmpty)
    let hostile = TraceTree(spans: [
      F.span("neg", start: 100, end: 50),
      F.span("huge", parent: "neg", start: .max - 10, end: .max),
      F.span("", start: 0, end: 10),
    ])
    #expect(hostile.spans.count == 3)
    #expect(hostile.selfTimes().allSatisfy { $0 >= 0 })
    // Extremes saturate instead of overflowing, in the tree and in every sum over traces.
    let extreme = TraceTree(spans: [
      F.span("a", kind: .server, start: .min, end: -1),
      F.span("b", parent: "a", start: .min, end: .min + 10),
      F.span("c", start: 0, end: .max),
    ])
    #expect(extreme.duration == .max)
    var classifier = SpanClassifier()
    var bottlenecks = EndpointBottlenecks(endpoint: EndpointKey(service: "app", endpoint: "a"))
    var profile = TraceSetProfile()
    for _ in 0..<3 {
      bottlenecks.add(extreme, classifier: &classifier)
      profile.add(extreme, classifier: &classifier)
    }
    #expect(bottlenecks.totalDuration == .max && profile.totalDuration == .max)
    _ = TraceWaterfall(tree: extreme, classifier: &classifier)
    _ = TraceSetComparison(baseline: profile, comparison: TraceSetProfile())
  }

  @Test("a 100,000-span chain builds without recursion")
  func deepChain() throws {
    let count = 100_000
    let spans = (0..<count).map { index in
      F.span(
        "s\(index)", parent: index == 0 ? "" : "s\(index - 1)", start: Int64(index),
        end: Int64(2 * count - index))
    }
    let tree = TraceTree(spans: spans.reversed())
    #expect(tree.rootIndices.count == 1)
    #expect(tree.depths.max() == count - 1)
    let selfTimes = tree.selfTimes()
    // Each span covers one µs on each side of its child; the innermost covers 2.
    #expect(selfTimes.allSatisfy { $0 == 2 })
    let path = tree.criticalPath()
    #expect(path.spanIDs.count == count)
    #expect(path.segments.reduce(0) { $0 + $1.duration } == Int64(2 * count))
  }

  @Test("a 100,000-child fan-out")
  func wideFanOut() throws {
    let count = 100_000
    var spans = [F.span("root", start: 0, end: Int64(count) + 10)]
    for index in 0..<count {
      spans.append(
        F.span("c\(index)", parent: "root", start: Int64(index), end: Int64(index) + 5))
    }
    let tree = TraceTree(spans: spans)
    let root = try #require(tree.rootIndex)
    #expect(tree.childIndices[root].count == count)
    // Children cover 0 ..< count + 4 as a union; the root is count + 10 long.
    #expect(tree.selfTime(ofSpanAt: root) == 6)
    let path = tree.criticalPath()
    #expect(path.segments.reduce(0) { $0 + $1.duration } == Int64(count) + 10)
  }
}
