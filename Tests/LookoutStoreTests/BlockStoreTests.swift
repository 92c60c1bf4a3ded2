import Foundation
import GRDB
import LookoutCore
import Testing

@testable import LookoutStore

@Suite("Block store")
struct BlockStoreTests {
  let store = BlockStore(schema: BlockTestData.smallSchema)

  @Test("append sorts rows by ts (stably) and read returns them")
  func appendAndRead() async throws {
    let database = try BlockTestDatabase([store])
    var random = BlockTestRandom(seed: 10)
    let batch = BlockTestData.smallBatch(rows: 5_000, span: 1_000...2_000, random: &random)
    let info = try await database.pool.write { db in
      try store.append(batch, project: 1, in: db)
    }
    #expect(info.rowCount == 5_000)
    let timestamps = batch.columns[0].int64Values!
    #expect(info.minTimestamp == timestamps.min() && info.maxTimestamp == timestamps.max())

    let all = Array(BlockTestData.smallSchema.columns.indices)
    let read = try await database.pool.read { db in try store.read(info, columns: all, in: db) }
    let order = timestamps.indices.sorted {
      (timestamps[$0], $0) < (timestamps[$1], $1)
    }
    for column in all {
      #expect(blockTestSame(read[column]!, batch.columns[column].permuted(by: order)))
    }
    let some = try await database.pool.read { db in try store.read(info, columns: [3], in: db) }
    #expect(Array(some.keys) == [3])
  }

  @Test("stats hold min and max of present values")
  func stats() async throws {
    let database = try BlockTestDatabase([store])
    let batch = ColumnBatch(columns: [
      .int64([30, 10, 20]), .dictionary([4, 0, 70]), .int64([.min, -5, 8]),
      .string(["a", "b", "c"]), .float64([1, 2, 3]),
    ])
    let info = try await database.pool.write { db in try store.append(batch, project: 1, in: db) }
    let listed = try await database.pool.read { db in
      try store.blocks(project: 1, range: .all, in: db)
    }
    #expect(listed == [info])
    #expect(info.stats[2] == ColumnStats(min: -5, max: 8))
    #expect(info.stats[1].min == 0 && info.stats[1].max == 70)
    #expect(info.stats[1].mayContain(4) && info.stats[1].mayContain(70))
    #expect(!info.stats[1].mayContain(5) && !info.stats[1].mayContain(71))
    #expect(info.stats[3] == .untracked && info.stats[3].mayContain(1))
    #expect(info.stats[2].mayOverlap(8...100) && !info.stats[2].mayOverlap(9...100))
  }

  @Test("blocks() selects by project and overlapping range, ordered by minTimestamp")
  func blockSelection() async throws {
    let database = try BlockTestDatabase([store])
    var random = BlockTestRandom(seed: 11)
    // Written out of time order, two projects.
    let spans: [(Int64, ClosedRange<Int64>)] = [
      (1, 300...399), (1, 100...199), (2, 100...199), (1, 200...299), (1, 150...250),
    ]
    for (project, span) in spans {
      var batch = BlockTestData.smallBatch(rows: 50, span: span, random: &random)
      var ts = batch.columns[0].int64Values!
      (ts[0], ts[1]) = (span.lowerBound, span.upperBound)
      batch.columns[0] = .int64(ts)
      try await database.pool.write { [batch] db in
        _ = try store.append(batch, project: project, in: db)
      }
    }
    func mins(_ project: Int64, _ from: Int64, _ to: Int64) async throws -> [Int64] {
      try await database.pool.read { db in
        try store.blocks(project: project, range: TimeRange(from: from, to: to), in: db)
      }.map(\.minTimestamp)
    }
    #expect(try await mins(1, .min, .max) == [100, 150, 200, 300])
    #expect(try await mins(2, .min, .max) == [100])
    #expect(try await mins(3, .min, .max) == [])
    #expect(try await mins(1, 199, 200) == [100, 150])  // max_ts 199 is inside [199, 200)
    #expect(try await mins(1, 200, 300) == [150, 200])  // [100,199] ends before 200
    #expect(try await mins(1, 0, 100) == [])  // to is exclusive
    #expect(try await mins(1, 0, 101) == [100])
    #expect(try await mins(1, 400, 500) == [])
    #expect(try await mins(1, 300, 300) == [])  // empty range
  }

  @Test(
    "invalid batches are refused",
    arguments: [
      ("column count", ColumnBatch(columns: [.int64([1])])),
      (
        "kind",
        ColumnBatch(columns: [
          .int64([1]), .int64([1]), .int64([1]), .string([""]), .float64([1]),
        ])
      ),
      (
        "length",
        ColumnBatch(columns: [
          .int64([1, 2]), .dictionary([1]), .int64([1, 2]), .string(["", ""]), .float64([1, 2]),
        ])
      ),
      (
        "absent ts",
        ColumnBatch(columns: [
          .int64([.min]), .dictionary([1]), .int64([1]), .string([""]), .float64([1]),
        ])
      ),
      (
        "empty",
        ColumnBatch(columns: [.int64([]), .dictionary([]), .int64([]), .string([]), .float64([])])
      ),
    ])
  func invalidBatch(_ name: String, _ batch: ColumnBatch) async throws {
    let database = try BlockTestDatabase([store])
    await #expect(throws: BlockStoreError.self) {
      try await database.pool.write { db in _ = try store.append(batch, project: 1, in: db) }
    }
    let count = try await database.pool.read { db in try store.summary(in: db).blockCount }
    #expect(count == 0)
  }

  @Test("an unknown column index throws")
  func unknownColumn() async throws {
    let database = try BlockTestDatabase([store])
    var random = BlockTestRandom(seed: 12)
    let batch = BlockTestData.smallBatch(rows: 10, span: 0...10, random: &random)
    let info = try await database.pool.write { db in try store.append(batch, project: 1, in: db) }
    await #expect(throws: BlockStoreError.unknownColumn(9)) {
      try await database.pool.read { db in try store.read(info, columns: [9], in: db) }
    }
  }

  @Test("a failing transaction leaves no block and no dictionary entry behind")
  func rollback() async throws {
    let dictionary = StringDictionary(table: "events")
    let database = try BlockTestDatabase([store], dictionaries: [dictionary])
    var random = BlockTestRandom(seed: 13)
    let batch = BlockTestData.smallBatch(rows: 100, span: 0...1_000, random: &random)
    struct Abort: Error {}
    await #expect(throws: Abort.self) {
      try await database.pool.write { db in
        #expect(try dictionary.id(for: "checkout", column: "group", in: db) == 1)
        #expect(try dictionary.id(for: "checkout", column: "group", in: db) == 1)
        _ = try store.append(batch, project: 1, in: db)
        throw Abort()
      }
    }
    let summary = try await database.pool.read { db in try store.summary(in: db) }
    #expect(summary == BlockStoreSummary(blockCount: 0, rowCount: 0, storedBytes: 0))
    let leftovers = try await database.pool.read { db in
      try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events_columns")
    }
    #expect(leftovers == 0)
    #expect(dictionary.ids(matching: { $0 == "checkout" }, column: "group").isEmpty)
    #expect(dictionary.value(1, column: "group") == "")
    let id = try await database.pool.write { db in
      try dictionary.id(for: "search", column: "group", in: db)
    }
    #expect(id == 1)
    #expect(dictionary.value(1, column: "group") == "search")
  }

  @Test("retention deletes whole blocks older than the cutoff")
  func retention() async throws {
    let database = try BlockTestDatabase([store])
    var random = BlockTestRandom(seed: 14)
    for (project, span) in [(1, 0...99), (1, 100...199), (1, 150...300), (2, 0...99)]
      as [(Int64, ClosedRange<Int64>)]
    {
      var batch = BlockTestData.smallBatch(rows: 20, span: span, random: &random)
      var ts = batch.columns[0].int64Values!
      (ts[0], ts[1]) = (span.lowerBound, span.upperBound)
      batch.columns[0] = .int64(ts)
      try await database.pool.write { [batch] db in
        _ = try store.append(batch, project: project, in: db)
      }
    }
    // max_ts 199 < 200 goes; the block ending at 300 stays though it starts at 150.
    let deleted = try await database.pool.write { db in
      try store.deleteBlocks(project: 1, olderThan: 200, in: db)
    }
    #expect(deleted == 2)
    let left = try await database.pool.read { db in
      try store.blocks(project: 1, range: .all, in: db).map(\.maxTimestamp)
    }
    #expect(left == [300])
    let all = try await database.pool.write { db in
      try store.deleteBlocks(project: nil, olderThan: 1_000, in: db)
    }
    #expect(all == 2)
    let summary = try await database.pool.read { db in try store.summary(in: db) }
    #expect(summary == BlockStoreSummary(blockCount: 0, rowCount: 0, storedBytes: 0))
  }

  @Test("columns appended to a schema read as absent in older blocks")
  func schemaEvolution() async throws {
    let old = BlockStore(
      schema: BlockSchema(
        table: "evolving", columns: [ColumnSpec("ts", .int64), ColumnSpec("a", .int64)]))
    let database = try BlockTestDatabase([old])
    let info = try await database.pool.write { db in
      try old.append(ColumnBatch(columns: [.int64([1, 2]), .int64([5, 6])]), project: 1, in: db)
    }
    let new = BlockStore(
      schema: BlockSchema(
        table: "evolving",
        columns: [
          ColumnSpec("ts", .int64), ColumnSpec("a", .int64), ColumnSpec("b", .dictionary),
          ColumnSpec("c", .string),
        ]))
    let listed = try await database.pool.read { db in
      try new.blocks(project: 1, range: .all, in: db)
    }
    #expect(listed.count == 1 && listed[0].stats.count == 4)
    #expect(listed[0].stats[2].mayContain(0) && !listed[0].stats[2].mayContain(1))
    let vectors = try await database.pool.read { db in
      try new.read(info, columns: [1, 2, 3], in: db)
    }
    #expect(vectors[1]?.int64Values == [5, 6])
    #expect(vectors[2]?.dictionaryIDs == [0, 0])
    #expect(vectors[3]?.stringValues == ["", ""])
  }

  @Test("a damaged column blob throws corruptBlock, a vanished block blockNotFound")
  func damage() async throws {
    let database = try BlockTestDatabase([store])
    var random = BlockTestRandom(seed: 15)
    let batch = BlockTestData.smallBatch(rows: 100, span: 0...1_000, random: &random)
    let info = try await database.pool.write { db in try store.append(batch, project: 1, in: db) }
    try await database.pool.write { db in
      try db.execute(
        sql: "UPDATE events_columns SET data = x'01FF' WHERE block_id = ? AND col = 2",
        arguments: [info.id])
    }
    await #expect(throws: BlockStoreError.self) {
      try await database.pool.read { db in try store.read(info, columns: [2], in: db) }
    }
    try await database.pool.write { db in
      _ = try store.deleteBlocks(project: 1, olderThan: .max, in: db)
    }
    await #expect(throws: BlockStoreError.blockNotFound(info.id)) {
      try await database.pool.read { db in try store.read(info, columns: [0], in: db) }
    }
  }

  @Test("an encoded block can be stored later, only in its own table")
  func encodedBlock() async throws {
    let database = try BlockTestDatabase([store])
    var random = BlockTestRandom(seed: 16)
    let encoded = try store.encode(
      BlockTestData.smallBatch(rows: 500, span: 0...10_000, random: &random))
    #expect(encoded.byteCount > 0)
    let info = try await database.pool.write { db in try store.append(encoded, project: 3, in: db) }
    let summary = try await database.pool.read { db in try store.summary(project: 3, in: db) }
    #expect(
      summary == BlockStoreSummary(blockCount: 1, rowCount: 500, storedBytes: encoded.byteCount))
    #expect(info.rowCount == 500)
    let other = BlockStore(
      schema: BlockSchema(table: "other", columns: BlockTestData.smallSchema.columns))
    await #expect(throws: BlockStoreError.self) {
      try await database.pool.write { db in _ = try other.append(encoded, project: 3, in: db) }
    }
  }
}
