/// A labelled reference value drawn as a dashed vertical line, e.g. a p95 latency.
///
/// ```swift
/// let p95 = ChartMarker(label: "p95", value: 340)
/// ```
public struct ChartMarker: Sendable, Equatable {
  /// Short label drawn above the line (escaped when rendered).
  public var label: String
  /// Position on the chart's value axis, in the chart's unit.
  public var value: Double

  /// Creates a marker from its label and value.
  public init(label: String, value: Double) {
    self.label = label
    self.value = value
  }
}
