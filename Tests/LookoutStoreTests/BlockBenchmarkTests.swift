import Foundation
import GRDB
import LookoutCore
import Testing

@testable import LookoutStore

/// Size and speed on request-like rows. Prints numbers, asserts only what machines cannot
/// make noisy (sizes). Run in release for meaningful speeds:
/// `swift test -c release -Xswiftc -enable-testing --filter BlockBenchmarkTests`;
/// `LOOKOUT_BENCH_ROWS` changes the row count (default 1M).
@Suite("Block benchmark", .serialized)
struct BlockBenchmarkTests {
  static let rowCount =
    Int(ProcessInfo.processInfo.environment["LOOKOUT_BENCH_ROWS"] ?? "") ?? 1_000_000
  static let intColumns = [0, 3, 4, 6]

  @Test("bytes per row and decode speed on request-like rows")
  func requestRows() async throws {
    let schema = BlockTestData.schema
    let store = BlockStore(schema: schema)
    let database = try BlockTestDatabase([store])
    var encodeTime = Duration.zero
    var from = BlockTestData.start
    var written = 0
    var block = 0
    while written < Self.rowCount {
      let rows = min(65_536, Self.rowCount - written)
      let batch = BlockTestData.batch(rows: rows, from: from, seed: UInt64(block))
      from = batch.columns[0].int64Values!.last!
      var encoded: EncodedBlock?
      encodeTime += try Self.cpuTime { encoded = try store.encode(batch) }
      try await database.pool.write { [encoded] db in
        _ = try store.append(encoded!, project: 1, in: db)
      }
      written += rows
      block += 1
    }
    let summary = try await database.pool.read { db in try store.summary(in: db) }
    let perColumn = try await database.pool.read { db in
      try Row.fetchAll(db, sql: "SELECT col, SUM(length(data)) FROM requests_columns GROUP BY col")
        .map { (Int($0[0] as Int64), Int($0[1] as Int64)) }
    }
    let fileBytes = try await database.pool.writeWithoutTransaction { db in
      try db.checkpoint(.truncate)
      return try Int.fetchOne(
        db, sql: "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size")!
    }
    print("blocks: \(summary.rowCount) rows in \(summary.blockCount) blocks")
    print(
      String(
        format: "blocks: %.2f column bytes/row, %.2f file bytes/row (4 KiB pages)",
        summary.bytesPerRow, Double(fileBytes) / Double(summary.rowCount)))
    for (column, bytes) in perColumn {
      print(
        String(
          format: "blocks:   %-9@ %.3f bytes/row", schema.columns[column].name as NSString,
          Double(bytes) / Double(summary.rowCount)))
    }
    print(
      String(
        format: "blocks: encode %.0f ns/row",
        Self.nanoseconds(encodeTime) / Double(summary.rowCount)))
    #expect(summary.rowCount == Self.rowCount)
    #expect(summary.bytesPerRow < 16)

    // Pure decoding: blobs in memory, one core.
    let infos = try await database.pool.read { db in
      try store.blocks(project: 1, range: .all, in: db)
    }
    let blobs: [[Data]] = try await database.pool.read { db in
      try infos.map { info in
        try schema.columns.indices.map { column in
          try Data.fetchOne(
            db, sql: "SELECT data FROM requests_columns WHERE block_id = ? AND col = ?",
            arguments: [info.id, column])!
        }
      }
    }
    for (name, columns) in [
      ("4 int columns", Self.intColumns), ("all 8 columns", Array(schema.columns.indices)),
    ] {
      let best = try (0..<3).map { _ in
        try Self.cpuTime {
          for (info, blockBlobs) in zip(infos, blobs) {
            for column in columns {
              _ = try blockBlobs[column].withUnsafeBytes {
                try ColumnCodec.decode(
                  $0, kind: schema.columns[column].kind, rowCount: info.rowCount)
              }
            }
          }
        }
      }.min()!
      let values = Double(summary.rowCount * columns.count)
      print(
        String(
          format:
            "blocks: decode %@: %.1f ms (%.2f ns/value), 10M rows would take %.0f ms on one core",
          name as NSString, Self.nanoseconds(best) / 1e6, Self.nanoseconds(best) / values,
          Self.nanoseconds(best) / 1e6 * 10_000_000 / Double(summary.rowCount)))
    }
    for column in schema.columns.indices {
      let decodeTime = try Self.cpuTime {
        for (info, blockBlobs) in zip(infos, blobs) {
          _ = try blockBlobs[column].withUnsafeBytes {
            try ColumnCodec.decode($0, kind: schema.columns[column].kind, rowCount: info.rowCount)
          }
        }
      }
      let encoding = try ColumnCodec.describe(Array(blobs[0][column]))
      print(
        String(
          format: "blocks:   %-9@ tag %d%@ %.2f ns/value", schema.columns[column].name as NSString,
          encoding.tag, encoding.deflated ? "+zlib" : "     ",
          Self.nanoseconds(decodeTime) / Double(summary.rowCount)))
    }

    // End to end: SQLite reads + decode + a sum, on every core.
    let scanTime = try await Self.best(of: 3) {
      let sums = try await store.scan(
        database.pool, project: 1, range: .all, columns: Self.intColumns
      ) {
        _, vectors in vectors[4]!.int64Values!.reduce(0, &+)
      }
      #expect(sums.count == summary.blockCount)
    }
    print(
      String(
        format: "blocks: scan() 4 int columns: %.1f ms, %.1f M rows/s on %d cores",
        Self.nanoseconds(scanTime) / 1e6,
        Double(summary.rowCount) / Self.nanoseconds(scanTime) * 1e3,
        ProcessInfo.processInfo.activeProcessorCount))
  }

  @Test("small blocks from single batch commits, and deflate levels on URLs")
  func smallBlocksAndLevels() throws {
    let store = BlockStore(schema: BlockTestData.schema)
    var bytes = 0
    for block in 0..<50 {
      let batch = BlockTestData.batch(
        rows: 200, from: BlockTestData.start + Int64(block) * 1_000_000, seed: UInt64(block))
      bytes += try store.encode(batch).byteCount
    }
    print(
      String(
        format: "blocks: 200-row blocks (before compaction): %.2f column bytes/row",
        Double(bytes) / 10_000))
    #expect(Double(bytes) / 10_000 < 24)

    let urls = BlockTestData.batch(rows: 65_536, seed: 77).columns[7]
    for level: Int32 in [1, 3, 6, 9] {
      var size = 0
      let time = Self.cpuTime { size = ColumnCodec.encode(urls, deflateLevel: level).count }
      print(
        String(
          format: "blocks: url column at zlib level %d: %.2f bytes/row, encode %.0f ns/row", level,
          Double(size) / 65_536, Self.nanoseconds(time) / 65_536))
    }
  }

  /// CPU time `body` takes on this thread: steadier than wall time on a shared machine.
  static func cpuTime(_ body: () throws -> Void) rethrows -> Duration {
    func now() -> Duration {
      var spec = timespec()
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
      return .seconds(spec.tv_sec) + .nanoseconds(spec.tv_nsec)
    }
    let start = now()
    try body()
    return now() - start
  }

  static func nanoseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
  }

  static func best(of runs: Int, _ body: () async throws -> Void) async throws -> Duration {
    var best = Duration.seconds(1_000_000)
    for _ in 0..<runs {
      let start = ContinuousClock.now
      try await body()
      best = min(best, ContinuousClock.now - start)
    }
    return best
  }
}
