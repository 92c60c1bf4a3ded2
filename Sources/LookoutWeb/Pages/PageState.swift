import Foundation
import LookoutCore
import LookoutQuery

/// Everything a page shows that the viewer chose, read from and written to the URL, so any
/// view can be pasted into a chat: environment, time range, refresh, and a page's own
/// parameters (sort order, endpoint).
public struct PageState: Sendable, Hashable {
  /// The preset time ranges of the header, by URL value.
  public static let presets: [(value: String, label: String, micros: Int64)] = [
    ("15m", "Last 15 minutes", 15 * Micros.perMinute),
    ("1h", "Last hour", 60 * Micros.perMinute),
    ("6h", "Last 6 hours", 360 * Micros.perMinute),
    ("24h", "Last 24 hours", 1_440 * Micros.perMinute),
    ("7d", "Last 7 days", 10_080 * Micros.perMinute),
  ]

  /// Selected environment; nil means all.
  public var environment: String?
  /// A preset (`1h`) or `custom`.
  public var rangeValue: String
  /// Start and end of a custom range as written in the URL: µs since epoch (what drag-zoom
  /// writes), any ``TimeExpression`` (`now-2h`, RFC 3339), or a form's `2024-06-05T09:00`
  /// (UTC; the page's script sends the viewer's local time as µs instead).
  public var customFrom: String?
  public var customTo: String?
  /// Auto-refresh period in seconds; 0 is off.
  public var refreshSeconds: Int
  /// Page parameters kept in the URL besides the shared ones (`sort`, `method`, `route`).
  public var extra: [String: String]

  /// Reads the state from URL query parameters; unknown or malformed values fall back to
  /// the defaults (last hour, all environments, no refresh).
  public init(query: [String: String]) {
    let env = query["env"].flatMap { $0.isEmpty ? nil : $0 }
    environment = env
    let now = Int64(Date().timeIntervalSince1970 * 1e6)
    if let from = query["from"], let to = query["to"],
      let start = Self.instant(from, now: now), let end = Self.instant(to, now: now), start < end
    {
      rangeValue = "custom"
      customFrom = from
      customTo = to
    } else {
      let value = query["range"] ?? "1h"
      rangeValue = Self.presets.contains { $0.value == value } ? value : "1h"
    }
    refreshSeconds = query["refresh"].flatMap(Int.init).map { min(max($0, 0), 3_600) } ?? 0
    var extra: [String: String] = [:]
    for (key, value) in query where !["env", "range", "from", "to", "refresh"].contains(key) {
      extra[key] = value
    }
    self.extra = extra
  }

  /// The time range to show at `now` (µs).
  public func range(now: Int64) -> TimeRange {
    if rangeValue == "custom", let customFrom, let customTo,
      let from = Self.instant(customFrom, now: now), let to = Self.instant(customTo, now: now),
      from < to
    {
      return TimeRange(from: from, to: to)
    }
    let span = Self.presets.first { $0.value == rangeValue }?.micros ?? 60 * Micros.perMinute
    return TimeRange(from: now - span, to: now)
  }

  /// A step that gives charts about 60 points over `range`, in whole minutes.
  public static func step(for range: TimeRange) -> Int64 {
    let raw = max(Micros.perMinute, (range.to - range.from) / 60)
    let choices: [Int64] = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1_440]
    let minutes = choices.first { $0 * Micros.perMinute >= raw } ?? 1_440
    return minutes * Micros.perMinute
  }

  /// The URL of `path` with this state, changed by `changes` (a nil value removes a key).
  public func url(_ path: String, _ changes: [String: String?] = [:]) -> String {
    var items: [String: String] = extra
    if let environment { items["env"] = environment }
    if rangeValue == "custom", let customFrom, let customTo {
      items["from"] = customFrom
      items["to"] = customTo
    } else if rangeValue != "1h" {
      items["range"] = rangeValue
    }
    if refreshSeconds > 0 { items["refresh"] = String(refreshSeconds) }
    for (key, value) in changes {
      if key == "range" {
        items["from"] = nil
        items["to"] = nil
      }
      items[key] = value
    }
    if items["range"] == "1h" { items["range"] = nil }
    guard !items.isEmpty else { return path }
    let query = items.sorted { $0.key < $1.key }.map { key, value in
      "\(Self.encode(key))=\(Self.encode(value))"
    }
    return path + "?" + query.joined(separator: "&")
  }

  /// The instant `text` names (see ``customFrom``), or nil.
  static func instant(_ text: String, now: Int64) -> Int64? {
    // A datetime-local field sends minutes without a zone.
    let value = text.count == 16 && text.dropFirst(10).first == "T" ? text + ":00Z" : text
    return try? TimeExpression.parse(value, now: now)
  }

  /// The fields of ``url(_:_:)`` other than the range, for a form that sets the range.
  public func fieldsBesidesRange() -> [(name: String, value: String)] {
    var items = extra
    if let environment { items["env"] = environment }
    if refreshSeconds > 0 { items["refresh"] = String(refreshSeconds) }
    return items.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }

  private static func encode(_ text: String) -> String {
    let allowed = CharacterSet(
      charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
  }
}
