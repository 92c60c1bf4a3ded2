import LookoutCore

/// Shared input handling, layout, axes, legend and root element of the time-based charts.
///
/// ``TimeSeriesChart`` and ``StackedBarChart`` differ only in what they draw inside the plot
/// area; both use this frame for everything around it. The horizontal axis maps the half-open
/// range `[from, to)` (first step start to last step end) linearly onto
/// `[plotLeft, plotRight]`, which the browser script relies on for drag-to-zoom.
struct TimeChartFrame {
  /// One legend item, positioned.
  struct LegendEntry {
    /// Left edge of the swatch, in viewBox units.
    var x: Double
    /// Row, 0 for the first.
    var row: Int
    /// Text after the swatch (raw; escaped when written).
    var text: String
    /// Palette class of the swatch; nil for the "+N more" note.
    var colorClass: String?
  }

  /// Approximate advance of one character of tick or legend text (11 px font), in viewBox units.
  static let characterWidth = 6.5
  /// Height of one legend row.
  static let legendRowHeight = 16.0
  /// Space below the plot for the time labels.
  static let timeLabelSpace = 22.0
  /// Space above the plot.
  static let topMargin = 10.0
  /// Space right of the plot, so that a centred time label at the edge is not clipped.
  static let rightMargin = 18.0
  /// Legend names longer than this are shortened with an ellipsis (the tooltip has them whole).
  static let maxLegendCharacters = 40

  /// Root CSS class suffix: `timeseries` or `stacked`.
  let kind: String
  /// Chart width, in viewBox units.
  let width: Double
  /// Chart height, in viewBox units.
  let height: Double
  /// Accessible title.
  let title: String
  /// Unit of the values.
  let unit: ChartUnit
  /// Step starts, microseconds.
  let times: [Int64]
  /// Step length, microseconds (at least 1).
  let step: Int64
  /// The series as given.
  let series: [ChartSeries]
  /// Values per series, exactly `times.count` each, non-finite values turned into nil.
  let values: [[Double?]]
  /// Start of the range: the first step start.
  let from: Int64
  /// End of the range: the last step start plus the step.
  let to: Int64
  /// Value axis.
  let scale: ChartScale
  /// Value axis labels, one per tick.
  let valueLabels: [String]
  /// Time axis ticks.
  let timeTicks: TimeTicks
  /// Plot area left edge.
  let plotLeft: Double
  /// Plot area right edge.
  let plotRight: Double
  /// Plot area top edge.
  let plotTop: Double
  /// Plot area bottom edge (the zero line).
  let plotBottom: Double
  /// Legend items, positioned.
  let legend: [LegendEntry]

  /// Lays out a chart whose value axis must reach `maximum`.
  init(
    kind: String, times: [Int64], stepMicros: Int64, series: [ChartSeries],
    values: [[Double?]], unit: ChartUnit, width: Int, height: Int, title: String,
    maximum: Double
  ) {
    self.kind = kind
    self.width = Double(max(width, 80))
    self.height = Double(max(height, 60))
    self.title = title
    self.unit = unit
    self.times = times
    self.step = max(stepMicros, 1)
    self.series = series
    self.values = values
    (self.from, self.to) = TimeChartFrame.range(times: times, step: self.step)
    scale = ChartScale(max: maximum)
    valueLabels = unit.axisLabels(for: scale)
    timeTicks = TimeTicks(from: from, to: to)

    let longestLabel = valueLabels.map(\.count).max() ?? 1
    plotLeft = max(32, Double(longestLabel) * TimeChartFrame.characterWidth + 10)
    plotRight = max(plotLeft + 10, self.width - TimeChartFrame.rightMargin)
    plotTop = TimeChartFrame.topMargin
    let rowsAllowed = max(
      0,
      min(
        3,
        Int(
          (self.height - TimeChartFrame.timeLabelSpace - 4 - plotTop - 40)
            / TimeChartFrame.legendRowHeight)))
    legend = TimeChartFrame.layoutLegend(
      series, left: plotLeft, right: plotRight, rowsAllowed: rowsAllowed)
    let rows = (legend.map(\.row).max() ?? -1) + 1
    plotBottom =
      self.height - TimeChartFrame.timeLabelSpace - Double(rows) * TimeChartFrame.legendRowHeight
      - (rows > 0 ? 4 : 0)
  }

  /// Aligns every series with `times`: pads with nil, drops extra values, and turns
  /// non-finite values into nil.
  static func normalise(times: [Int64], series: [ChartSeries]) -> [[Double?]] {
    series.map { item in
      (0..<times.count).map { index in
        guard index < item.values.count, let value = item.values[index], value.isFinite else {
          return nil
        }
        return value
      }
    }
  }

  /// `(first step start, last step start + step)`, saturating instead of overflowing;
  /// `(0, 0)` without times.
  static func range(times: [Int64], step: Int64) -> (from: Int64, to: Int64) {
    guard let first = times.first, let last = times.last else { return (0, 0) }
    let (end, overflow) = last.addingReportingOverflow(step)
    return (first, overflow ? Int64.max : end)
  }

  /// The horizontal position of instant `micros`.
  func x(_ micros: Int64) -> Double {
    let span = Double(to) - Double(from)
    guard span > 0 else { return (plotLeft + plotRight) / 2 }
    return plotLeft + (Double(micros) - Double(from)) / span * (plotRight - plotLeft)
  }

  /// The horizontal centre of step `index`.
  func center(_ index: Int) -> Double {
    (x(times[index]) + x(stepEnd(index))) / 2
  }

  /// The end of step `index` (its start plus the step), saturating.
  func stepEnd(_ index: Int) -> Int64 {
    let (end, overflow) = times[index].addingReportingOverflow(step)
    return overflow ? Int64.max : end
  }

  /// The vertical position of `value`, clamped to the plot area (negative values sit on zero).
  func y(_ value: Double) -> Double {
    plotBottom - scale.fraction(value) * (plotBottom - plotTop)
  }

  /// Attributes of the root `<svg>` element, including the `data-chart` JSON.
  func rootAttributes() -> [(String, String)] {
    [
      ("class", "chart \(kind)"),
      ("viewBox", "0 0 \(SVGWriter.number(width)) \(SVGWriter.number(height))"),
      ("role", "img"),
      ("aria-label", title),
      ("data-from", String(from)),
      ("data-to", String(to)),
      ("data-step", String(step)),
      ("data-plot-left", SVGWriter.number(plotLeft)),
      ("data-plot-right", SVGWriter.number(plotRight)),
      ("data-plot-top", SVGWriter.number(plotTop)),
      ("data-plot-bottom", SVGWriter.number(plotBottom)),
      ("data-chart", json()),
      ("xmlns", "http://www.w3.org/2000/svg"),
    ]
  }

  /// The JSON the tooltip script reads:
  /// `{"times":[...],"step":...,"unit":"ms","series":[{"name":"...","values":[...],"color":n}]}`.
  func json() -> String {
    var out = "{\"times\":["
    out += times.map { String($0) }.joined(separator: ",")
    out += "],\"step\":\(step),\"unit\":\"\(unit.jsonName)\",\"series\":["
    for (index, item) in series.enumerated() {
      if index > 0 { out += "," }
      out += "{\"name\":" + JSONText.quoted(item.name) + ",\"values\":["
      out += values[index].map { $0.map(SVGWriter.jsonNumber) ?? "null" }.joined(separator: ",")
      out += "],\"color\":\(((item.colorIndex % 8) + 8) % 8)}"
    }
    return out + "]}"
  }

  /// Writes the horizontal gridlines with their value labels and the time labels.
  func writeGrid(into writer: inout SVGWriter) {
    for (tick, label) in zip(scale.ticks, valueLabels) {
      let y = SVGWriter.number(self.y(tick))
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
          ("y", SVGWriter.number(self.y(tick) + 4)), ("text-anchor", "end"),
        ],
        text: label)
    }
    for instant in timeTicks.instants {
      let x = SVGWriter.number(self.x(instant))
      writer.element(
        "line",
        [
          ("class", "tick"), ("x1", x), ("y1", SVGWriter.number(plotBottom)), ("x2", x),
          ("y2", SVGWriter.number(plotBottom + 4)),
        ])
      writer.element(
        "text",
        [
          ("class", "tick-time"), ("data-ts", String(instant)), ("x", x),
          ("y", SVGWriter.number(plotBottom + 16)), ("text-anchor", "middle"),
        ],
        text: HumanFormat.clock(instant, stepMicros: timeTicks.interval))
    }
  }

  /// Writes the two axis lines (drawn over the data) and the legend.
  func writeAxesAndLegend(into writer: inout SVGWriter) {
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
    guard !legend.isEmpty else { return }
    writer.open("g", [("class", "legend")])
    let legendTop = plotBottom + TimeChartFrame.timeLabelSpace
    for entry in legend {
      let top = legendTop + Double(entry.row) * TimeChartFrame.legendRowHeight
      var textX = entry.x
      if let colorClass = entry.colorClass {
        writer.element(
          "rect",
          [
            ("class", "swatch \(colorClass)"), ("x", SVGWriter.number(entry.x)),
            ("y", SVGWriter.number(top)), ("width", "10"), ("height", "10"), ("rx", "2"),
          ])
        textX += 14
      }
      writer.element(
        "text", [("x", SVGWriter.number(textX)), ("y", SVGWriter.number(top + 9))],
        text: entry.text)
    }
    writer.close()
  }

  /// The whole SVG for a chart without any value: the root element (range attributes kept
  /// when there are times) and a centred "No data in this range".
  static func emptySVG(
    kind: String, times: [Int64], stepMicros: Int64, width: Int, height: Int, title: String
  ) -> String {
    var attributes: [(String, String)] = []
    if !times.isEmpty {
      let (from, to) = range(times: times, step: max(stepMicros, 1))
      attributes = [("data-from", String(from)), ("data-to", String(to))]
    }
    return emptySVG(
      rootClass: "chart \(kind)", width: width, height: height, title: title,
      extra: attributes)
  }

  /// An empty-state SVG with root class `rootClass` and extra root attributes.
  static func emptySVG(
    rootClass: String, width: Int, height: Int, title: String, extra: [(String, String)]
  ) -> String {
    let width = Double(max(width, 80))
    let height = Double(max(height, 60))
    var writer = SVGWriter(capacity: 512)
    writer.open(
      "svg",
      [
        ("class", rootClass),
        ("viewBox", "0 0 \(SVGWriter.number(width)) \(SVGWriter.number(height))"),
        ("role", "img"), ("aria-label", title),
      ] + extra + [("data-empty", "true"), ("xmlns", "http://www.w3.org/2000/svg")])
    writer.element(
      "text",
      [
        ("class", "empty"), ("x", SVGWriter.number(width / 2)),
        ("y", SVGWriter.number(height / 2)), ("text-anchor", "middle"),
        ("dominant-baseline", "middle"),
      ],
      text: "No data in this range")
    return writer.finish()
  }

  /// Places legend items left to right, wrapping into at most `rowsAllowed` rows; items that
  /// do not fit are summarised as "+N more" at the end of the last row.
  static func layoutLegend(
    _ series: [ChartSeries], left: Double, right: Double, rowsAllowed: Int
  ) -> [LegendEntry] {
    guard rowsAllowed > 0 else { return [] }
    let gap = 14.0
    func textWidth(_ text: String) -> Double { Double(text.count) * characterWidth }
    var entries: [LegendEntry] = []
    var x = left
    var row = 0
    for item in series {
      let name =
        item.name.count > maxLegendCharacters
        ? String(item.name.prefix(maxLegendCharacters - 1)) + "…" : item.name
      let itemWidth = 14 + textWidth(name)
      if x + itemWidth > right && x > left {
        row += 1
        x = left
      }
      if row >= rowsAllowed { break }
      entries.append(LegendEntry(x: x, row: row, text: name, colorClass: item.colorClass))
      x += itemWidth + gap
    }
    var hidden = series.count - entries.count
    guard hidden > 0 else { return entries }
    // Make room for the note on the last row, dropping items from its end if needed.
    let noteRow = entries.last?.row ?? 0
    while true {
      let note = "+\(hidden) more"
      guard let last = entries.last, last.row == noteRow else {
        entries.append(LegendEntry(x: left, row: noteRow, text: note, colorClass: nil))
        return entries
      }
      let end = last.x + 14 + textWidth(last.text) + gap
      if end + textWidth(note) <= right {
        entries.append(LegendEntry(x: end, row: noteRow, text: note, colorClass: nil))
        return entries
      }
      entries.removeLast()
      hidden += 1
    }
  }
}
