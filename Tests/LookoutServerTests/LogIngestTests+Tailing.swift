import Foundation
import Hummingbird
import HummingbirdTesting
import LookoutCore
import LookoutIngest
import Testing

@testable import LookoutServer

/// Logs tailed from files named in `lookout.yml`.
extension LogIngestTests {
  @Test("tailed files: a plain log with a stack trace and a JSON log, the last entry after a pause")
  func tailing() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "logtail-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let plain = directory.appendingPathComponent("app.log").path
    let json = directory.appendingPathComponent("app.jsonl").path
    try """
    2024-06-05 10:00:00,000 ERROR checkout failed
    Traceback (most recent call last):
      File "app.py", line 3, in pay
    ValueError: declined
    2024-06-05 10:00:01,000 INFO next

    """.write(toFile: plain, atomically: false, encoding: .utf8)
    try #"{"ts":"2024-06-05T10:00:02Z","level":"warn","msg":"slow","ms":812}"#.appending("\n")
      .write(toFile: json, atomically: false, encoding: .utf8)
    let configuration = TestApp.configuration {
      $0.logSources = [
        LogSourceConfiguration(path: plain, service: "checkout", environment: "staging"),
        LogSourceConfiguration(path: json, format: .json, service: "api"),
      ]
    }
    try await TestApp.run(configuration) { _, runtime in
      // The INFO line is last in its file: stored once the file stays quiet (2 s).
      let stored = try await Self.records(runtime, count: 3)
      #expect(stored.count == 3)
      let failed = stored.first { $0.severity == .error }
      #expect(
        failed?.body
          == "2024-06-05 10:00:00,000 ERROR checkout failed\nTraceback (most recent call last):\n  File \"app.py\", line 3, in pay\nValueError: declined"
      )
      #expect(failed?.timestamp == 1_717_581_600_000_000)
      #expect(failed?.source == plain)
      #expect(failed?.service == "checkout")
      #expect(failed?.environment == "staging")
      let slow = stored.first { $0.body == "slow" }
      #expect(slow?.severity == .warn)
      #expect(slow?.service == "api")
      #expect(slow?.environment == "production")
      #expect(slow?.attributes == [LogAttribute("ms", "812")])
      #expect(stored.contains { $0.body == "2024-06-05 10:00:01,000 INFO next" })
      #expect(runtime.ingestStats.snapshot().contains { $0.name == "file-logs" })
    }
  }

  @Test("a tailed entry still open at shutdown is completed after the restart, stored once")
  func tailingAcrossRestart() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "logtail-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("worker.log").path
    try "2024-06-05 10:00:00 INFO one\n2024-06-05 10:00:01 ERROR two\n  at first frame\n"
      .write(toFile: path, atomically: false, encoding: .utf8)
    // A long wait in the first run, so "two" is still open when it stops, however slow
    // the machine; a short one in the second, so "three" is stored soon.
    var configuration = TestApp.configuration {
      $0.logSources = [LogSourceConfiguration(path: path, multilineWait: 120)]
    }
    defer { try? FileManager.default.removeItem(atPath: configuration.dataDirectory) }
    try await TestApp.run(configuration, removeData: false) { _, runtime in
      // "one" is complete once "two" starts; "two" stays open.
      let stored = try await Self.records(runtime)
      #expect(stored.map(\.body) == ["2024-06-05 10:00:00 INFO one"])
    }
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data("  at second frame\n2024-06-05 10:00:02 INFO three\n".utf8))
    try handle.close()
    configuration.logSources[0].multilineWait = 0.5
    try await TestApp.run(configuration, removeData: false) { _, runtime in
      let stored = try await Self.records(runtime, count: 3)
      #expect(
        stored.map(\.body) == [
          "2024-06-05 10:00:00 INFO one",
          "2024-06-05 10:00:01 ERROR two\n  at first frame\n  at second frame",
          "2024-06-05 10:00:02 INFO three",
        ])
    }
  }

  @Test("lookout.yml: sources of type logs")
  func configuration() throws {
    var configuration = LookoutConfiguration()
    try configuration.apply(
      yaml: """
        sources:
          logs:
            - path: /var/log/app.log
              multiline_start: '^\\['
              multiline_wait: 5
              service: checkout
            - path: /var/log/app.jsonl
              format: json
              project: 2
              environment: staging
        """, path: "lookout.yml")
    #expect(
      configuration.logSources == [
        LogSourceConfiguration(
          path: "/var/log/app.log", multilineStart: #"^\["#, multilineWait: 5,
          service: "checkout"),
        LogSourceConfiguration(
          path: "/var/log/app.jsonl", format: .json, project: 2, environment: "staging"),
      ])
    #expect(throws: (any Error).self) {
      try configuration.apply(
        yaml: "sources:\n  logs:\n    - path: x\n      format: xml\n", path: "lookout.yml")
    }
    var bad = TestApp.configuration()
    bad.logSources = [LogSourceConfiguration(path: "/tmp/x.log", multilineStart: "([")]
    defer { try? FileManager.default.removeItem(atPath: bad.dataDirectory) }
    #expect(throws: LogJoinerError.self) {
      _ = try LookoutApplication.build(configuration: bad, logger: .init(label: "test"))
    }
  }
}
