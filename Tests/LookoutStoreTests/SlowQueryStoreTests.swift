import Foundation
import GRDB
import LookoutCore
import Testing

@testable import LookoutStore

@Suite("Slow query store")
struct SlowQueryStoreTests {
  static func store() throws -> (SlowQueryStore, String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "queries-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return (try SlowQueryStore(path: dir + "/queries.sqlite", durability: .normal), dir)
  }

  static let minute = Micros.perMinute
  static let base: Int64 = 1_717_545_600_000_000

  static func call(
    _ classID: String, micros: Int64, at offset: Int64, statement: String = "SELECT 1",
    database: String = "app", user: String = "web", host: String = "10.0.0.1"
  ) -> SlowQueryRecord {
    SlowQueryRecord(
      timestamp: base + offset, engine: .mysql, statement: statement, queryTime: micros,
      lockTime: 100, rowsSent: 1, rowsExamined: 50, database: database, user: user, host: host,
      fingerprint: "select ? /* \(classID) */", classID: classID)
  }

  static func batch(_ records: [SlowQueryRecord], environment: String = "production")
    -> SlowQueryBatch
  {
    var classes: [String: SlowQueryBatch.ClassInfo] = [:]
    for record in records {
      classes[record.classID] = .init(
        engine: .mysql, fingerprint: record.fingerprint, tables: ["users", "orders"])
    }
    return SlowQueryBatch(
      records: records, classes: classes,
      context: SourceContext(project: 1, environment: environment))
  }

  @Test("rollups, classes and raw calls answer the same figures")
  func roundTrip() async throws {
    let (store, dir) = try Self.store()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let first = [
      Self.call("A", micros: 1_000, at: 0), Self.call("A", micros: 3_000, at: 10_000_000),
      Self.call("B", micros: 500_000, at: Self.minute, statement: "SELECT SLEEP(0.5)"),
    ]
    let second = [
      Self.call("A", micros: 9_000, at: 2 * Self.minute, statement: "SELECT 'テスト'", user: "batch"),
      Self.call("B", micros: 200_000, at: 2 * Self.minute + 5, database: "reports"),
    ]
    try await store.database.write { db in try store.write([Self.batch(first)], in: db) }
    try await store.database.write { db in
      try store.write([Self.batch(second, environment: "dev")], in: db)
    }
    let range = TimeRange(from: Self.base, to: Self.base + 10 * Self.minute)
    let figures = try await store.classFigures(project: 1, range: range)
    #expect(figures["A"]?.calls == 3)
    #expect(figures["A"]?.sumMicros == 13_000)
    #expect(figures["A"]?.maxMicros == 9_000)
    #expect(figures["A"]?.rowsExamined == 150)
    #expect(figures["B"]?.calls == 2)
    let dev = try await store.classFigures(project: 1, range: range, environment: "dev")
    #expect(dev["A"]?.calls == 1 && dev["B"]?.calls == 1)
    #expect(try await store.classFigures(project: 1, range: range, environment: "none").isEmpty)

    let series = try await store.classSeries(
      project: 1, range: range, step: Self.minute, classIDs: ["A"])
    #expect(series.keys.sorted() == ["A"])
    #expect(series["A"]?[Self.base]?.calls == 2)
    #expect(series["A"]?[Self.base + 2 * Self.minute]?.calls == 1)

    let stored = try #require(try await store.storedClass(project: 1, id: "B"))
    #expect(stored.calls == 2)
    #expect(stored.sample == "SELECT SLEEP(0.5)")
    #expect(stored.sampleMicros == 500_000)
    #expect(stored.tables == ["users", "orders"])
    #expect(stored.firstSeen == Self.base + Self.minute)
    #expect(stored.lastSeen == Self.base + 2 * Self.minute + 5)
    let storedA = try await store.storedClasses(project: 1)["A"]
    #expect(storedA?.sample == "SELECT 'テスト'")

    let breakdown = try await store.breakdown(project: 1, classID: "B", range: range)
    #expect(breakdown.databases == ["app": 1, "reports": 1])
    #expect(breakdown.users == ["web": 2])

    let slowest = try await store.slowestCalls(
      project: 1, classID: "A", engine: .mysql, range: range, limit: 2)
    #expect(slowest.map(\.queryTime) == [9_000, 3_000])
    #expect(slowest.first?.statement == "SELECT 'テスト'")
    #expect(slowest.first?.user == "batch")
    #expect(slowest.first?.rowsExamined == 50)
    #expect(store.environments() == ["dev", "production"])
    // The environment filter reaches the breakdown and the raw calls too.
    let devBreakdown = try await store.breakdown(
      project: 1, classID: "B", range: range, environment: "dev")
    #expect(devBreakdown.databases == ["reports": 1])
    let devCalls = try await store.slowestCalls(
      project: 1, classID: "A", engine: .mysql, range: range, limit: 5, environment: "dev")
    #expect(devCalls.map(\.queryTime) == [9_000])
    #expect(
      try await store.slowestCalls(
        project: 1, classID: "A", engine: .mysql, range: range, limit: 5, environment: "none"
      ).isEmpty)
  }

  @Test("statements are cut at the limit without splitting a character")
  func capped() {
    let long = String(repeating: "é", count: SlowQueryStore.statementLimit)
    let cut = SlowQueryStore.capped(long)
    #expect(cut.utf8.count <= SlowQueryStore.statementLimit)
    #expect(cut.utf8.count >= SlowQueryStore.statementLimit - 1)
    #expect(cut.allSatisfy { $0 == "é" })
    #expect(SlowQueryStore.capped("SELECT 1") == "SELECT 1")
  }
}
