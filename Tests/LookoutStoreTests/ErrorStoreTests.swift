import Foundation
import GRDB
import LookoutCore
import Testing

@testable import LookoutStore

@Suite("Error store")
struct ErrorStoreTests {
  static func store() throws -> (ErrorStore, String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "errors-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return (try ErrorStore(path: dir + "/errors.sqlite", durability: .normal), dir)
  }

  static func event(
    _ id: Int, hash: String, at time: Int64, environment: String = "production",
    release: String = "", user: String? = nil, tags: [(String, String)] = []
  ) -> GroupedEvent {
    var event = ErrorEvent(eventID: String(format: "%032x", id), timestamp: time)
    event.environment = environment
    event.release = release
    event.user = user.map { EventUser(id: $0) }
    event.tags = tags.map { (key: $0.0, value: $0.1) }
    event.exceptions = [ExceptionInfo(type: "ValueError", value: "bad \(id)")]
    event.payload = Array("{\"event_id\":\"\(id)\"}".utf8)
    return GroupedEvent(
      project: 1, event: event, hash: hash, groupingVersion: 1, method: "exception",
      title: "ValueError: bad \(id)", culprit: "app.views in handler")
  }

  @Test("events join the issue of their hash; ids seen before are skipped")
  func grouping() async throws {
    let (store, dir) = try Self.store()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let events = [
      Self.event(1, hash: "a", at: 1_000, user: "u1"),
      Self.event(2, hash: "a", at: 2_000, environment: "dev", user: "u2"),
      Self.event(3, hash: "b", at: 3_000, release: "1.0", tags: [("customer", "acme")]),
      Self.event(2, hash: "a", at: 2_000, environment: "dev", user: "u2"),  // resent
    ]
    let notes = try await store.database.write { db in try store.write(events, in: db) }
    #expect(notes.map(\.kind) == [.newIssue, .newIssue])
    let issues = try store.issues(IssueFilter(status: nil))
    #expect(issues.count == 2)
    let a = try #require(issues.first { $0.title == "ValueError: bad 1" })
    #expect(a.count == 2 && a.users == 2 && a.environments == ["dev", "production"])
    #expect(a.firstSeen == 1_000 && a.lastSeen == 2_000 && a.substatus == "ongoing")
    #expect(try store.issues(IssueFilter(environment: "dev")).map(\.id) == [a.id])
    #expect(
      try store.issues(IssueFilter(query: "customer:acme")).map(\.title) == ["ValueError: bad 3"])
    #expect(try store.issues(IssueFilter(query: "bad 1")).map(\.id) == [a.id])
    #expect(try store.issues(IssueFilter(query: "release:1.0")).count == 1)
    #expect(try store.events(issueID: a.id).map(\.timestamp) == [2_000, 1_000])
    let counts = try store.counts(
      issueIDs: [a.id], range: TimeRange(from: 0, to: 120_000_000), step: 60_000_000)
    #expect(counts[a.id] == [2, 0])
  }

  @Test("resolve, regress on a later event, ignore, assign")
  func actions() async throws {
    let (store, dir) = try Self.store()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    _ = try await store.database.write { db in
      try store.write([Self.event(1, hash: "a", at: 1_000, release: "1.0")], in: db)
    }
    let id = try #require(try store.issues(IssueFilter()).first?.id)
    #expect(try await store.apply(.resolveInNextRelease, to: id, now: 5_000).status == "resolved")
    var notes = try await store.database.write { db in
      try store.write([Self.event(2, hash: "a", at: 6_000, release: "1.0")], in: db)
    }
    #expect(notes.isEmpty)
    notes = try await store.database.write { db in
      try store.write([Self.event(3, hash: "a", at: 7_000, release: "1.1")], in: db)
    }
    #expect(notes.map(\.kind) == [.regressed])
    let regressed = try #require(try store.issue(id: id))
    #expect(regressed.status == "unresolved" && regressed.substatus == "regressed")
    #expect(
      try await store.apply(.ignore(until: nil, moreEvents: 2), to: id, now: 8_000).status
        == "ignored")
    #expect(try await store.apply(.assign("ana"), to: id, now: 8_000).assignee == "ana")
    await #expect(throws: ErrorStoreError.issueNotFound(999)) {
      try await store.apply(.resolve, to: 999, now: 1)
    }
  }

  @Test("merge moves events, counts and hashes; unmerge splits a hash out again")
  func mergeAndUnmerge() async throws {
    let (store, dir) = try Self.store()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    _ = try await store.database.write { db in
      try store.write(
        [
          Self.event(1, hash: "a", at: 1_000, user: "u1"),
          Self.event(2, hash: "a", at: 2_000, user: "u2"),
          Self.event(3, hash: "b", at: 3_000, environment: "dev", user: "u1"),
        ], in: db)
    }
    let issues = try store.issues(IssueFilter(status: nil))
    let a = try #require(issues.first { $0.title == "ValueError: bad 1" }).id
    let b = try #require(issues.first { $0.title == "ValueError: bad 3" }).id
    let merged = try await store.merge(b, into: a)
    #expect(merged.count == 3 && merged.users == 2 && merged.environments == ["dev", "production"])
    #expect(merged.lastSeen == 3_000)
    #expect(try store.issues(IssueFilter(status: nil)).map(\.id) == [a])
    #expect(try store.hashes(issueID: a) == ["a", "b"])
    // A later event of hash b joins the merged issue.
    _ = try await store.database.write { db in
      try store.write([Self.event(4, hash: "b", at: 4_000)], in: db)
    }
    #expect(try store.issue(id: a)?.count == 4)
    await #expect(throws: ErrorStoreError.self) { try await store.merge(a, into: a) }
    await #expect(throws: ErrorStoreError.self) { try await store.merge(b, into: a) }

    let split = try await store.unmerge(hash: "b", from: a)
    #expect(split.count == 2 && split.users == 1 && split.environments == ["dev", "production"])
    #expect(try store.issue(id: a)?.count == 2)
    #expect(try store.issue(id: a)?.users == 2)
    #expect(try store.hashes(issueID: split.id) == ["b"])
    await #expect(throws: ErrorStoreError.self) { try await store.unmerge(hash: "a", from: a) }
  }
}
