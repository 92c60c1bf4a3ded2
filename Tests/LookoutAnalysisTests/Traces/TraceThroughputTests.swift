import Foundation
import LookoutAnalysis
import LookoutCore
import Testing

/// Throughput of the trace analyses, printed rather than asserted; run in release with
/// `LOOKOUT_BENCH=1 swift test -c release --filter TraceThroughputTests`.
@Suite(
  "TraceThroughput", .serialized,
  .enabled(if: ProcessInfo.processInfo.environment["LOOKOUT_BENCH"] != nil))
struct TraceThroughputTests {
  /// A random tree: each span's parent is an earlier span, its interval inside the parent's
  /// (a tenth outlive it), services change every few levels.
  static func randomTrace(spans count: Int, seed: UInt64) -> [SpanRecord] {
    var random = SplitMix64(seed: seed)
    var spans: [SpanRecord] = []
    spans.reserveCapacity(count)
    spans.append(
      TraceFixtures.span(
        "0", service: "s0", name: "GET /", kind: .server, start: 0, end: 10_000_000))
    for index in 1..<count {
      let parent = spans[Int.random(in: max(0, index - 50)..<index, using: &random)]
      let start = parent.start + Int64.random(in: 0...max(0, parent.duration - 1), using: &random)
      let longest = parent.start + parent.duration - start
      let duration =
        random.unit() < 0.1
        ? longest * 2 : Int64.random(in: 0...max(0, longest), using: &random)
      let service = random.unit() < 0.05 ? "s\(index % 7)" : parent.service
      spans.append(
        TraceFixtures.span(
          "\(index)", parent: parent.spanID, service: service, name: "op\(index % 40)",
          kind: index % 3 == 0 ? .client : .internal, start: start, end: start + duration,
          attributes: index % 6 == 0
            ? ["db.system": "mysql", "db.statement": "SELECT 1 FROM t\(index % 9)"] : [:]))
    }
    return spans.shuffled(using: &random)
  }

  /// Thread CPU time of `body`, seconds: what the work costs even on a shared machine.
  static func time(_ body: () -> Void) -> Double {
    var before = timespec()
    var after = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &before)
    body()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &after)
    return Double(after.tv_sec - before.tv_sec) + Double(after.tv_nsec - before.tv_nsec) / 1e9
  }

  @Test func bigTrace() {
    let spans = Self.randomTrace(spans: 100_000, seed: 5)
    var tree = TraceTree(spans: [])
    let build = Self.time { tree = TraceTree(spans: spans) }
    var selfTotal: Int64 = 0
    let selfTime = Self.time { selfTotal = tree.selfTimes().reduce(0, +) }
    var path = CriticalPath(segments: [])
    let critical = Self.time { path = tree.criticalPath() }
    var edges = 0
    let edgeTime = Self.time { edges = tree.serviceEdges().count }
    var accumulator = EndpointBottleneckAccumulator()
    let bottleneck = Self.time { accumulator.add(tree) }
    print(
      String(
        format:
          "trace throughput (100k spans, thread CPU): build %.1f ms, self times %.1f ms, critical path %.1f ms, edges %.1f ms, bottlenecks %.1f ms",
        build * 1e3, selfTime * 1e3, critical * 1e3, edgeTime * 1e3, bottleneck * 1e3))
    #expect(selfTotal > 0 && !path.segments.isEmpty && edges > 0)
  }

  @Test func matcher() {
    let traces = (0..<20_000).map { TraceFixtures.checkout(trace: String(format: "%032x", $0)) }
    var bySpan: [SpanRecord] = traces.flatMap { $0 }
    var random = SplitMix64(seed: 9)
    bySpan.shuffle(using: &random)
    var matcher = ServiceEdgeMatcher()
    var emitted = 0
    let elapsed = Self.time {
      var now: Int64 = 1_800_000_000_000_000
      var offset = 0
      while offset < bySpan.count {
        let batch = bySpan[offset..<min(offset + 500, bySpan.count)]
        emitted += matcher.ingest(batch, now: now).count
        offset += 500
        now += 1_000
      }
      emitted += matcher.expire(now: now + 20_000_000).count
    }
    print(
      String(
        format: "matcher throughput (thread CPU): %d spans in %.1f ms, %.2f M spans/s, %d edges",
        bySpan.count, elapsed * 1e3, Double(bySpan.count) / elapsed / 1e6, emitted))
    #expect(emitted == traces.count * 5)
  }
}
