import Foundation
import LookoutCore
import LookoutIngest
import Testing

/// Inputs and helpers shared by the slow-log decoder tests.
enum SlowLogTestSupport {
  /// The bytes of a pt-query-digest sample log in `shared/data/slowlogs`.
  static func sample(_ name: String) throws -> [UInt8] {
    let url = TestSupport.repoRoot.appendingPathComponent("../shared/data/slowlogs/\(name)")
    return Array(try Data(contentsOf: url))
  }

  /// `gen_mysql_slowlog.py` output: MySQL 8 entries behind a start banner.
  static func generatedMySQLLog(queries: Int, seed: Int) throws -> [UInt8] {
    try TestSupport.run(
      "/usr/bin/env",
      ["python3", "../shared/tools/gen_mysql_slowlog.py", String(queries), "--seed", String(seed)])
  }

  /// The bytes of a fixture in `Fixtures/slowlog`.
  static func fixture(_ name: String) throws -> [UInt8] {
    try TestSupport.fixture("slowlog/\(name)")
  }

  /// Bytes of UTF-8 text.
  static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  /// Feeds `bytes` to `feed` in chunks of `size` and then calls `finish`, gathering every
  /// batch and checking that ``SlowLogBatch/consumedBytes`` never goes backwards.
  static func chunked(
    _ bytes: [UInt8], size: Int, feed: (UnsafeRawBufferPointer) -> SlowLogBatch,
    finish: () -> SlowLogBatch
  ) -> SlowLogBatch {
    var total = SlowLogBatch()
    var previousConsumed = 0
    bytes.withUnsafeBytes { raw in
      var start = 0
      while start < raw.count {
        let end = min(start + size, raw.count)
        let batch = feed(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
        #expect(batch.consumedBytes >= previousConsumed)
        #expect(batch.consumedBytes <= end)
        previousConsumed = batch.consumedBytes
        total.append(batch)
        start = end
      }
    }
    let last = finish()
    #expect(last.consumedBytes == bytes.count)
    total.append(last)
    return total
  }

  /// The MySQL decoder's batches for `bytes` fed in chunks of `size`.
  static func mysqlChunked(
    _ bytes: [UInt8], size: Int,
    configuration: MySQLSlowLogDecoder.Configuration = .init()
  ) -> SlowLogBatch {
    var decoder = MySQLSlowLogDecoder(configuration: configuration)
    return chunked(bytes, size: size, feed: { decoder.feed($0) }, finish: { decoder.finish() })
  }

  /// Microseconds since the epoch of a UTC calendar time.
  static func micros(
    _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int,
    micro: Int = 0
  ) -> Int64 {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let date = calendar.date(
      from: DateComponents(
        year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
    return Int64(date.timeIntervalSince1970) * 1_000_000 + Int64(micro)
  }
}
