import Foundation

/// Short, human-readable renderings of numbers, durations and instants for the web UI.
///
/// Every formatter is a pure function of its input: no locale, no time zone (instants are UTC),
/// no shared state, so the output is identical on every machine and safe to call from any
/// task. Non-finite input is rendered as `–` (NaN), `∞` or `-∞`, without a unit. Negative
/// values get a leading `-` unless they round to zero.
///
/// ```swift
/// HumanFormat.count(12_345)         // "12k"
/// HumanFormat.milliseconds(2_400)   // "2.4 s"
/// HumanFormat.percent(0.0123)       // "1.2%"
/// HumanFormat.bytes(1_536)          // "1.5 KiB"
/// ```
public enum HumanFormat {
  /// The text shown for NaN: an en dash.
  public static let notANumber = "–"

  /// Formats a count with an SI suffix: `999`, `1.2k`, `12k`, `1.2M`, `2.5G`.
  ///
  /// Below 1000 the value keeps at most one decimal (`3.5`); at and above 1000 it is scaled to
  /// `k`, `M`, `G`, `T`, `P` with one decimal below 10 of the unit and none above. A trailing
  /// `.0` is always dropped.
  public static func count(_ value: Double) -> String {
    signed(value) { scaled($0, ladder: countLadder) }
  }

  /// Formats a duration given in milliseconds: `0.42 ms`, `3.5 ms`, `340 ms`, `2.4 s`, `65 s`,
  /// `10 min`.
  ///
  /// Milliseconds keep two decimals below 1 and one below 10; seconds are used from 1000 ms up
  /// to 100 s, then minutes up to 120 min, then hours up to 48 h, then days. Larger units keep
  /// one decimal below 10.
  public static func milliseconds(_ ms: Double) -> String {
    signed(ms) { scaled($0, ladder: durationLadder) }
  }

  /// Formats a fraction (1 = 100 %) as a percentage: `0%`, `0.04%`, `1.2%`, `50%`, `100%`.
  ///
  /// Two decimals below 1 %, one below 100 %, none above. A positive fraction too small to show
  /// (below 0.005 %) renders as `<0.01%` so that a rare error never reads as zero.
  public static func percent(_ fraction: Double) -> String {
    let value = fraction * 100
    if value > 0 && value < 0.005 { return "<0.01%" }
    return signed(value) { scaled($0, ladder: percentLadder) }
  }

  /// Formats a per-second rate: `12/s`, `1.2k/s`, `0.3/s`.
  ///
  /// Like ``count(_:)`` but keeps two decimals below 1 (`0.04/s`); a positive rate below
  /// 0.005/s renders as `<0.01/s`.
  public static func rate(_ perSecond: Double) -> String {
    if perSecond > 0 && perSecond < 0.005 { return "<0.01/s" }
    return signed(perSecond) { scaled($0, ladder: rateLadder) }
  }

  /// Formats a byte count with binary units: `512 B`, `1.5 KiB`, `12 MiB`, `3.4 GiB`.
  ///
  /// Bytes are whole numbers; larger units keep one decimal below 10 of the unit.
  public static func bytes(_ n: Double) -> String {
    signed(n) { scaled($0, ladder: byteLadder) }
  }

  /// Formats microseconds since the Unix epoch as an ISO 8601 UTC instant, `2024-06-05T09:00:00Z`.
  ///
  /// Sub-second digits are dropped (the instant is floored to the second), which is what
  /// `<time datetime=...>` needs.
  public static func isoTime(_ micros: Int64) -> String {
    let c = CivilTime(micros: micros)
    return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))T"
      + "\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))Z"
  }

  /// Formats an axis instant in UTC: `09:05` when `stepMicros` is below one day, `06-05`
  /// (month-day) otherwise.
  ///
  /// The browser script later rewrites these labels to the viewer's local time.
  public static func clock(_ micros: Int64, stepMicros: Int64) -> String {
    let c = CivilTime(micros: micros)
    if stepMicros < microsPerDay {
      return "\(pad(c.hour)):\(pad(c.minute))"
    }
    return "\(pad(c.month))-\(pad(c.day))"
  }

  /// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values.
  ///
  /// The replacements are `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#39;`; every other character
  /// is kept as is.
  public static func escapeHTML(_ s: String) -> String {
    guard
      s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 })
    else { return s }
    var out = ""
    out.reserveCapacity(s.utf8.count + 16)
    for scalar in s.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  // MARK: - Shared number rendering

  /// Renders `value` with at most `decimals` fraction digits, trailing zeros dropped, never with
  /// an exponent.
  ///
  /// Rounds half away from zero. `-0` renders as `0`; non-finite values render as `0`.
  /// Magnitudes too large for exact integer arithmetic lose their fraction digits.
  static func fixed(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return "0" }
    var digits = min(max(decimals, 0), powersOfTen.count - 1)
    let magnitude = abs(value)
    while digits > 0 && magnitude * powersOfTen[digits] >= exactLimit { digits -= 1 }
    if magnitude >= exactLimit {
      return String(format: "%.0f", value)
    }
    let scaled = UInt64((magnitude * powersOfTen[digits]).rounded(.toNearestOrAwayFromZero))
    if scaled == 0 { return "0" }
    let unit = UInt64(powersOfTen[digits])
    var text = value < 0 ? "-" : ""
    text += String(scaled / unit)
    let fraction = scaled % unit
    if fraction != 0 {
      var fractionText = String(fraction)
      fractionText = String(repeating: "0", count: digits - fractionText.count) + fractionText
      while fractionText.hasSuffix("0") { fractionText.removeLast() }
      text += "." + fractionText
    }
    return text
  }

  /// Microseconds in one UTC day.
  static let microsPerDay: Int64 = 86_400_000_000

  // MARK: - Private helpers

  /// Largest magnitude whose scaled integer still fits exactly in a `Double` mantissa.
  private static let exactLimit = 9e15

  /// Exact powers of ten, 10^0 through 10^15.
  private static let powersOfTen: [Double] = (0...15).map { pow(10, Double($0)) }

  /// One rung of a unit ladder: divide by `divisor`, append `suffix`, keep `decimals` below the
  /// matching threshold, and move to the next rung once the rounded value reaches `limit`.
  private struct Rung: Sendable {
    /// Size of the unit in input units.
    var divisor: Double
    /// Text appended to the number (including any space).
    var suffix: String
    /// Rounded values at or above this move to the next rung (when there is one).
    var limit: Double
    /// `(below, decimals)` pairs, ascending by `below`; values above the last pair get 0.
    var precision: [(below: Double, decimals: Int)]

    /// Number of fraction digits for a value already divided by ``divisor``.
    func decimals(for value: Double) -> Int {
      for rule in precision where value < rule.below { return rule.decimals }
      return 0
    }
  }

  private static let oneDecimalBelowTen: [(below: Double, decimals: Int)] = [(10, 1)]

  private static let countLadder: [Rung] =
    [Rung(divisor: 1, suffix: "", limit: 1000, precision: [(1000, 1)])]
    + siLadder(suffixes: ["k", "M", "G", "T", "P", "E"], separator: "")

  private static let rateLadder: [Rung] =
    [Rung(divisor: 1, suffix: "/s", limit: 1000, precision: [(1, 2), (1000, 1)])]
    + siLadder(suffixes: ["k", "M", "G", "T", "P", "E"], separator: "").map {
      Rung(divisor: $0.divisor, suffix: $0.suffix + "/s", limit: $0.limit, precision: $0.precision)
    }

  private static let durationLadder: [Rung] = [
    Rung(divisor: 1, suffix: " ms", limit: 1000, precision: [(1, 2), (10, 1)]),
    Rung(divisor: 1000, suffix: " s", limit: 100, precision: oneDecimalBelowTen),
    Rung(divisor: 60_000, suffix: " min", limit: 120, precision: oneDecimalBelowTen),
    Rung(divisor: 3_600_000, suffix: " h", limit: 48, precision: oneDecimalBelowTen),
    Rung(divisor: 86_400_000, suffix: " d", limit: .infinity, precision: oneDecimalBelowTen),
  ]

  private static let percentLadder: [Rung] = [
    Rung(divisor: 1, suffix: "%", limit: .infinity, precision: [(1, 2), (100, 1)])
  ]

  private static let byteLadder: [Rung] = {
    let names = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    return names.enumerated().map { index, name in
      Rung(
        divisor: pow(1024, Double(index)), suffix: " " + name, limit: 1024,
        precision: index == 0 ? [] : oneDecimalBelowTen)
    }
  }()

  /// Rungs for thousands-based suffixes, starting at 1000.
  private static func siLadder(suffixes: [String], separator: String) -> [Rung] {
    suffixes.enumerated().map { index, suffix in
      Rung(
        divisor: pow(1000, Double(index + 1)), suffix: separator + suffix, limit: 1000,
        precision: oneDecimalBelowTen)
    }
  }

  /// Climbs `ladder` until the rounded value fits below the rung's limit, then renders it.
  private static func scaled(_ magnitude: Double, ladder: [Rung]) -> String {
    for (index, rung) in ladder.enumerated() {
      let value = magnitude / rung.divisor
      let decimals = rung.decimals(for: value)
      let factor = pow(10, Double(decimals))
      let rounded = (value * factor).rounded(.toNearestOrAwayFromZero) / factor
      if rounded >= rung.limit && index < ladder.count - 1 { continue }
      return fixed(value, decimals: decimals) + rung.suffix
    }
    return fixed(magnitude, decimals: 0)
  }

  /// Handles NaN, infinities and the sign, formatting the magnitude with `body`.
  private static func signed(_ value: Double, _ body: (Double) -> String) -> String {
    if value.isNaN { return notANumber }
    if value.isInfinite { return value > 0 ? "∞" : "-∞" }
    let text = body(abs(value))
    guard value < 0 else { return text }
    let isZero = !text.unicodeScalars.contains { ("1"..."9").contains($0) }
    return isZero ? text : "-" + text
  }

  /// Zero-pads a non-negative number to `width` digits; negative numbers keep their sign.
  private static func pad<T: BinaryInteger>(_ value: T, _ width: Int = 2) -> String {
    let digits = String(value.magnitude)
    let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
    return value < 0 ? "-" + padded : padded
  }
}

/// A UTC calendar breakdown of a microsecond timestamp (proleptic Gregorian calendar).
struct CivilTime: Sendable, Equatable {
  /// Calendar year, e.g. 2024.
  var year: Int64
  /// Month, 1-12.
  var month: Int
  /// Day of the month, 1-31.
  var day: Int
  /// Hour, 0-23.
  var hour: Int
  /// Minute, 0-59.
  var minute: Int
  /// Second, 0-59.
  var second: Int

  /// Breaks `micros` (since the Unix epoch, may be negative) into UTC calendar fields.
  ///
  /// Uses Howard Hinnant's `civil_from_days` algorithm; sub-second digits are floored away.
  init(micros: Int64) {
    let seconds = CivilTime.floorDiv(micros, 1_000_000)
    let days = CivilTime.floorDiv(seconds, 86_400)
    let secondOfDay = Int(seconds - days * 86_400)
    let z = days + 719_468
    let era = CivilTime.floorDiv(z, 146_097)
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shiftedMonth = (5 * dayOfYear + 2) / 153
    day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
    month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
    year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    hour = secondOfDay / 3_600
    minute = secondOfDay / 60 % 60
    second = secondOfDay % 60
  }

  /// Division rounding toward negative infinity.
  static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }
}
