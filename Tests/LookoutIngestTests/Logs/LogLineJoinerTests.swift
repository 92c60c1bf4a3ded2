import Foundation
import LookoutCore
import Testing

@testable import LookoutIngest

/// Multi-line entries: stack traces joined, custom start patterns, the size cap.
@Suite("Log line joiner")
struct LogLineJoinerTests {
  static func join(_ lines: [String], _ joiner: LogLineJoiner) -> [String] {
    var joiner = joiner
    var entries = lines.compactMap { joiner.push($0)?.text }
    if let last = joiner.flush() { entries.append(last.text) }
    return entries
  }

  @Test func joinsAPythonTraceback() throws {
    let lines = [
      "2024-06-05 10:00:00,001 ERROR app: request failed",
      "Traceback (most recent call last):",
      "  File \"/app/views.py\", line 10, in checkout",
      "    pay(order)",
      "ValueError: card declined",
      "2024-06-05 10:00:01,000 INFO app: next request",
    ]
    #expect(
      Self.join(lines, try LogLineJoiner()) == [
        lines[0...4].joined(separator: "\n"), lines[5],
      ])
  }

  @Test func joinsAJavaStackTrace() throws {
    let lines = [
      "2024-06-05T10:00:00.000Z ERROR [main] c.e.App - boom",
      "java.lang.IllegalStateException: bad",
      "\tat com.example.App.run(App.java:42)",
      "\tat com.example.App.main(App.java:7)",
      "Caused by: java.io.IOException: closed",
      "\t... 2 more",
      "WARN next entry starts with a level",
      "[2024-06-05 10:00:02] bracketed time",
      "{\"json\": \"starts an entry\"}",
    ]
    #expect(
      Self.join(lines, try LogLineJoiner()) == [
        lines[0...5].joined(separator: "\n"), lines[6], lines[7], lines[8],
      ])
  }

  @Test func aConfiguredPatternDecidesWhatStartsAnEntry() throws {
    let joiner = try LogLineJoiner(startPattern: #"\[\d+\]"#)
    let lines = ["[1] first", "2024-06-05 not a start here", "[2] second", "  more"]
    #expect(
      Self.join(lines, joiner) == ["[1] first\n2024-06-05 not a start here", "[2] second\n  more"])
  }

  @Test func aLineBeforeAnyStartIsAnEntryOfItsOwn() throws {
    #expect(
      Self.join(["  orphan continuation", "more"], try LogLineJoiner()) == [
        "  orphan continuation\nmore"
      ])
  }

  @Test func stopsGrowingAtTheLimit() throws {
    var joiner = try LogLineJoiner(maxEntryBytes: 20)
    #expect(joiner.push("ERROR 1234567890") == nil)
    #expect(joiner.push("  abc") == nil)
    #expect(joiner.push("  def") == nil)
    let completed = joiner.push("ERROR next")
    let entry = try #require(completed)
    #expect(entry.text == "ERROR 1234567890")
    #expect(entry.truncated)
    #expect(entry.lineCount == 3)
    let next = joiner.push(String(repeating: "ERROR ", count: 10))
    let alone = try #require(next)
    #expect(alone.text == "ERROR next")
    #expect(!alone.truncated)
    let flushed = joiner.flush()
    let long = try #require(flushed)
    #expect(long.text.utf8.count == 20)
    #expect(long.truncated)
  }

  @Test func restoresAnOpenEntry() throws {
    var joiner = try LogLineJoiner(open: .init(text: "ERROR boom", lineCount: 1))
    #expect(joiner.push("  at x") == nil)
    #expect(joiner.flush() == .init(text: "ERROR boom\n  at x", lineCount: 2))
    #expect(joiner.flush() == nil)
  }

  @Test func refusesAnInvalidPattern() {
    #expect(throws: LogJoinerError.self) { try LogLineJoiner(startPattern: "([unclosed") }
  }
}
