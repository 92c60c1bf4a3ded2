import Foundation
import LookoutCore
import Testing

@Suite("JSONText")
struct JSONTextTests {
  @Test("quoted strings parse back to themselves, with the escapes JSON needs")
  func roundTrip() throws {
    let samples = [
      "", "plain", "a\"b\\c", "line\nbreak\r\ttab", "\u{1}\u{1f}", "\u{2028}\u{2029}", "日本語 ✓",
    ]
    for text in samples {
      let quoted = JSONText.quoted(text)
      let parsed =
        try JSONSerialization.jsonObject(
          with: Data("[\(quoted)]".utf8)) as? [String]
      #expect(parsed == [text], "\(quoted)")
    }
    #expect(JSONText.quoted("a\"\u{1}\u{2028}") == #""a\"\u0001\u2028""#)
  }
}
