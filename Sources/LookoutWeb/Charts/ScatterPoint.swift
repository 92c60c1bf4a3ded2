/// One trace in a ``ScatterChart``: when it started, how long it took, and whether it failed.
///
/// ```swift
/// let point = ScatterPoint(
///   timeMicros: 1_717_578_000_000_000, durationMilliseconds: 340, isError: true,
///   href: "/traces/0af7651916cd43dd")
/// ```
public struct ScatterPoint: Sendable, Equatable {
  /// Start time in microseconds since the Unix epoch.
  public var timeMicros: Int64
  /// Duration in milliseconds; negative and non-finite values are rejected (counted, not drawn).
  public var durationMilliseconds: Double
  /// Whether the trace failed; drawn with class `error` instead of `ok`.
  public var isError: Bool
  /// Where a click on the point leads (usually the trace); nil draws it without a link.
  public var href: String?

  /// Creates a point; see the properties for the meaning of each argument.
  public init(timeMicros: Int64, durationMilliseconds: Double, isError: Bool, href: String? = nil) {
    self.timeMicros = timeMicros
    self.durationMilliseconds = durationMilliseconds
    self.isError = isError
    self.href = href
  }
}

/// How a ``ScatterChart`` spaces its duration axis.
public enum ScatterScale: String, Sendable, Hashable {
  /// Logarithmic when the slowest point is more than 100 times the fastest (positive) one,
  /// else linear.
  case automatic
  /// Linear from zero.
  case linear
  /// Logarithmic, one tick per power of ten.
  case logarithmic
}
