import Foundation
import LookoutAnalysis
import Testing

/// Fingerprinting throughput, printed rather than asserted; run in release with
/// `LOOKOUT_BENCH=1 swift test -c release --filter SQLFingerprintThroughputTests`.
///
/// Figures are thread CPU time per statement, so a busy machine inflates them less than wall
/// time would. pt-query-digest, for comparison, fingerprints some tens of thousands of
/// statements per second.
@Suite(
  "SQL fingerprint throughput", .serialized,
  .enabled(if: ProcessInfo.processInfo.environment["LOOKOUT_BENCH"] != nil),
  .enabled(if: GeneratedSlowLog.isAvailable))
struct SQLFingerprintThroughputTests {
  @Test func generatedSlowLog() throws {
    let statements = try GeneratedSlowLog.make(queries: 200_000, seed: 7).statements
    let bytes = statements.reduce(0) { $0 + $1.utf8.count }
    var mysql = MySQLFingerprinter()
    var postgres = PostgresFingerprinter()
    var checksum = 0
    let figures: [(String, () -> Void)] = [
      (
        "MySQL fingerprint",
        { for statement in statements { checksum &+= mysql.fingerprint(statement).tables.count } }
      ),
      (
        "MySQL text only",
        { for statement in statements { checksum &+= mysql.fingerprintText(statement).utf8.count } }
      ),
      (
        "PostgreSQL fingerprint",
        {
          for statement in statements { checksum &+= postgres.fingerprint(statement).tables.count }
        }
      ),
      (
        "PostgreSQL pg_stat_statements text",
        {
          for statement in statements { checksum &+= postgres.normalizedText(statement).utf8.count }
        }
      ),
    ]
    for (name, body) in figures {
      var best = Double.infinity
      for _ in 0..<3 {
        let start = Self.threadCPUTime()
        body()
        best = min(best, Self.threadCPUTime() - start)
      }
      let perStatement = best / Double(statements.count)
      print(
        "throughput: \(name): \(Int(1 / perStatement)) statements/s"
          + " (\(Int(perStatement * 1e9)) ns each, \(bytes / statements.count) bytes on average)")
    }
    print("throughput: checksum \(checksum)")
  }

  /// CPU time of the calling thread, in seconds.
  private static func threadCPUTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}
