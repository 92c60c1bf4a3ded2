import Testing

@testable import LookoutWeb

@Suite("Page state in the URL")
struct PageStateTests {
  static let now: Int64 = 1_795_702_560_000_000

  @Test(
    "ranges from presets and custom values",
    arguments: [
      (["range": "6h"], now - 6 * 3_600_000_000, now),
      ([:], now - 3_600_000_000, now),
      (["range": "bogus"], now - 3_600_000_000, now),
      (
        ["from": "1717545600000000", "to": "1717549200000000"], 1_717_545_600_000_000,
        1_717_549_200_000_000
      ),
      (
        ["from": "2024-06-05T00:00", "to": "2024-06-05T01:30"], 1_717_545_600_000_000,
        1_717_551_000_000_000
      ),
      (["from": "now-2h", "to": "now-1h"], now - 7_200_000_000, now - 3_600_000_000),
      // Inverted or unreadable custom ranges fall back to the last hour.
      (["from": "1717549200000000", "to": "1717545600000000"], now - 3_600_000_000, now),
      (["from": "yesterday", "to": "now"], now - 3_600_000_000, now),
    ] as [([String: String], Int64, Int64)])
  func ranges(query: [String: String], from: Int64, to: Int64) {
    let range = PageState(query: query).range(now: Self.now)
    #expect(range.from == from && range.to == to)
  }

  @Test("URLs keep the state, change what is asked, and drop defaults")
  func urls() {
    let state = PageState(query: [
      "env": "production", "range": "24h", "refresh": "30", "sort": "-p95",
    ])
    #expect(state.url("/endpoints") == "/endpoints?env=production&range=24h&refresh=30&sort=-p95")
    #expect(state.url("/", ["range": "1h", "sort": nil]) == "/?env=production&refresh=30")
    #expect(
      state.url("/endpoint", ["route": "/a b/{id}"])
        == "/endpoint?env=production&range=24h&refresh=30&route=/a%20b/%7Bid%7D&sort=-p95")
    let custom = PageState(query: ["from": "now-2h", "to": "now"])
    #expect(custom.url("/") == "/?from=now-2h&to=now")
    #expect(custom.url("/", ["range": "6h"]) == "/?range=6h")
    #expect(PageState(query: ["env": "<script>"]).url("/") == "/?env=%3Cscript%3E")
  }

  @Test("charts get about 60 points at whole-minute steps")
  func steps() {
    #expect(PageState.step(for: .init(from: 0, to: 15 * 60_000_000)) == 60_000_000)
    #expect(PageState.step(for: .init(from: 0, to: 3_600_000_000)) == 60_000_000)
    #expect(PageState.step(for: .init(from: 0, to: 24 * 3_600_000_000)) == 30 * 60_000_000)
    #expect(PageState.step(for: .init(from: 0, to: 7 * 24 * 3_600_000_000)) == 180 * 60_000_000)
  }
}
