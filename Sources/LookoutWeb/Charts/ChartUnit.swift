/// The unit of a chart's values, which decides how axis labels and tooltips are formatted.
///
/// Percentages are fractions (1 = 100 %), durations are milliseconds, rates are per second.
public enum ChartUnit: Sendable, Hashable {
  /// A plain count (`1.2k`), formatted with ``HumanFormat/count(_:)``.
  case count
  /// A duration in milliseconds (`340 ms`), formatted with ``HumanFormat/milliseconds(_:)``.
  case milliseconds
  /// A fraction shown as a percentage (`1.2%`), formatted with ``HumanFormat/percent(_:)``.
  case percent
  /// A per-second rate (`12/s`), formatted with ``HumanFormat/rate(_:)``.
  case rate

  /// Formats one value of this unit for display.
  public func format(_ value: Double) -> String {
    switch self {
    case .count: HumanFormat.count(value)
    case .milliseconds: HumanFormat.milliseconds(value)
    case .percent: HumanFormat.percent(value)
    case .rate: HumanFormat.rate(value)
    }
  }

  /// The unit's name in the `data-chart` JSON read by the browser script.
  ///
  /// One of `count`, `ms`, `percent` or `rate`.
  public var jsonName: String {
    switch self {
    case .count: "count"
    case .milliseconds: "ms"
    case .percent: "percent"
    case .rate: "rate"
    }
  }

  /// Labels for the ticks of `scale`, sharing one unit and one number of decimals.
  ///
  /// Unlike ``format(_:)``, which rounds each value on its own, axis labels keep exactly the
  /// decimals the step needs (`0.25`, `0.5`, `0.75` rather than `0.3`, `0.5`, `0.8`) and use the
  /// unit of the largest tick for every tick (`0`, `2.5k`, `5k`).
  func axisLabels(for scale: ChartScale) -> [String] {
    switch self {
    case .count:
      return thousandsLabels(scale, suffix: "")
    case .rate:
      return thousandsLabels(scale, suffix: "/s")
    case .percent:
      let digits = ChartScale.decimals(for: scale.step * 100)
      return scale.ticks.map { HumanFormat.fixed($0 * 100, decimals: digits) + "%" }
    case .milliseconds:
      if scale.top < 1_000 {
        let digits = ChartScale.decimals(for: scale.step)
        return scale.ticks.map { HumanFormat.fixed($0, decimals: digits) + " ms" }
      }
      if scale.top < 100_000 {
        let digits = ChartScale.decimals(for: scale.step / 1_000)
        return scale.ticks.map { HumanFormat.fixed($0 / 1_000, decimals: digits) + " s" }
      }
      return scale.ticks.map { HumanFormat.milliseconds($0) }
    }
  }

  /// Labels scaled by the power of 1000 that fits the top tick (`k`, `M`, ...).
  private func thousandsLabels(_ scale: ChartScale, suffix: String) -> [String] {
    let prefixes = ["", "k", "M", "G", "T", "P", "E"]
    var index = 0
    var divisor = 1.0
    while index < prefixes.count - 1 && scale.top / divisor >= 1_000 {
      index += 1
      divisor *= 1_000
    }
    let digits = ChartScale.decimals(for: scale.step / divisor)
    return scale.ticks.map {
      $0 == 0
        ? "0" + suffix
        : HumanFormat.fixed($0 / divisor, decimals: digits) + prefixes[index] + suffix
    }
  }
}
