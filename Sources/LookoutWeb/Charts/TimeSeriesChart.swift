/// A line chart of one or more series over time, rendered as a self-contained SVG string.
///
/// Each value is drawn at the centre of its time step; a `nil` value breaks the line. The
/// value axis starts at zero and ends at a nice round tick at or above the largest value
/// (negative values are drawn on the zero line). The root element carries `data-from`,
/// `data-to`, `data-plot-left` and `data-plot-right` for drag-to-zoom, and `data-chart`
/// with the raw values as JSON for the hover tooltip. Colours come only from CSS classes
/// (`s0`...`s7`, `axis`, `grid`, `tick`, `tick-time`, `legend`, `swatch`); the stylesheet
/// should give `.line` `fill: none` and round line caps.
///
/// ```swift
/// let chart = TimeSeriesChart(
///   times: [t0, t0 + 60_000_000], stepMicros: 60_000_000,
///   series: [ChartSeries(name: "p95", values: [120, 180])],
///   unit: .milliseconds, title: "Latency")
/// let markup = chart.svg()
/// ```
public struct TimeSeriesChart: Sendable {
  /// Step starts in microseconds since the epoch, ascending.
  public var times: [Int64]
  /// Length of one step in microseconds.
  public var stepMicros: Int64
  /// The lines, drawn in order (later ones on top).
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
  ///   - series: The lines to draw.
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
    guard let maximum = values.joined().compactMap({ $0 }).max() else {
      return TimeChartFrame.emptySVG(
        kind: "timeseries", times: times, stepMicros: stepMicros, width: width,
        height: height, title: title)
    }
    let frame = TimeChartFrame(
      kind: "timeseries", times: times, stepMicros: stepMicros, series: series,
      values: values, unit: unit, width: width, height: height, title: title,
      maximum: maximum)
    var writer = SVGWriter(capacity: 2_048 + times.count * series.count * 24)
    writer.open("svg", frame.rootAttributes())
    frame.writeGrid(into: &writer)
    for (index, item) in series.enumerated() {
      let points = values[index].enumerated().map { step, value in
        value.map { (x: frame.center(step), y: frame.y($0)) }
      }
      writer.element(
        "path",
        [
          ("class", "line \(item.colorClass)"), ("d", LinePath.data(points)),
          ("data-series", String(index)),
        ])
    }
    frame.writeAxesAndLegend(into: &writer)
    return writer.finish()
  }
}
