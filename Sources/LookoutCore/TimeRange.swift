/// A half-open interval of time `[from, to)` in microseconds since the Unix epoch.
public struct TimeRange: Sendable, Hashable, CustomStringConvertible {
  /// Inclusive start, microseconds since epoch.
  public var from: Int64
  /// Exclusive end, microseconds since epoch.
  public var to: Int64

  /// Creates a range; `to` below `from` gives an empty range.
  public init(from: Int64, to: Int64) {
    self.from = from
    self.to = max(from, to)
  }

  /// Every instant a signal can carry.
  public static let all = TimeRange(from: .min, to: .max)

  /// Whether `timestamp` lies in the range.
  @inlinable public func contains(_ timestamp: Int64) -> Bool {
    timestamp >= from && timestamp < to
  }

  /// Whether the closed interval `[min, max]` meets the range.
  @inlinable public func overlaps(min: Int64, max: Int64) -> Bool {
    max >= from && min < to
  }

  /// Length in microseconds.
  public var duration: Int64 { to &- from }

  public var description: String { "[\(from), \(to))" }
}

/// Microsecond arithmetic for the Int64 timestamps every signal carries.
public enum Micros {
  /// Microseconds in one second.
  public static let perSecond: Int64 = 1_000_000
  /// Microseconds in one millisecond.
  public static let perMillisecond: Int64 = 1_000
  /// Microseconds in one minute.
  public static let perMinute: Int64 = 60_000_000

  /// Rounds `timestamp` down to a multiple of `step` (floor, also for negative values).
  @inlinable public static func floor(_ timestamp: Int64, to step: Int64) -> Int64 {
    let r = timestamp % step
    return r < 0 ? timestamp - r - step : timestamp - r
  }
}
