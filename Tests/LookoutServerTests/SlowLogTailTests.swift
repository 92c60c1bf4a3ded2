import Foundation
import LookoutCore
import Testing

@testable import LookoutServer

/// A slow log tailed from `lookout.yml`: entries written in pieces, a restart in the
/// middle of an entry, a quiet period after the last one.
@Suite("Slow log tailing")
struct SlowLogTailTests {
  static func entry(_ statement: String, seconds: Double, at time: Int) -> String {
    """
    # Time: \(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(time))))
    # User@Host: app[app] @ web [10.0.0.7]  Id: 12
    # Query_time: \(seconds)  Lock_time: 0.000010 Rows_sent: 1  Rows_examined: 10
    SET timestamp=\(time);
    \(statement);

    """
  }

  /// Calls per fingerprint over all time.
  static func calls(_ runtime: LookoutRuntime) async throws -> [String: Int64] {
    let figures = try await runtime.slowQueries.classFigures(project: 1, range: .all)
    let stored = try await runtime.slowQueries.storedClasses(project: 1)
    var result: [String: Int64] = [:]
    for (id, value) in figures { result[stored[id]?.fingerprint ?? id, default: 0] += value.calls }
    return result
  }

  static func waitFor(_ total: Int64, _ runtime: LookoutRuntime) async throws -> [String: Int64] {
    let deadline = ContinuousClock.now + .seconds(20)
    var seen = try await calls(runtime)
    while seen.values.reduce(0, +) < total, ContinuousClock.now < deadline {
      try await Task.sleep(for: .milliseconds(200))
      seen = try await calls(runtime)
    }
    try await Task.sleep(for: .milliseconds(600))
    return try await calls(runtime)
  }

  @Test("entries split across writes and a restart are stored once each, the last after a pause")
  func tailAcrossRestart() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "slowtail-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("mysql-slow.log").path
    let now = Int(Date().timeIntervalSince1970) - 120
    var configuration = TestApp.configuration()
    configuration.slowLogSources = [
      SlowLogSourceConfiguration(path: path, format: "mysql", environment: "staging")
    ]
    defer { try? FileManager.default.removeItem(atPath: configuration.dataDirectory) }

    // mysqld writes `use db;` inside the first entry in a database, not again after.
    var log = Self.entry("use shop;\nSELECT * FROM users WHERE id = 99", seconds: 0.01, at: now)
    for index in 0..<4 {
      log += Self.entry("SELECT * FROM users WHERE id = \(index)", seconds: 0.01, at: now)
    }
    // The sixth entry is cut after its headers when Lookout stops.
    let sixth = Self.entry("UPDATE orders SET paid = 1 WHERE id = 9", seconds: 0.5, at: now + 1)
    let cut = sixth.range(of: "SET timestamp")!.lowerBound
    log += sixth[..<cut]
    try log.write(toFile: path, atomically: false, encoding: .utf8)

    try await TestApp.run(configuration, removeData: false) { _, runtime in
      let seen = try await Self.waitFor(5, runtime)
      #expect(seen == ["select * from users where id = ?": 5])
      // A pause longer than the idle flush: an entry cut after its headers must wait.
      try await Task.sleep(for: .seconds(3))
      #expect(try await Self.calls(runtime) == ["select * from users where id = ?": 5])
    }

    // While Lookout is down the entry is finished and more are written.
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.seekToEnd()
    var rest = String(sixth[cut...])
    for index in 0..<3 {
      rest += Self.entry("DELETE FROM sessions WHERE id = \(index)", seconds: 0.2, at: now + 2)
    }
    try handle.write(contentsOf: Data(rest.utf8))
    try handle.close()

    try await TestApp.run(configuration, removeData: false) { _, runtime in
      // The last DELETE has no entry after it: it is stored once the file stays quiet.
      let seen = try await Self.waitFor(9, runtime)
      #expect(
        seen == [
          "select * from users where id = ?": 5, "update orders set paid = ? where id = ?": 1,
          "delete from sessions where id = ?": 3,
        ])
      let range = TimeRange.all
      let update = try await runtime.slowQueries.storedClasses(project: 1).values.first {
        $0.fingerprint.hasPrefix("update")
      }
      let id = try #require(update?.id)
      let breakdown = try await runtime.slowQueries.breakdown(
        project: 1, classID: id, range: range)
      // The first entry's `use shop;` still applies after the restart.
      #expect(breakdown.databases == ["shop": 1])
      #expect(runtime.slowQueries.environments() == ["staging"])
    }
  }
}
