import Foundation
import Testing

@testable import LookoutWeb

@Suite("Human-readable number and time formatting")
struct HumanFormatTests {
  @Test(
    "counts",
    arguments: [
      (0.0, "0"), (999, "999"), (1_234, "1.2k"), (12_345, "12k"), (1_234_567, "1.2M"),
      (2.5e9, "2.5G"), (3.5, "3.5"), (3.0, "3"), (12.25, "12.3"), (0.04, "0"),
      (999.96, "1k"), (9_999, "10k"), (999_999, "1M"), (1_000, "1k"), (-1_234, "-1.2k"),
      (-0.01, "0"), (-3.5, "-3.5"), (1e18, "1E"), (.nan, "–"), (.infinity, "∞"),
      (-.infinity, "-∞"),
    ])
  func count(value: Double, expected: String) {
    #expect(HumanFormat.count(value) == expected)
  }

  @Test(
    "milliseconds",
    arguments: [
      (0.42, "0.42 ms"), (3.456, "3.5 ms"), (340, "340 ms"), (2_400, "2.4 s"),
      (65_000, "65 s"), (600_000, "10 min"), (0, "0 ms"), (0.5, "0.5 ms"), (9.96, "10 ms"),
      (999.7, "1 s"), (99_400, "99 s"), (99_999, "1.7 min"), (100_000, "1.7 min"),
      (7_200_000, "2 h"),
      (259_200_000, "3 d"), (-2_400, "-2.4 s"), (.nan, "–"), (.infinity, "∞"),
      (-.infinity, "-∞"),
    ])
  func milliseconds(ms: Double, expected: String) {
    #expect(HumanFormat.milliseconds(ms) == expected)
  }

  @Test(
    "percentages",
    arguments: [
      (0.0, "0%"), (0.0123, "1.2%"), (0.00042, "0.04%"), (1, "100%"), (0.5, "50%"),
      (0.123, "12.3%"), (2.5, "250%"), (0.000_01, "<0.01%"), (-0.05, "-5%"),
      (-0.000_01, "0%"), (.nan, "–"), (.infinity, "∞"), (-.infinity, "-∞"),
    ])
  func percent(fraction: Double, expected: String) {
    #expect(HumanFormat.percent(fraction) == expected)
  }

  @Test(
    "rates",
    arguments: [
      (12.0, "12/s"), (1_234, "1.2k/s"), (0.3, "0.3/s"), (0.04, "0.04/s"), (0.001, "<0.01/s"),
      (0, "0/s"), (2.5e6, "2.5M/s"), (-12, "-12/s"), (.nan, "–"), (.infinity, "∞"),
    ])
  func rate(perSecond: Double, expected: String) {
    #expect(HumanFormat.rate(perSecond) == expected)
  }

  @Test(
    "bytes",
    arguments: [
      (512.0, "512 B"), (1_536, "1.5 KiB"), (12 * 1_048_576, "12 MiB"),
      (3.4 * 1_073_741_824, "3.4 GiB"), (0, "0 B"), (1_000, "1000 B"), (1_023.6, "1 KiB"),
      (-2_048, "-2 KiB"), (.nan, "–"), (-.infinity, "-∞"),
    ])
  func bytes(n: Double, expected: String) {
    #expect(HumanFormat.bytes(n) == expected)
  }

  @Test(
    "ISO 8601 UTC instants",
    arguments: [
      (Int64(1_717_578_000_000_000), "2024-06-05T09:00:00Z"),
      (0, "1970-01-01T00:00:00Z"),
      (-1, "1969-12-31T23:59:59Z"),
      (951_868_799_999_999, "2000-02-29T23:59:59Z"),
      (-2_203_891_200_000_000, "1900-03-01T00:00:00Z"),
      (4_133_939_696_000_000, "2100-12-31T12:34:56Z"),
    ])
  func isoTime(micros: Int64, expected: String) {
    #expect(HumanFormat.isoTime(micros) == expected)
  }

  @Test("ISO instants agree with Foundation's formatter")
  func isoTimeMatchesFoundation() {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<500 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      // Seconds between 1901 and 2099, inclusive of negative times.
      let seconds = Int64(state >> 33) % 6_250_000_000 - 2_100_000_000
      let date = Date(timeIntervalSince1970: TimeInterval(seconds))
      #expect(HumanFormat.isoTime(seconds * 1_000_000) == formatter.string(from: date))
    }
  }

  @Test(
    "axis clock labels switch to month-day at one day",
    arguments: [
      (1_717_578_300_000_000, 60_000_000, "09:05"),
      (1_717_578_300_000_000, 86_399_999_999, "09:05"),
      (1_717_578_300_000_000, 86_400_000_000, "06-05"),
      (1_717_578_300_000_000, 7 * 86_400_000_000, "06-05"),
      (-60_000_000, 60_000_000, "23:59"),
    ] as [(Int64, Int64, String)])
  func clock(micros: Int64, step: Int64, expected: String) {
    #expect(HumanFormat.clock(micros, stepMicros: step) == expected)
  }

  @Test(
    "HTML escaping",
    arguments: [
      ("plain text", "plain text"),
      ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
      ("Tom & \"Jerry\" 's", "Tom &amp; &quot;Jerry&quot; &#39;s"),
      ("&amp;", "&amp;amp;"),
      ("", ""),
      ("ünïcødé → ✓", "ünïcødé → ✓"),
    ])
  func escapeHTML(raw: String, expected: String) {
    #expect(HumanFormat.escapeHTML(raw) == expected)
  }

  @Test(
    "fixed-point rendering never uses an exponent",
    arguments: [
      (0.0, 3, "0"), (1.5, 3, "1.5"), (-1.25, 1, "-1.3"), (0.000_000_1, 12, "0.0000001"),
      (1e20, 2, "100000000000000000000"), (-0.000_4, 3, "0"), (12.0, 2, "12"),
    ])
  func fixed(value: Double, decimals: Int, expected: String) {
    #expect(HumanFormat.fixed(value, decimals: decimals) == expected)
  }

  @Test("formatters never produce exponents or empty strings over many magnitudes")
  func noExponents() {
    var value = 1e-9
    while value < 1e21 {
      for sign in [1.0, -1.0] {
        for text in [
          HumanFormat.count(sign * value), HumanFormat.milliseconds(sign * value),
          HumanFormat.percent(sign * value), HumanFormat.rate(sign * value),
          HumanFormat.bytes(sign * value),
        ] {
          #expect(!text.isEmpty)
          #expect(!text.contains("e"), "\(text) for \(sign * value)")
          #expect(!text.contains("nan") && !text.contains("inf"))
        }
      }
      value *= 3.7
    }
  }
}
