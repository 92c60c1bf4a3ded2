import Foundation

/// A latency scatter plot of trace search results: one dot per trace at (start time,
/// duration), rendered as a self-contained SVG string.
///
/// The time axis spans the search range (or the points' own range) with the same round ticks
/// as the time-series charts; the duration axis is linear from zero or logarithmic (one tick
/// per power of ten), see ``ScatterScale``. Failed traces are drawn with class `point error`
/// on top of the others (`point ok`); a point with an `href` is a link and every point has a
/// `<title>` in words. At most ``maxPoints`` dots are drawn, chosen by ``ScatterSampler``
/// (errors and the slowest traces are kept), while the `data-chart` JSON states the true count:
/// `{"count":N,"drawn":D,"errors":E,"rejected":R,"scale":"log","unit":"ms","from":..,"to":..,
/// "points":[[timeMicros,ms,isError 0/1],...]}` (drawn points only). Points with a negative or
/// non-finite duration, or outside an explicit range, are rejected and counted.
///
/// The root element has class `chart scatter` and the `data-from`, `data-to` and
/// `data-plot-left`/`-right` attributes of the time charts, so drag-to-zoom narrows the search
/// range.
///
/// ```swift
/// let chart = ScatterChart(points: results, from: start, to: end, title: "Trace latency")
/// let markup = chart.svg()
/// ```
public struct ScatterChart: Sendable {
  /// The default cap on drawn points.
  public static let defaultMaxPoints = 5_000

  /// The traces, in any order.
  public var points: [ScatterPoint]
  /// Start of the time axis (µs); nil uses the earliest point.
  public var from: Int64?
  /// End of the time axis (µs, exclusive); nil uses just after the latest point.
  public var to: Int64?
  /// Spacing of the duration axis.
  public var scale: ScatterScale
  /// Most points drawn (see ``ScatterSampler``).
  public var maxPoints: Int
  /// Width of the viewBox.
  public var width: Int
  /// Height of the viewBox.
  public var height: Int
  /// Accessible name of the chart (`aria-label`).
  public var title: String

  /// Creates a scatter plot; nothing is computed until ``svg()``.
  ///
  /// - Parameters:
  ///   - points: The traces, in any order.
  ///   - from: Start of the time axis in µs (nil: the earliest point).
  ///   - to: End of the time axis in µs, exclusive (nil: the latest point); ignored unless
  ///     after `from`.
  ///   - scale: Spacing of the duration axis.
  ///   - maxPoints: Most points drawn.
  ///   - width: Width of the viewBox.
  ///   - height: Height of the viewBox.
  ///   - title: Accessible name of the chart.
  public init(
    points: [ScatterPoint], from: Int64? = nil, to: Int64? = nil,
    scale: ScatterScale = .automatic, maxPoints: Int = ScatterChart.defaultMaxPoints,
    width: Int = 720, height: Int = 240, title: String
  ) {
    self.points = points
    self.from = from
    self.to = to
    self.scale = scale
    self.maxPoints = maxPoints
    self.width = width
    self.height = height
    self.title = title
  }

  /// Renders the scatter plot as an `<svg>` element, or the "No data in this range" state
  /// when no point can be drawn.
  public func svg() -> String {
    let explicitRange: (from: Int64, to: Int64)? =
      if let from, let to, to > from { (from, to) } else { nil }
    let valid = points.enumerated()
      .filter { _, point in
        let duration = point.durationMilliseconds
        guard duration.isFinite && duration >= 0 else { return false }
        guard let explicitRange else { return true }
        return point.timeMicros >= explicitRange.from && point.timeMicros < explicitRange.to
      }
      .sorted { ($0.element.timeMicros, $0.offset) < ($1.element.timeMicros, $1.offset) }
      .map(\.element)
    guard !valid.isEmpty else {
      var extra = [("data-count", String(points.count))]
      if let explicitRange {
        extra += [("data-from", String(explicitRange.from)), ("data-to", String(explicitRange.to))]
      }
      return TimeChartFrame.emptySVG(
        rootClass: "chart scatter", width: width, height: height, title: title, extra: extra)
    }
    let drawn = ScatterSampler.sample(valid, cap: maxPoints).map { valid[$0] }
    let plot = ScatterPlot(
      chart: self, points: valid, range: explicitRange ?? ScatterChart.dataRange(valid))
    var writer = SVGWriter(capacity: 4_096 + drawn.count * 150)
    writer.open(
      "svg",
      [
        ("class", "chart scatter"),
        ("viewBox", "0 0 \(SVGWriter.number(plot.width)) \(SVGWriter.number(plot.height))"),
        ("role", "img"), ("aria-label", title),
        ("data-from", String(plot.from)), ("data-to", String(plot.to)),
        ("data-plot-left", SVGWriter.number(plot.plotLeft)),
        ("data-plot-right", SVGWriter.number(plot.plotRight)),
        ("data-plot-top", SVGWriter.number(plot.plotTop)),
        ("data-plot-bottom", SVGWriter.number(plot.plotBottom)),
        ("data-chart", json(valid: valid, drawn: drawn, plot: plot)),
        ("xmlns", "http://www.w3.org/2000/svg"),
      ])
    plot.writeGrid(into: &writer)
    writer.open("g", [("class", "points")])
    // Errors last, so that they are drawn on top.
    for point in drawn where !point.isError { plot.writePoint(point, into: &writer) }
    for point in drawn where point.isError { plot.writePoint(point, into: &writer) }
    writer.close()
    plot.writeAxes(into: &writer)
    return writer.finish()
  }

  /// The time range of `points` (sorted by time): first start to just after the last, at
  /// least one second wide (centred on the points).
  static func dataRange(_ points: [ScatterPoint]) -> (from: Int64, to: Int64) {
    let first = points[0].timeMicros
    let last = points[points.count - 1].timeMicros
    let (end, overflow) = last.addingReportingOverflow(1)
    let to = overflow ? Int64.max : end
    guard Double(to) - Double(first) < 1_000_000 else { return (first, to) }
    let middle = first / 2 + last / 2
    let (start, underflow) = middle.subtractingReportingOverflow(500_000)
    let (stop, overflowStop) = middle.addingReportingOverflow(500_000)
    return (underflow ? Int64.min : start, overflowStop ? Int64.max : stop)
  }

  /// The `data-chart` JSON.
  private func json(valid: [ScatterPoint], drawn: [ScatterPoint], plot: ScatterPlot) -> String {
    var out = "{\"count\":\(points.count),\"drawn\":\(drawn.count),"
    out += "\"errors\":\(valid.count { $0.isError }),\"rejected\":\(points.count - valid.count),"
    out += "\"scale\":\"\(plot.isLogarithmic ? "log" : "linear")\",\"unit\":\"ms\","
    out += "\"from\":\(plot.from),\"to\":\(plot.to),\"points\":["
    out.reserveCapacity(out.utf8.count + drawn.count * 32)
    for (index, point) in drawn.enumerated() {
      if index > 0 { out += "," }
      out += "[\(point.timeMicros),\(SVGWriter.jsonNumber(point.durationMilliseconds)),"
      out += point.isError ? "1]" : "0]"
    }
    return out + "]}"
  }
}
