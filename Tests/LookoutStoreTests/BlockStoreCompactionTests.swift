import Foundation
import GRDB
import LookoutCore
import Testing

@testable import LookoutStore

@Suite("Block store compaction")
struct BlockStoreCompactionTests {
  let store = BlockStore(schema: BlockTestData.smallSchema)
  let all = Array(BlockTestData.smallSchema.columns.indices)

  func rows(_ database: BlockTestDatabase, project: Int64) async throws -> [String] {
    try await database.pool.read { db in
      try store.blocks(project: project, range: .all, in: db).flatMap { info in
        let vectors = try store.read(info, columns: all, in: db)
        return blockTestRows(all.map { vectors[$0]! })
      }
    }.sorted()
  }

  func blocks(_ database: BlockTestDatabase, project: Int64 = 1) async throws -> [BlockInfo] {
    try await database.pool.read { db in try store.blocks(project: project, range: .all, in: db) }
  }

  /// Small blocks of 50-300 rows, partly overlapping in time, plus one large block.
  func populate(_ database: BlockTestDatabase, seed: UInt64) async throws {
    var random = BlockTestRandom(seed: seed)
    for index in 0..<60 {
      let start = Int64(index) * 1_000
      let rows = index == 30 ? 900 : Int(random.next() % 250) + 50
      let batch = BlockTestData.smallBatch(
        rows: rows, span: start...(start + 1_500), random: &random)
      try await database.pool.write { db in _ = try store.append(batch, project: 1, in: db) }
    }
    let other = BlockTestData.smallBatch(rows: 100, span: 0...10, random: &random)
    try await database.pool.write { db in _ = try store.append(other, project: 2, in: db) }
  }

  @Test("compaction keeps every row exactly once, in fewer sorted blocks", arguments: [1, 2, 3])
  func keepsRows(seed: Int) async throws {
    let database = try BlockTestDatabase([store])
    try await populate(database, seed: UInt64(seed))
    let before = try await rows(database, project: 1)
    let blocksBefore = try await blocks(database)
    let removed = try await database.pool.write { db in
      try store.compact(project: 1, targetRows: 1_000, in: db)
    }
    let blocksAfter = try await blocks(database)
    #expect(removed > 0)
    #expect(blocksAfter.count == blocksBefore.count - removed)
    #expect(try await rows(database, project: 1) == before)
    #expect(blocksAfter.allSatisfy { $0.rowCount <= 1_000 })
    // The large block separates runs and is untouched.
    #expect(blocksAfter.contains { $0.id == blocksBefore[30].id })
    for info in blocksAfter {
      let ts = try await database.pool.read { db in
        try store.read(info, columns: [0], in: db)[0]!.int64Values!
      }
      #expect(ts == ts.sorted())
      #expect(ts.first == info.minTimestamp && ts.last == info.maxTimestamp)
    }
    // Other projects are left alone, and a second pass has little left to do.
    #expect(try await blocks(database, project: 2).count == 1)
    let again = try await database.pool.write { db in
      try store.compact(project: 1, targetRows: 1_000, in: db)
    }
    #expect(again < removed)
  }

  @Test("blocks still being filled (endingBefore) are not merged")
  func endingBefore() async throws {
    let database = try BlockTestDatabase([store])
    try await populate(database, seed: 4)
    let blocksBefore = try await blocks(database)
    let cutoff: Int64 = 20_000
    _ = try await database.pool.write { db in
      try store.compact(project: 1, targetRows: 1_000, endingBefore: cutoff, in: db)
    }
    let recent = Set(blocksBefore.filter { $0.maxTimestamp >= cutoff }.map(\.id))
    let after = Set(try await blocks(database).map(\.id))
    #expect(recent.isSubset(of: after))
  }

  @Test("a compaction inside a failing transaction leaves the old blocks")
  func atomic() async throws {
    let database = try BlockTestDatabase([store])
    try await populate(database, seed: 5)
    let before = try await blocks(database)
    struct Abort: Error {}
    await #expect(throws: Abort.self) {
      try await database.pool.write { db in
        _ = try store.compact(project: 1, targetRows: 1_000, in: db)
        throw Abort()
      }
    }
    #expect(try await blocks(database) == before)
  }
}
