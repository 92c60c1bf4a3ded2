import Foundation
import Testing

@testable import LookoutStore

/// Decode speed per column and encoding, with and without zlib, on one 64k-row block.
/// Prints only; run in release (see BlockBenchmarkTests).
@Suite("Block codec speed", .serialized)
struct BlockCodecSpeedTests {
  @Test("decode speed per column, with and without zlib")
  func perColumn() throws {
    let schema = BlockTestData.schema
    let batch = BlockTestData.batch(rows: 65_536, seed: 42)
    for (column, vector) in batch.columns.enumerated() {
      for level: Int32 in [0, ColumnCodec.defaultDeflateLevel] {
        let blob = ColumnCodec.encode(vector, deflateLevel: level)
        let encoding = try ColumnCodec.describe(blob)
        let runs = vector.kind == .string ? 3 : 30
        var best = Duration.seconds(1_000)
        for _ in 0..<runs {
          let time = try BlockBenchmarkTests.cpuTime {
            _ = try blob.withUnsafeBytes {
              try ColumnCodec.decode($0, kind: vector.kind, rowCount: vector.count)
            }
          }
          best = min(best, time)
        }
        let nanoseconds = BlockBenchmarkTests.nanoseconds(best) / Double(vector.count)
        print(
          String(
            format: "codec: %-9@ tag %3d%@ %6.3f bytes/row %7.2f ns/value",
            schema.columns[column].name as NSString, encoding.tag,
            encoding.deflated ? "+zlib" : "     ", Double(blob.count) / Double(vector.count),
            nanoseconds))
      }
    }
  }
}
