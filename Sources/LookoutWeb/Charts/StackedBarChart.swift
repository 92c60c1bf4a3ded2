/// A stacked bar chart over time: one bar per time step, series stacked in order from the
/// bottom, rendered as a self-contained SVG string.
///
/// A bar spans the middle 80 % of its step. `nil` and negative values contribute nothing; the
/// value axis reaches a nice round tick at or above the largest step total. The root element
/// carries the same attributes as ``TimeSeriesChart`` (with class `chart stacked`), and colours
/// come only from CSS classes (`bar s0`...`bar s7`, `axis`, `grid`, `tick`, `legend`).
///
/// ```swift
/// let chart = StackedBarChart(
///   times: times, stepMicros: 60_000_000,
///   series: [ChartSeries(name: "2xx", values: ok), ChartSeries(name: "5xx", values: errors,
///   colorIndex: 3)], unit: .count, title: "Requests by status")
/// ```
public struct StackedBarChart: Sendable {
  /// Step starts in microseconds since the epoch, ascending.
  public var times: [Int64]
  /// Length of one step in microseconds.
  public var stepMicros: Int64
  /// The stacked series, bottom first.
  public var series: [ChartSeries]
  /// Unit of every series' values.
  public var unit: ChartUnit
  /// Width of the viewBox.
  public var width: Int
  /// Height of the viewBox.
  public var height: Int
  /// Accessible name of the chart (`aria-label`).
  public var title: String

  /// Creates a chart; nothing is computed until ``svg()``.
  ///
  /// - Parameters:
  ///   - times: Step starts in microseconds, ascending; `series[k].values[i]` belongs to
  ///     `times[i]`.
  ///   - stepMicros: Step length in microseconds (values below 1 are treated as 1).
  ///   - series: The series to stack, bottom first.
  ///   - unit: Unit of the values, for axis labels and the tooltip.
  ///   - width: Width of the viewBox.
  ///   - height: Height of the viewBox.
  ///   - title: Accessible name of the chart.
  public init(
    times: [Int64], stepMicros: Int64, series: [ChartSeries], unit: ChartUnit,
    width: Int = 720, height: Int = 220, title: String
  ) {
    self.times = times
    self.stepMicros = stepMicros
    self.series = series
    self.unit = unit
    self.width = width
    self.height = height
    self.title = title
  }

  /// Renders the chart as an `<svg>` element, or the "No data in this range" state when no
  /// series has a value.
  public func svg() -> String {
    let values = TimeChartFrame.normalise(times: times, series: series)
    guard values.contains(where: { $0.contains { $0 != nil } }) else {
      return TimeChartFrame.emptySVG(
        kind: "stacked", times: times, stepMicros: stepMicros, width: width, height: height,
        title: title)
    }
    let totals = (0..<times.count).map { step in
      values.reduce(0.0) { $0 + Swift.max(0, $1[step] ?? 0) }
    }
    let frame = TimeChartFrame(
      kind: "stacked", times: times, stepMicros: stepMicros, series: series, values: values,
      unit: unit, width: width, height: height, title: title, maximum: totals.max() ?? 0)
    var writer = SVGWriter(capacity: 2_048 + times.count * series.count * 80)
    writer.open("svg", frame.rootAttributes())
    frame.writeGrid(into: &writer)
    for step in times.indices {
      let left = frame.x(times[step])
      let right = frame.x(frame.stepEnd(step))
      let x = SVGWriter.number(left + (right - left) * 0.1)
      let barWidth = SVGWriter.number(Swift.max((right - left) * 0.8, 0.5))
      var base = 0.0
      // Round the edges, not the heights, so that a bar's pieces add up exactly.
      var bottom = StackedBarChart.roundedEdge(frame.y(0))
      for (index, item) in series.enumerated() {
        let value = Swift.max(0, values[index][step] ?? 0)
        guard value > 0 else { continue }
        base += value
        let top = StackedBarChart.roundedEdge(frame.y(base))
        let height = bottom - top
        bottom = top
        guard height > 0 else { continue }
        writer.element(
          "rect",
          [
            ("class", "bar \(item.colorClass)"), ("x", x), ("y", SVGWriter.number(top)),
            ("width", barWidth),
            ("height", SVGWriter.number(height)), ("data-series", String(index)),
            ("data-step", String(step)),
          ])
      }
    }
    frame.writeAxesAndLegend(into: &writer)
    return writer.finish()
  }

  /// `value` rounded to the two decimals ``SVGWriter/number(_:)`` writes.
  private static func roundedEdge(_ value: Double) -> Double {
    (value * 100).rounded(.toNearestOrAwayFromZero) / 100
  }
}
