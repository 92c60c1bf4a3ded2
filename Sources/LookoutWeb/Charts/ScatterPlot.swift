import Foundation

/// Geometry and axes of one ``ScatterChart`` rendering.
struct ScatterPlot {
  /// Smallest power of ten on a logarithmic axis (0.01 ms); faster points sit on the bottom.
  static let lowestExponent = -2
  /// Radius of a dot.
  static let pointRadius = 3.0

  /// Width of the viewBox.
  let width: Double
  /// Height of the viewBox.
  let height: Double
  /// Start of the time axis, µs.
  let from: Int64
  /// End of the time axis, µs (exclusive).
  let to: Int64
  /// Whether the duration axis is logarithmic.
  let isLogarithmic: Bool
  /// The linear duration axis (also built, unused, for a logarithmic one).
  let linear: ChartScale
  /// Exponents of the bottom and top of a logarithmic axis.
  let exponents: (low: Int, high: Int)
  /// Duration ticks with their labels, bottom first.
  let valueTicks: [(value: Double, label: String)]
  /// Time axis ticks.
  let timeTicks: TimeTicks
  /// Plot area left edge.
  let plotLeft: Double
  /// Plot area right edge.
  let plotRight: Double
  /// Plot area top edge.
  let plotTop: Double
  /// Plot area bottom edge.
  let plotBottom: Double

  /// Lays out `points` (valid, sorted by time) of `chart` over the time range `range`.
  init(chart: ScatterChart, points: [ScatterPoint], range: (from: Int64, to: Int64)) {
    width = Double(max(chart.width, 120))
    height = Double(max(chart.height, 80))
    (from, to) = range
    let durations = points.map(\.durationMilliseconds)
    let maximum = durations.max() ?? 0
    let smallestPositive = durations.filter { $0 > 0 }.min()
    switch (chart.scale, smallestPositive) {
    case (.linear, _), (_, nil):
      isLogarithmic = false
    case (.logarithmic, _):
      isLogarithmic = true
    case (.automatic, let smallest?):
      isLogarithmic = maximum / smallest > 100
    }
    linear = ChartScale(max: maximum)
    let low = max(ChartScale.decimalExponent(smallestPositive ?? 1), ScatterPlot.lowestExponent)
    var high = ChartScale.decimalExponent(max(maximum, 1e-300))
    if pow(10, Double(high)) < maximum { high += 1 }
    exponents = (low, max(high, low + 1))
    if isLogarithmic {
      let decades = exponents.high - exponents.low
      let every = decades > 8 ? 2 : 1
      valueTicks = stride(from: exponents.low, through: exponents.high, by: every).map {
        let value = pow(10, Double($0))
        return (value, HumanFormat.milliseconds(value))
      }
    } else {
      valueTicks = Array(zip(linear.ticks, ChartUnit.milliseconds.axisLabels(for: linear)))
    }
    timeTicks = TimeTicks(from: from, to: to)
    let longest = Double(valueTicks.map(\.label.count).max() ?? 1)
    plotLeft = max(32, longest * TimeChartFrame.characterWidth + 10)
    plotRight = max(plotLeft + 10, width - TimeChartFrame.rightMargin)
    plotTop = TimeChartFrame.topMargin
    plotBottom = max(plotTop + 10, height - TimeChartFrame.timeLabelSpace)
  }

  /// The horizontal position of instant `micros`, clamped to the plot.
  func x(_ micros: Int64) -> Double {
    let span = Double(to) - Double(from)
    guard span > 0 else { return (plotLeft + plotRight) / 2 }
    let fraction = min(max((Double(micros) - Double(from)) / span, 0), 1)
    return plotLeft + fraction * (plotRight - plotLeft)
  }

  /// The vertical position of a duration in milliseconds, clamped to the plot.
  func y(_ milliseconds: Double) -> Double {
    let fraction: Double
    if isLogarithmic {
      guard milliseconds > 0 else { return plotBottom }
      let decades = Double(exponents.high - exponents.low)
      fraction = min(max((log10(milliseconds) - Double(exponents.low)) / decades, 0), 1)
    } else {
      fraction = linear.fraction(milliseconds)
    }
    return plotBottom - fraction * (plotBottom - plotTop)
  }

  /// Writes the duration gridlines with labels and the time ticks with labels.
  func writeGrid(into writer: inout SVGWriter) {
    for tick in valueTicks {
      let y = SVGWriter.number(self.y(tick.value))
      writer.element(
        "line",
        [
          ("class", "grid"), ("x1", SVGWriter.number(plotLeft)), ("y1", y),
          ("x2", SVGWriter.number(plotRight)), ("y2", y),
        ])
      writer.element(
        "text",
        [
          ("class", "tick"), ("x", SVGWriter.number(plotLeft - 6)),
          ("y", SVGWriter.number(self.y(tick.value) + 4)), ("text-anchor", "end"),
        ],
        text: tick.label)
    }
    for instant in timeTicks.instants {
      let x = SVGWriter.number(self.x(instant))
      writer.element(
        "line",
        [
          ("class", "tick"), ("x1", x), ("y1", SVGWriter.number(plotBottom)), ("x2", x),
          ("y2", SVGWriter.number(plotBottom + 4)),
        ])
      // The browser script rewrites `tick-time` labels to local hours and minutes, which would
      // lose the seconds of a sub-minute axis: those stay in UTC.
      let withSeconds = timeTicks.interval < 60_000_000
      writer.element(
        "text",
        (withSeconds
          ? [("class", "tick")] : [("class", "tick-time"), ("data-ts", String(instant))])
          + [("x", x), ("y", SVGWriter.number(plotBottom + 16)), ("text-anchor", "middle")],
        text: withSeconds
          ? ScatterPlot.clockWithSeconds(instant)
          : HumanFormat.clock(instant, stepMicros: timeTicks.interval))
    }
  }

  /// Writes one dot, as a link when the point has a safe `href`.
  func writePoint(_ point: ScatterPoint, into writer: inout SVGWriter) {
    let href = ChartLink.safe(point.href)
    if let href { writer.open("a", [("href", href)]) }
    writer.open(
      "circle",
      [
        ("class", point.isError ? "point error" : "point ok"),
        ("cx", SVGWriter.number(x(point.timeMicros))),
        ("cy", SVGWriter.number(y(point.durationMilliseconds))),
        ("r", SVGWriter.number(ScatterPlot.pointRadius)),
      ])
    var title = ScatterPlot.clockWithSeconds(point.timeMicros) + " UTC · "
    title += HumanFormat.milliseconds(point.durationMilliseconds)
    if point.isError { title += " · error" }
    writer.element("title", text: title)
    writer.close()
    if href != nil { writer.close() }
  }

  /// Writes the two axis lines, over the dots.
  func writeAxes(into writer: inout SVGWriter) {
    let left = SVGWriter.number(plotLeft)
    let bottom = SVGWriter.number(plotBottom)
    writer.element(
      "line",
      [
        ("class", "axis"), ("x1", left), ("y1", bottom), ("x2", SVGWriter.number(plotRight)),
        ("y2", bottom),
      ])
    writer.element(
      "line",
      [
        ("class", "axis"), ("x1", left), ("y1", SVGWriter.number(plotTop)), ("x2", left),
        ("y2", bottom),
      ])
  }

  /// `HH:MM:SS` in UTC.
  static func clockWithSeconds(_ micros: Int64) -> String {
    let civil = CivilTime(micros: micros)
    func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
    return "\(pad(civil.hour)):\(pad(civil.minute)):\(pad(civil.second))"
  }
}
