/// One named series of a time-based chart, aligned with the chart's time steps.
///
/// `values[i]` belongs to the chart's `times[i]`; `nil` (and any non-finite value) is a gap.
/// Values beyond the chart's times are ignored and missing trailing values are gaps.
///
/// ```swift
/// let errors = ChartSeries(name: "5xx", values: [0, 2, nil, 1], colorIndex: 3)
/// ```
public struct ChartSeries: Sendable, Equatable {
  /// Display name, shown in the legend and the tooltip (escaped when rendered).
  public var name: String
  /// One value per time step; `nil` marks a step without data.
  public var values: [Double?]
  /// Palette slot; the chart uses CSS class `s{colorIndex mod 8}`.
  public var colorIndex: Int

  /// Creates a series from its name, values and palette slot.
  public init(name: String, values: [Double?], colorIndex: Int = 0) {
    self.name = name
    self.values = values
    self.colorIndex = colorIndex
  }

  /// The palette CSS class, `s0` through `s7` (negative indexes wrap around too).
  var colorClass: String {
    ChartSeries.colorClass(colorIndex)
  }

  /// The palette CSS class for a palette slot, `s0` through `s7`.
  static func colorClass(_ index: Int) -> String {
    "s\(((index % 8) + 8) % 8)"
  }
}
