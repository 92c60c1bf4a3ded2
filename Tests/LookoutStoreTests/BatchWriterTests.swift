import Foundation
import GRDB
import Testing

@testable import LookoutStore

@Suite("BatchWriter")
struct BatchWriterTests {
  static func pool() throws -> (DatabasePool, String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "bw-\(UUID().uuidString)"
    ).path
    var migrator = DatabaseMigrator()
    migrator.registerMigration("t") { db in
      try db.execute(sql: "CREATE TABLE t(v INTEGER NOT NULL)")
    }
    return (try DatabaseOpener.openPool(at: dir + "/t.sqlite", migrator: migrator), dir)
  }

  @Test("every submit returns after its rows are committed, in fewer transactions than submits")
  func groupCommit() async throws {
    let (pool, dir) = try Self.pool()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let transactions = Counter()
    let writer = BatchWriter<[Int]>(name: "test", database: pool) { db, batches in
      transactions.increment()
      for rows in batches {
        for v in rows { try db.execute(sql: "INSERT INTO t(v) VALUES (?)", arguments: [v]) }
      }
    }
    async let running: Void = writer.run()
    try await withThrowingTaskGroup(of: Void.self) { group in
      for i in 0..<200 {
        group.addTask {
          try await writer.submit([i, i], cost: 2)
          // Committed means visible to a new reader right away.
          let seen = try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM t WHERE v = ?", arguments: [i])
          }
          #expect(seen == 2)
        }
      }
      try await group.waitForAll()
    }
    writer.close()
    await running
    let total = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") }
    #expect(total == 400)
    #expect(transactions.value < 200)
  }

  @Test("a full queue refuses at once with retry-after, and nothing queued is lost")
  func overload() async throws {
    let (pool, dir) = try Self.pool()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let writer = BatchWriter<Int>(
      name: "test", database: pool,
      configuration: .init(maxQueuedCost: 10, maxBatchCost: 10, retryAfterSeconds: 3)
    ) { db, items in
      for v in items { try db.execute(sql: "INSERT INTO t(v) VALUES (?)", arguments: [v]) }
    }
    // Not running yet: the queue fills.
    let first = Task { try await writer.submit(1, cost: 10) }
    while writer.queuedCost < 10 { await Task.yield() }
    await #expect(throws: StoreError.overloaded(retryAfterSeconds: 3)) {
      try await writer.submit(2, cost: 1)
    }
    async let running: Void = writer.run()
    try await first.value
    writer.close()
    await running
    let values = try await pool.read { db in try Int.fetchAll(db, sql: "SELECT v FROM t") }
    #expect(values == [1])
    await #expect(throws: StoreError.closed) { try await writer.submit(3, cost: 1) }
  }

  @Test("a failing transaction fails its submitters and the writer goes on")
  func failure() async throws {
    let (pool, dir) = try Self.pool()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let writer = BatchWriter<Int>(name: "test", database: pool) { db, items in
      for v in items {
        if v < 0 { throw StoreError.corrupt("negative") }
        try db.execute(sql: "INSERT INTO t(v) VALUES (?)", arguments: [v])
      }
    }
    async let running: Void = writer.run()
    await #expect(throws: StoreError.corrupt("negative")) { try await writer.submit(-1, cost: 1) }
    try await writer.submit(5, cost: 1)
    writer.close()
    await running
    let values = try await pool.read { db in try Int.fetchAll(db, sql: "SELECT v FROM t") }
    #expect(values == [5])
  }
}

@Suite("BatchWriter durability and checkpoints")
struct BatchWriterDiskTests {
  @Test("a full-durability store commits batches and keeps FULL for its other writes")
  func durability() async throws {
    let (pool, dir) = try BatchWriterTests.pool()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    // The store opens FULL on the writer connection (GRDB's WAL setup sets NORMAL).
    #expect(try await pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
    let writer = BatchWriter<Int>(name: "test", database: pool) { db, items in
      // Inside a batch the commit does not wait for the disk; the writer flushes after.
      #expect(try Int.fetchOne(db, sql: "PRAGMA synchronous") == 1)
      for v in items { try db.execute(sql: "INSERT INTO t(v) VALUES (?)", arguments: [v]) }
    }
    async let running: Void = writer.run()
    try await withThrowingTaskGroup(of: Void.self) { group in
      for i in 0..<50 { group.addTask { try await writer.submit(i, cost: 1) } }
      try await group.waitForAll()
    }
    writer.close()
    await running
    let (count, synchronous) = try await pool.write { db in
      (
        try Int.fetchOne(db, sql: "SELECT count(*) FROM t"),
        try Int.fetchOne(db, sql: "PRAGMA synchronous")
      )
    }
    #expect(count == 50)
    #expect(synchronous == 2)
  }

  @Test("the WAL is copied into the database file in the background")
  func checkpoints() async throws {
    let (pool, dir) = try BatchWriterTests.pool()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let writer = BatchWriter<Int>(name: "test", database: pool) { db, items in
      for v in items {
        // 2 KB a row: a page or so each.
        try db.execute(
          sql: "INSERT INTO t(v) VALUES (?)",
          arguments: [String(repeating: "x", count: 2_000) + String(v)])
      }
    }
    async let running: Void = writer.run()
    for round in 0..<10 {
      try await withThrowingTaskGroup(of: Void.self) { group in
        for v in 0..<30 { group.addTask { try await writer.submit(round * 30 + v, cost: 1) } }
        try await group.waitForAll()
      }
    }
    // The writer's own checkpoints wait for 10,000 WAL pages (40 MB); these rows take
    // far less, so only the background checkpointer can have grown the database file.
    var size = 0
    for _ in 0..<100 {
      size = (try? FileManager.default.attributesOfItem(atPath: pool.path)[.size] as? Int) ?? 0
      if size > 200_000 { break }
      try await Task.sleep(for: .milliseconds(50))
    }
    #expect(size > 200_000)
    writer.close()
    await running
  }

  @Test("a flush that fails fails its submitters; a missing WAL means nothing to flush")
  func syncerErrors() async throws {
    let broken = WALSyncer(walPath: "/proc/version/not-a-dir-wal", name: "broken")
    await #expect(throws: StoreError.self) {
      try await withCheckedThrowingContinuation { broken.acknowledge([$0]) }
    }
    let missing = WALSyncer(walPath: "/tmp/lookout-no-such-\(UUID().uuidString)-wal", name: "x")
    try await withCheckedThrowingContinuation { missing.acknowledge([$0]) }
  }
}

/// A thread-safe counter for closures that run on the writer's queue.
final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func increment() { lock.withLock { count += 1 } }
  var value: Int { lock.withLock { count } }
}
