import Foundation
import GRDB
import LookoutCore
import Testing

@testable import LookoutStore

/// Rows summed per batch must come out as if every event were written on its own.
@Suite("Error store batches")
struct ErrorStoreBatchTests {
  /// Events that exercise every summed row: repeated issues, users and tags, resends in
  /// the same batch, long tags, releases set and unset, times out of order across minutes.
  static func events() -> [GroupedEvent] {
    var random = SplitMix64(seed: 7)
    var events: [GroupedEvent] = []
    for index in 0..<300 {
      let hash = ["a", "b", "c", "d"][Int(random.next() % 4)]
      let time = 60_000_000 * Int64(random.next() % 5) + Int64(index)
      var tags: [(String, String)] = [("tier", ["gold", "free"][Int(random.next() % 2)])]
      if index % 7 == 0 { tags.append(("tier", "gold")) }
      if index % 11 == 0 { tags.append((String(repeating: "k", count: 250), "long")) }
      if index % 13 == 0 { tags.append(("", "dropped")) }
      let event = ErrorStoreTests.event(
        index % 17 == 5 ? index - 1 : index, hash: hash, at: time,
        environment: ["production", "staging"][Int(random.next() % 2)],
        release: ["", "1.0", "1.1", "2.0"][Int(random.next() % 4)],
        user: random.next() % 3 == 0 ? nil : "u\(random.next() % 6)", tags: tags)
      events.append(event)
    }
    return events
  }

  /// Every row of the tables the writer touches, in a fixed order.
  static func dump(_ store: ErrorStore) throws -> [String] {
    try store.settle()
    return try store.database.read { db in
      var rows: [String] = []
      for (table, order) in [
        ("issue", "id"), ("issue_hash", "project, hash"), ("error_event", "project, event_id"),
        ("issue_minute", "issue_id, minute, environment, release"),
        ("issue_user", "issue_id, user_key"), ("issue_tag", "issue_id, key, value"),
      ] {
        for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(order)") {
          rows.append("\(table) \(row.description)")
        }
      }
      return rows
    }
  }

  /// Writes the first events, resolves and ignores issues so that later ones regress
  /// and return, then writes the rest in batches of `batchSize`.
  static func run(batchSize: Int) async throws -> (rows: [String], notes: [IssueNotification]) {
    let (store, dir) = try ErrorStoreTests.store()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let events = Self.events()
    var notes = try await store.database.write { db in
      try store.write(Array(events.prefix(20)), in: db)
    }
    let issues = try store.issues(IssueFilter(status: nil)).sorted { $0.id < $1.id }
    try #require(issues.count == 4)
    _ = try await store.apply(.resolveInNextRelease, to: issues[0].id, now: 1)
    _ = try await store.apply(.resolve, to: issues[1].id, now: 1)
    _ = try await store.apply(.ignore(until: nil, moreEvents: 5), to: issues[2].id, now: 1)
    var start = 20
    while start < events.count {
      let batch = Array(events[start..<min(start + batchSize, events.count)])
      notes += try await store.database.write { db in try store.write(batch, in: db) }
      start += batchSize
    }
    return (try dump(store), notes)
  }

  @Test func batchesWriteWhatSingleEventsWrite() async throws {
    let single = try await Self.run(batchSize: 1)
    #expect(single.notes.contains { $0.kind == .regressed })
    for batchSize in [7, 64, 1000] {
      let batched = try await Self.run(batchSize: batchSize)
      #expect(batched.rows == single.rows, "batch size \(batchSize)")
      #expect(batched.notes == single.notes, "batch size \(batchSize)")
    }
  }
}

/// The minute and tag counts go through `error_count_log`: readers never see them behind
/// the events, a restart loses none, and the log's format reads back what it wrote.
@Suite("Error count log")
struct ErrorCountLogTests {
  static func logRows(_ store: ErrorStore) throws -> Int {
    try store.database.read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM error_count_log") ?? -1
    }
  }

  static func tagTotal(_ store: ErrorStore) throws -> Int {
    try store.database.read { db in
      try Int.fetchOne(db, sql: "SELECT coalesce(sum(count), 0) FROM issue_tag") ?? -1
    }
  }

  /// A store whose batches never fold the log themselves (however slow the test runs).
  static func store() throws -> (ErrorStore, String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "errors-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return (try Self.open(dir), dir)
  }

  static func open(_ dir: String) throws -> ErrorStore {
    try ErrorStore(
      path: dir + "/errors.sqlite", durability: .normal, countFoldInterval: .seconds(3_600))
  }

  @Test("batches log their counts; readers fold them first and see every event")
  func readersSettle() async throws {
    let (store, dir) = try Self.store()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let events = ErrorStoreBatchTests.events()
    for start in stride(from: 0, to: 60, by: 10) {
      _ = try await store.database.write { db in
        try store.write(Array(events[start..<(start + 10)]), in: db)
      }
    }
    // Before the fold interval, batches only append to the log.
    #expect(try Self.logRows(store) > 0)
    let issues = try store.issues(IssueFilter(status: nil))
    #expect(try Self.logRows(store) == 0)
    let counts = try store.counts(
      issueIDs: issues.map(\.id), range: TimeRange(from: 0, to: 600_000_000), step: 600_000_000)
    let stored = try await store.database.read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM error_event") ?? -1
    }
    #expect(counts.values.map { $0.reduce(0, +) }.reduce(0, +) == stored)
    let environmentTags = try issues.map { issue in
      try store.tags(issueID: issue.id).first { $0.key == "environment" }?.values
        .map(\.count).reduce(0, +) ?? 0
    }
    #expect(environmentTags.reduce(0, +) == stored)
  }

  @Test("counts logged before a restart are folded by the next store on the file")
  func restart() async throws {
    let (first, dir) = try Self.store()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let events = ErrorStoreBatchTests.events()
    do {
      let store = first
      _ = try await store.database.write { db in try store.write(Array(events[0..<40]), in: db) }
      #expect(try Self.logRows(store) == 1)
      #expect(try Self.tagTotal(store) == 0)
    }
    let reopened = try Self.open(dir)
    let issues = try reopened.issues(IssueFilter(status: nil))
    #expect(try Self.logRows(reopened) == 0)
    #expect(try Self.tagTotal(reopened) > 0)
    // Resent ids in the sample are stored once; every stored event is counted once.
    let stored = try await reopened.database.read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM error_event") ?? -1
    }
    #expect(stored == Set(events[0..<40].map(\.event.eventID)).count)
    #expect(issues.map(\.count).reduce(0, +) == stored)
    #expect(try Self.tagTotal(reopened) >= 2 * stored)
  }

  @Test("the log format reads back what it wrote and refuses other bytes")
  func format() throws {
    var counts = ErrorCounts()
    counts.minutes[
      .init(issueID: 3, minute: 1_717_545_600_000_000, environment: "prod", release: "")] = 4
    counts.minutes[
      .init(issueID: 1 << 40, minute: -60_000_000, environment: "", release: "2.0 ✓")] = 1
    counts.tags[.init(issueID: 3, key: "user", value: "id:42")] = 7
    counts.tags[.init(issueID: 3, key: "", value: "")] = 1
    #expect(try ErrorCounts(decoding: counts.encoded()) == counts)
    #expect(try ErrorCounts(decoding: ErrorCounts().encoded()).isEmpty)
    let bytes = counts.encoded()
    for cut in [0, 1, bytes.count / 2, bytes.count - 1] {
      #expect(throws: (any Error).self) { try ErrorCounts(decoding: Array(bytes.prefix(cut))) }
    }
    #expect(throws: (any Error).self) { try ErrorCounts(decoding: bytes + [0]) }
    #expect(throws: (any Error).self) { try ErrorCounts(decoding: [2] + bytes.dropFirst()) }
  }
}
