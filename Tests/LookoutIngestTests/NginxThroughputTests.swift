import Foundation
import LookoutIngest
import Testing

/// Prints decode throughput; asserts nothing about speed (the machine varies).
///
/// Meaningful only in a release build run alone:
/// `swift test -c release --no-parallel --filter NginxThroughput`. Time is the thread's CPU
/// time, so other processes do not count; tests running in parallel still slow it down
/// (shared caches and allocator).
@Suite("NginxThroughput")
struct NginxThroughputTests {
  /// CPU seconds used by the calling thread.
  static func threadCPUSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
  }

  @Test func timedFormatThroughput() throws {
    let log = try TestSupport.generatedLog(lines: 20_000, seed: 7)
    let decoder = NginxBatchDecoder(format: .timed)
    #if DEBUG
      let repeats = 1  // a debug build only shows that the measurement runs
    #else
      let repeats = 10
    #endif
    var best = Double.infinity
    var decoded = 0
    for _ in 0..<repeats {
      let start = Self.threadCPUSeconds()
      let batch = decoder.decode(log)
      best = min(best, Self.threadCPUSeconds() - start)
      decoded = batch.records.count
    }
    #expect(decoded == 20_000)
    let linesPerSecond = Double(decoded) / best
    let megabytesPerSecond = Double(log.count) / best / 1e6
    print(
      "nginx timed decode: \(Int(linesPerSecond)) lines/s, \(Int(megabytesPerSecond)) MB/s "
        + "(best of \(repeats) over 20k lines, thread CPU time)")
  }
}
