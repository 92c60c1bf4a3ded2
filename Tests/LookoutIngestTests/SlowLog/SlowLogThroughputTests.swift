import Foundation
import LookoutIngest
import Testing

/// Prints slow-log decode throughput; asserts nothing about speed (the machine varies).
///
/// Meaningful only in a release build run alone:
/// `swift test -c release --no-parallel --filter SlowLogThroughput`. Time is the thread's
/// CPU time, as in `NginxThroughputTests`.
@Suite("SlowLogThroughput")
struct SlowLogThroughputTests {
  #if DEBUG
    static let repeats = 1  // a debug build only shows that the measurement runs
  #else
    static let repeats = 10
  #endif

  /// The best thread CPU time of `repeats` runs of `body`, and its last result.
  static func best<Result>(_ body: () -> Result) -> (seconds: Double, result: Result) {
    var best = Double.infinity
    var result = body()
    for _ in 0..<repeats {
      let start = NginxThroughputTests.threadCPUSeconds()
      result = body()
      best = min(best, NginxThroughputTests.threadCPUSeconds() - start)
    }
    return (best, result)
  }

  @Test func mysqlGeneratedLogThroughput() throws {
    let log = try SlowLogTestSupport.generatedMySQLLog(queries: 50_000, seed: 5)
    let (seconds, batch) = Self.best {
      // 64 KiB reads, as a tailer does them.
      var decoder = MySQLSlowLogDecoder()
      var count = 0
      log.withUnsafeBytes { bytes in
        var start = 0
        while start < bytes.count {
          let end = min(start + 65_536, bytes.count)
          count += decoder.feed(UnsafeRawBufferPointer(rebasing: bytes[start..<end])).records.count
          start = end
        }
      }
      return count + decoder.finish().records.count
    }
    #expect(batch == 50_000)
    print(
      "mysql slow log decode: \(Int(Double(batch) / seconds)) entries/s, "
        + "\(Int(Double(log.count) / seconds / 1e6)) MB/s "
        + "(best of \(Self.repeats) over 50k generated entries, 64 KiB chunks, thread CPU time)")
  }

  @Test func postgresStderrThroughput() throws {
    let fixture = try SlowLogTestSupport.fixture("postgres15-debian.log")
    let log = Array([[UInt8]](repeating: fixture, count: 100).joined())
    let (seconds, batch) = Self.best { PostgresLogDecoder.decodeAll(log) }
    #expect(batch.records.count == 9_000)
    let lines = log.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
    print(
      "postgres stderr decode: \(Int(Double(lines) / seconds)) lines/s, "
        + "\(Int(Double(batch.entryCount) / seconds)) duration entries/s, "
        + "\(Int(Double(log.count) / seconds / 1e6)) MB/s (best of \(Self.repeats), thread CPU time)"
    )
  }
}
