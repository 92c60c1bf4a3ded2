import Foundation
import GRDB
import Testing

@testable import LookoutStore

@Suite("String dictionary")
struct BlockDictionaryTests {
  @Test("ids are dense per column, stable, and 0 is the empty string")
  func ids() async throws {
    let dictionary = StringDictionary(table: "requests")
    let database = try BlockTestDatabase(dictionaries: [dictionary])
    let values = ["/a", "/b", "/a", "", "/c", "日本", "/b"]
    let ids = try await database.pool.write { db in
      try values.map { try dictionary.id(for: $0, column: "route", in: db) }
    }
    #expect(ids == [1, 2, 1, 0, 3, 4, 2])
    let methods = try await database.pool.write { db in
      try ["GET", "/a"].map { try dictionary.id(for: $0, column: "method", in: db) }
    }
    #expect(methods == [1, 2])
    #expect(dictionary.value(4, column: "route") == "日本")
    #expect(dictionary.value(0, column: "route") == "")
    #expect(dictionary.value(99, column: "route") == "")
    #expect(dictionary.values(column: "route") == ["", "/a", "/b", "/c", "日本"])
    #expect(dictionary.ids(matching: { $0.hasPrefix("/") }, column: "route") == [1, 2, 3])
    #expect(dictionary.ids(matching: { $0.isEmpty }, column: "route") == [0])
    #expect(dictionary.ids(matching: { _ in true }, column: "unknown") == [0])

    // A fresh instance finds the same ids after load.
    let reopened = StringDictionary(table: "requests")
    try await database.pool.read { db in try reopened.load(from: db) }
    #expect(reopened.values(column: "route") == dictionary.values(column: "route"))
    let again = try await database.pool.write { db in
      try reopened.id(for: "/c", column: "route", in: db)
    }
    #expect(again == 3)
  }

  @Test("values are told apart by their bytes, not by Unicode equivalence")
  func bytes() async throws {
    let dictionary = StringDictionary(table: "requests")
    let database = try BlockTestDatabase(dictionaries: [dictionary])
    let composed = "caf\u{E9}"
    let decomposed = "cafe\u{301}"
    let ids = try await database.pool.write { db in
      try [composed, decomposed, composed, decomposed].map {
        try dictionary.id(for: $0, column: "service", in: db)
      }
    }
    #expect(ids == [1, 2, 1, 2])
    #expect(dictionary.existingID(decomposed, column: "service") == 2)
    #expect(Array(dictionary.value(2, column: "service").utf8) == Array(decomposed.utf8))
  }

  @Test("an insert undone by a rolled-back savepoint is not cached")
  func savepointRollback() async throws {
    let dictionary = StringDictionary(table: "requests")
    let database = try BlockTestDatabase(dictionaries: [dictionary])
    try await database.pool.write { db in
      var ghost: UInt32 = 0
      try db.inSavepoint {
        ghost = try dictionary.id(for: "ghost", column: "route", in: db)
        return .rollback
      }
      let real = try dictionary.id(for: "real", column: "route", in: db)
      #expect(ghost == 1 && real == 1)
    }
    #expect(dictionary.value(1, column: "route") == "real")
    #expect(dictionary.ids(matching: { $0 == "ghost" }, column: "route").isEmpty)
    let ghost = try await database.pool.write { db in
      try dictionary.id(for: "ghost", column: "route", in: db)
    }
    #expect(ghost == 2)
  }

  @Test("outside a transaction, a new id is cached at once")
  func autocommit() async throws {
    let dictionary = StringDictionary(table: "requests")
    let database = try BlockTestDatabase(dictionaries: [dictionary])
    let id = try await database.pool.writeWithoutTransaction { db in
      try dictionary.id(for: "solo", column: "env", in: db)
    }
    #expect(id == 1 && dictionary.value(1, column: "env") == "solo")
  }

  @Test("concurrent lookups during writes see only committed values")
  func concurrentReaders() async throws {
    let dictionary = StringDictionary(table: "requests")
    let database = try BlockTestDatabase(dictionaries: [dictionary])
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        for batch in 0..<20 {
          try await database.pool.write { db in
            for index in 0..<50 {
              _ = try dictionary.id(for: "v\(batch * 50 + index)", column: "c", in: db)
            }
          }
        }
      }
      group.addTask {
        for _ in 0..<200 {
          let values = dictionary.values(column: "c")
          // Whole transactions appear at once, with dense ids.
          #expect((values.count - 1) % 50 == 0)
          for (id, value) in values.enumerated().dropFirst() { #expect(value == "v\(id - 1)") }
          await Task.yield()
        }
      }
      try await group.waitForAll()
    }
    #expect(dictionary.values(column: "c").count == 1_001)
  }
}
