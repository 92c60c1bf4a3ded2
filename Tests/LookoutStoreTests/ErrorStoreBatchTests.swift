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
    try store.database.read { db in
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
