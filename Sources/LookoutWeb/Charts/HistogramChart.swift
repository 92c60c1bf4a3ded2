import LookoutCore

/// A histogram of bucketed observations (typically latencies) with optional percentile
/// markers, rendered as a self-contained SVG string.
///
/// Buckets get equal widths whatever their bounds, because latency buckets usually grow
/// exponentially; the bucket bounds label the horizontal axis (thinned out when crowded). A
/// marker is placed by interpolating its value linearly inside the bucket that holds it, so
/// larger values always sit further right. The vertical axis counts observations. The root
/// element has class `chart histogram` and `data-chart` JSON
/// `{"buckets":[{"lower":..,"upper":..,"count":..}],"unit":"ms","markers":[...]}`. Colours
/// come only from CSS classes (`bar s0`, `axis`, `grid`, `tick`, `marker` on the dashed lines,
/// `marker-label` on their labels).
///
/// ```swift
/// let chart = HistogramChart(
///   buckets: HistogramBucket.contiguous([(upper: 10, count: 4), (upper: 50, count: 9)]),
///   title: "Latency distribution",
///   markers: [ChartMarker(label: "p95", value: 42)])
/// ```
public struct HistogramChart: Sendable {
  /// The buckets; drawn sorted by lower bound.
  public var buckets: [HistogramBucket]
  /// Unit of the bucket bounds and marker values.
  public var unit: ChartUnit
  /// Width of the viewBox.
  public var width: Int
  /// Height of the viewBox.
  public var height: Int
  /// Accessible name of the chart (`aria-label`).
  public var title: String
  /// Reference values drawn as dashed vertical lines (non-finite values are skipped).
  public var markers: [ChartMarker]

  /// Creates a histogram; nothing is computed until ``svg()``.
  ///
  /// - Parameters:
  ///   - buckets: The buckets, ideally adjacent and ascending.
  ///   - unit: Unit of the bucket bounds and marker values.
  ///   - width: Width of the viewBox.
  ///   - height: Height of the viewBox.
  ///   - title: Accessible name of the chart.
  ///   - markers: Reference values such as p50, p95 and p99.
  public init(
    buckets: [HistogramBucket], unit: ChartUnit = .milliseconds, width: Int = 720,
    height: Int = 220, title: String, markers: [ChartMarker] = []
  ) {
    self.buckets = buckets
    self.unit = unit
    self.width = width
    self.height = height
    self.title = title
    self.markers = markers
  }

  /// Renders the histogram as an `<svg>` element, or the "No data in this range" state when
  /// there are no buckets or no observations.
  public func svg() -> String {
    let buckets = self.buckets.enumerated()
      .sorted { ($0.element.lower, $0.offset) < ($1.element.lower, $1.offset) }
      .map(\.element)
    let maximum = buckets.map { Swift.max($0.count, 0) }.max() ?? 0
    guard maximum > 0 else {
      return TimeChartFrame.emptySVG(
        rootClass: "chart histogram", width: width, height: height, title: title, extra: [])
    }
    let layout = Layout(chart: self, buckets: buckets, maximum: maximum)
    var writer = SVGWriter(capacity: 2_048 + buckets.count * 120)
    writer.open(
      "svg",
      [
        ("class", "chart histogram"),
        ("viewBox", "0 0 \(SVGWriter.number(layout.width)) \(SVGWriter.number(layout.height))"),
        ("role", "img"), ("aria-label", title),
        ("data-plot-left", SVGWriter.number(layout.plotLeft)),
        ("data-plot-right", SVGWriter.number(layout.plotRight)),
        ("data-chart", json(buckets)),
        ("xmlns", "http://www.w3.org/2000/svg"),
      ])
    layout.writeValueAxis(into: &writer)
    layout.writeBars(buckets, into: &writer)
    layout.writeBoundLabels(buckets, unit: unit, into: &writer)
    layout.writeAxes(into: &writer)
    layout.writeMarkers(markers, buckets: buckets, unit: unit, into: &writer)
    return writer.finish()
  }

  /// The tooltip JSON: buckets (non-finite bounds as `null`), unit and markers.
  private func json(_ buckets: [HistogramBucket]) -> String {
    let bucketItems = buckets.map {
      "{\"lower\":\(SVGWriter.jsonNumber($0.lower)),\"upper\":\(SVGWriter.jsonNumber($0.upper)),"
        + "\"count\":\($0.count)}"
    }
    let markerItems = markers.map {
      "{\"label\":\(JSONText.quoted($0.label)),\"value\":\(SVGWriter.jsonNumber($0.value))}"
    }
    return "{\"buckets\":[\(bucketItems.joined(separator: ","))],\"unit\":\"\(unit.jsonName)\","
      + "\"markers\":[\(markerItems.joined(separator: ","))]}"
  }

  /// Geometry of one rendering.
  private struct Layout {
    /// Width of the viewBox.
    let width: Double
    /// Height of the viewBox.
    let height: Double
    /// Count axis.
    let scale: ChartScale
    /// Count axis labels, one per tick.
    let labels: [String]
    /// Plot area left edge.
    let plotLeft: Double
    /// Plot area right edge.
    let plotRight: Double
    /// Plot area top edge (room for marker labels above it).
    let plotTop: Double
    /// Plot area bottom edge (the zero line).
    let plotBottom: Double
    /// Width of one bucket.
    let bucketWidth: Double

    /// Lays out `buckets` (sorted) with a count axis reaching `maximum`.
    init(chart: HistogramChart, buckets: [HistogramBucket], maximum: Int) {
      width = Double(Swift.max(chart.width, 80))
      height = Double(Swift.max(chart.height, 60))
      scale = ChartScale(max: Double(maximum), minimumStep: 1)
      labels = ChartUnit.count.axisLabels(for: scale)
      let longest = Double(labels.map(\.count).max() ?? 1)
      plotLeft = Swift.max(32, longest * TimeChartFrame.characterWidth + 10)
      plotRight = Swift.max(plotLeft + 10, width - TimeChartFrame.rightMargin)
      plotTop = chart.markers.isEmpty ? TimeChartFrame.topMargin : 32
      plotBottom = Swift.max(plotTop + 10, height - TimeChartFrame.timeLabelSpace)
      bucketWidth = (plotRight - plotLeft) / Double(buckets.count)
    }

    /// The vertical position of a count.
    func y(_ count: Double) -> Double {
      plotBottom - scale.fraction(count) * (plotBottom - plotTop)
    }

    /// The horizontal position of `value` on the bucket axis.
    ///
    /// Interpolates inside the first bucket whose upper bound exceeds `value` (the middle of an
    /// unbounded bucket); values below the first bucket sit on the left edge, values above the
    /// last on the right edge.
    func x(_ value: Double, buckets: [HistogramBucket]) -> Double {
      guard let index = buckets.firstIndex(where: { value < $0.upper }) else { return plotRight }
      let bucket = buckets[index]
      let fraction: Double
      if bucket.upper.isFinite && bucket.lower.isFinite && bucket.upper > bucket.lower {
        fraction = Swift.min(
          Swift.max((value - bucket.lower) / (bucket.upper - bucket.lower), 0), 1)
      } else {
        fraction = value < bucket.lower ? 0 : 0.5
      }
      return plotLeft + (Double(index) + fraction) * bucketWidth
    }

    /// Writes the horizontal gridlines and count labels.
    func writeValueAxis(into writer: inout SVGWriter) {
      for (tick, label) in zip(scale.ticks, labels) {
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
    }

    /// Writes one bar per bucket with a positive count.
    func writeBars(_ buckets: [HistogramBucket], into writer: inout SVGWriter) {
      let gap = Swift.min(2, bucketWidth * 0.1)
      let barWidth = SVGWriter.number(Swift.max(bucketWidth - 2 * gap, 0.5))
      for (index, bucket) in buckets.enumerated() where bucket.count > 0 {
        let top = y(Double(bucket.count))
        writer.element(
          "rect",
          [
            ("class", "bar s0"),
            ("x", SVGWriter.number(plotLeft + Double(index) * bucketWidth + gap)),
            ("y", SVGWriter.number(top)), ("width", barWidth),
            ("height", SVGWriter.number(plotBottom - top)), ("data-bucket", String(index)),
          ])
      }
    }

    /// Writes the bucket bounds under the axis, skipping some when they would overlap.
    func writeBoundLabels(
      _ buckets: [HistogramBucket], unit: ChartUnit, into writer: inout SVGWriter
    ) {
      let bounds = buckets.map(\.lower) + [buckets[buckets.count - 1].upper]
      let texts = bounds.map { unit.format($0) }
      let widest = Double(texts.map(\.count).max() ?? 1) * TimeChartFrame.characterWidth + 8
      let every = Swift.max(1, Int((widest / bucketWidth).rounded(.up)))
      for (index, text) in texts.enumerated() where index % every == 0 {
        let x = SVGWriter.number(plotLeft + Double(index) * bucketWidth)
        writer.element(
          "line",
          [
            ("class", "tick"), ("x1", x), ("y1", SVGWriter.number(plotBottom)), ("x2", x),
            ("y2", SVGWriter.number(plotBottom + 4)),
          ])
        writer.element(
          "text",
          [
            ("class", "tick"), ("x", x), ("y", SVGWriter.number(plotBottom + 16)),
            ("text-anchor", "middle"),
          ],
          text: text)
      }
    }

    /// Writes the two axis lines.
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

    /// Writes each marker as a dashed line with its label above the plot; labels closer than
    /// a label's width to an earlier one move up a row (two rows at most).
    func writeMarkers(
      _ markers: [ChartMarker], buckets: [HistogramBucket], unit: ChartUnit,
      into writer: inout SVGWriter
    ) {
      var placed: [(x: Double, row: Int, halfWidth: Double)] = []
      for marker in markers where marker.value.isFinite {
        let x = self.x(marker.value, buckets: buckets)
        let halfWidth = Double(marker.label.count) * TimeChartFrame.characterWidth / 2 + 3
        var row = 0
        while row < 1
          && placed.contains(where: {
            $0.row == row && abs($0.x - x) < $0.halfWidth + halfWidth
          })
        {
          row += 1
        }
        placed.append((x, row, halfWidth))
        let xText = SVGWriter.number(x)
        // The group has no class: stroke is inherited, and a `.marker` stroke would outline the
        // label text.
        writer.open("g", [("data-value", SVGWriter.jsonNumber(marker.value))])
        writer.element("title", text: "\(marker.label): \(unit.format(marker.value))")
        writer.element(
          "line",
          [
            ("class", "marker"), ("x1", xText), ("y1", SVGWriter.number(plotTop)),
            ("x2", xText), ("y2", SVGWriter.number(plotBottom)), ("stroke-dasharray", "4 3"),
          ])
        writer.element(
          "text",
          [
            ("class", "marker-label"), ("x", xText),
            ("y", SVGWriter.number(plotTop - 6 - Double(row) * 12)), ("text-anchor", "middle"),
          ],
          text: marker.label)
        writer.close()
      }
    }
  }
}
