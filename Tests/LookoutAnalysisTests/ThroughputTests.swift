import Foundation
import LookoutAnalysis
import Testing

/// Throughput figures, printed rather than asserted; run in release with
/// `LOOKOUT_BENCH=1 swift test -c release --filter ThroughputTests`.
///
/// Each figure is thread CPU time per item (what the work costs, even when the machine is
/// shared), with wall time beside it.
@Suite(
  "Throughput", .serialized,
  .enabled(if: ProcessInfo.processInfo.environment["LOOKOUT_BENCH"] != nil),
  .enabled(if: GeneratedLog.isAvailable))
struct ThroughputTests {
  @Test func templatingAndDigest() throws {
    let log = try GeneratedLog.make(lines: 200_000, seed: 3, rate: 200)
    let targets = log.lines.map(\.target)
    let methods = log.lines.map(\.method)
    var templater = RouteTemplater()
    var routes: [String] = []
    routes.reserveCapacity(targets.count)
    let cold = Measurement.of(count: targets.count) {
      for index in targets.indices {
        routes.append(templater.template(targets[index], method: methods[index]))
      }
    }
    var checksum = 0
    let passes = 5
    let warm = Measurement.of(count: targets.count * passes) {
      for _ in 0..<passes {
        for index in targets.indices {
          checksum &+= templater.template(targets[index], method: methods[index]).utf8.count
        }
      }
    }
    let retemplate = Measurement.of(count: routes.count) {
      for route in routes { checksum &+= templater.retemplate(route).utf8.count }
    }
    print(
      "throughput: template first pass (learning) \(cold), steady \(warm),"
        + " retemplate \(retemplate) (checksum \(checksum))")

    let records = log.records
    var digest = RequestDigest()
    let digesting = Measurement.of(count: records.count) {
      for record in records { digest.add(record) }
    }
    var rows = 0
    let reporting = Measurement.of(count: 1) { rows = digest.report().count }
    print("throughput: digest add \(digesting), report of \(rows) rows \(reporting)")
  }

  @Test func sketchAdd() {
    var random = SeededGenerator(seed: 1)
    let values = (0..<1_000_000).map { _ in exp(log(50_000) + 0.8 * random.gaussian()) }
    var sketch = QuantileSketch()
    let passes = 10
    let adding = Measurement.of(count: values.count * passes) {
      for _ in 0..<passes { for value in values { sketch.add(value) } }
    }
    var other = QuantileSketch()
    for value in values.prefix(10_000) { other.add(value * 3) }
    let merges = 10_000
    let merging = Measurement.of(count: merges) { for _ in 0..<merges { sketch.merge(other) } }
    let bytes = sketch.serialized()
    print(
      "throughput: sketch add \(adding), merge \(merging), \(bytes.count) bytes serialized,"
        + " p99 \(sketch.quantile(0.99) ?? 0)")
  }
}

/// CPU and wall time of a block, per item.
struct Measurement: CustomStringConvertible {
  var cpuNanos: Double
  var wallNanos: Double

  static func of(count: Int, _ body: () -> Void) -> Measurement {
    let cpuStart = threadCPUNanos()
    let wallStart = ContinuousClock.now
    body()
    let (seconds, attoseconds) = (ContinuousClock.now - wallStart).components
    let wall = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
    return Measurement(
      cpuNanos: (threadCPUNanos() - cpuStart) / Double(count), wallNanos: wall / Double(count))
  }

  static func threadCPUNanos() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e9 + Double(time.tv_nsec)
  }

  var description: String {
    String(format: "%.0f ns CPU (%.0f ns wall)", cpuNanos, wallNanos)
  }
}
