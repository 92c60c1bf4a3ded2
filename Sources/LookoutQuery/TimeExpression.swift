import Foundation
import LookoutCore

/// Parses the time values of URLs and flags: `now`, `now-15m`, epoch seconds or
/// milliseconds, and RFC 3339 (`2024-06-05T09:00:00Z`, with fraction or offset).
public enum TimeExpression {
  /// An error naming the value that did not parse.
  public struct ParseError: Error, CustomStringConvertible {
    public var value: String
    public var description: String {
      "cannot read time \"\(value)\": use now, now-15m, epoch seconds or RFC 3339"
    }
  }

  /// The instant `text` names, µs since epoch, relative to `now` (µs).
  public static func parse(_ text: String, now: Int64) throws -> Int64 {
    let value = text.trimmingCharacters(in: .whitespaces)
    if value == "now" { return now }
    if value.hasPrefix("now-") || value.hasPrefix("now+") {
      guard let span = duration(String(value.dropFirst(4))) else { throw ParseError(value: text) }
      return value.hasPrefix("now-") ? now - span : now + span
    }
    if let number = Double(value) {
      // 10-digit values are seconds, 13-digit milliseconds, 16-digit microseconds.
      if number >= 1e14 { return Int64(number) }
      if number >= 1e11 { return Int64(number * 1000) }
      return Int64(number * 1e6)
    }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = formatter.date(from: value) { return Int64(date.timeIntervalSince1970 * 1e6) }
    formatter.formatOptions = [.withInternetDateTime]
    if let date = formatter.date(from: value) { return Int64(date.timeIntervalSince1970 * 1e6) }
    throw ParseError(value: text)
  }

  /// A duration such as `90s`, `5m`, `1h`, `7d`, `1w`, or bare seconds, in µs.
  public static func duration(_ text: String) -> Int64? {
    guard let last = text.last else { return nil }
    let units: [Character: Int64] = [
      "s": Micros.perSecond, "m": Micros.perMinute, "h": 60 * Micros.perMinute,
      "d": 24 * 60 * Micros.perMinute, "w": 7 * 24 * 60 * Micros.perMinute,
    ]
    if text.hasSuffix("ms"), let n = Double(text.dropLast(2)) { return Int64(n * 1000) }
    if let unit = units[last], let n = Double(text.dropLast()) { return Int64(n * Double(unit)) }
    if let n = Double(text) { return Int64(n * 1e6) }
    return nil
  }

  /// The range of `from` and `to` (defaults: the last hour up to now).
  public static func range(from: String?, to: String?, now: Int64) throws -> TimeRange {
    let end = try to.map { try parse($0, now: now) } ?? now
    let start = try from.map { try parse($0, now: now) } ?? (end - 3600 * Micros.perSecond)
    return TimeRange(from: start, to: end)
  }
}
