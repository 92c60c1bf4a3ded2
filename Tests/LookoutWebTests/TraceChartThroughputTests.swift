import Foundation
import LookoutWeb
import Testing

/// Rendering time of the trace charts at their sizes of concern, printed rather than asserted;
/// run in release with
/// `LOOKOUT_BENCH=1 swift test -c release --filter TraceChartThroughputTests`.
///
/// Figures are the best of five runs in thread CPU time, so a busy machine inflates them less
/// than wall time would.
@Suite(
  "Trace chart throughput", .serialized,
  .enabled(if: ProcessInfo.processInfo.environment["LOOKOUT_BENCH"] != nil))
struct TraceChartThroughputTests {
  /// A 10,000-span trace: a root, then spans fanned out to depth 40, every tenth critical.
  static func trace(labelsToEscape: Bool) -> [WaterfallRow] {
    let total: Int64 = 2_000_000
    return (0..<10_000).map { index in
      let start = Int64(index) * total / 10_000
      var flags: WaterfallRow.Flags = index % 10 == 0 ? [.critical] : []
      if index % 97 == 0 { flags.insert(.fault) }
      return WaterfallRow(
        spanID: String(index, radix: 16),
        label: labelsToEscape ? "SELECT <b>\(index)</b> & \"x\"" : "SELECT orders \(index)",
        service: "svc\(index % 9)", colorIndex: index % 9, depth: index == 0 ? 0 : 1 + index % 40,
        startMicros: start, durationMicros: max(1, (total - start) / 3), selfMicros: 100,
        flags: flags, href: "/traces/abc?span=\(index)")
    }
  }

  /// A map of `count` services: a chain, plus a fan-out and a call back per node.
  static func map(_ count: Int) -> ServiceMapChart {
    let ids = (0..<count).map { "svc-\($0)" }
    var edges: [ServiceMapChart.Edge] = []
    for index in 1..<count {
      for (from, to) in [
        (ids[(index * 7_919) % index], ids[index]), (ids[index], ids[(index * 31) % index]),
        (ids[index - 1], ids[index]),
      ] {
        edges.append(
          ServiceMapChart.Edge(from: from, to: to, callsPerMinute: 10, p95Milliseconds: 12))
      }
    }
    return ServiceMapChart(
      nodes: ids.map { ServiceMapChart.Node(id: $0, label: $0, callsPerMinute: 60) },
      edges: edges)
  }

  @Test func charts() {
    let plain = Self.trace(labelsToEscape: false)
    let hostile = Self.trace(labelsToEscape: true)
    let points = (0..<20_000).map { (index: Int) -> ScatterPoint in
      let exponent = Double((index * 7_919) % 1_000) / 100
      return ScatterPoint(
        timeMicros: 1_717_578_000_000_000 + Int64(index) * 180_000,
        durationMilliseconds: exp(exponent) / 10, isError: index % 50 == 0,
        href: "/traces/\(index)")
    }
    let small = Self.map(100)
    let large = Self.map(1_000)
    let figures: [(String, () -> String)] = [
      ("waterfall, 10,000 spans", { WaterfallChart(rows: plain, totalMicros: 2_000_000).html() }),
      (
        "waterfall, 10,000 spans with labels to escape",
        { WaterfallChart(rows: hostile, totalMicros: 2_000_000).html() }
      ),
      ("service map, 100 nodes, 297 edges", { small.svg() }),
      ("service map, 1,000 nodes, 2,997 edges", { large.svg() }),
      ("scatter, 20,000 points (5,000 drawn)", { ScatterChart(points: points, title: "t").svg() }),
    ]
    for (name, render) in figures {
      var best = Double.infinity
      var bytes = 0
      for _ in 0..<5 {
        let start = Self.threadCPUTime()
        bytes = render().utf8.count
        best = min(best, Self.threadCPUTime() - start)
      }
      print("throughput: \(name): \(String(format: "%.1f", best * 1_000)) ms, \(bytes) bytes")
    }
  }

  /// CPU time of the calling thread, in seconds.
  private static func threadCPUTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}
