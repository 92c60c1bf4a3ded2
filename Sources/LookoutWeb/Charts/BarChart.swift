/// Horizontal bars, one per labelled value (a query result's rows), rendered as a
/// self-contained SVG string.
///
/// Bars are drawn in the given order from the top, sized from zero to the largest value
/// (negative and non-finite values draw no bar); the label is written left of its bar and
/// the formatted value right of it. The root element has class `chart bars`; colours come
/// only from CSS classes (`bar s0`, `tick`, `bar-label`, `bar-value`).
///
/// ```swift
/// let chart = BarChart(
///   bars: [.init(label: "GET /api/users", value: 120), .init(label: "POST /orders", value: 40)],
///   unit: .count, title: "Requests per route")
/// let markup = chart.svg()
/// ```
public struct BarChart: Sendable {
  /// One bar: its label and value.
  public struct Bar: Sendable, Equatable {
    /// The text left of the bar (escaped when rendered).
    public var label: String
    /// The bar's length, in ``BarChart/unit``.
    public var value: Double

    /// Creates a bar.
    public init(label: String, value: Double) {
      self.label = label
      self.value = value
    }
  }

  /// The bars, drawn top to bottom.
  public var bars: [Bar]
  /// Unit of the values.
  public var unit: ChartUnit
  /// Width of the viewBox.
  public var width: Int
  /// Height of one bar's row in viewBox units.
  public var rowHeight: Int
  /// Accessible name of the chart (`aria-label`).
  public var title: String
  /// Bars beyond this many are left out (the table has them).
  public static let maxBars = 25
  /// Labels longer than this are shortened with an ellipsis.
  static let maxLabelCharacters = 48

  /// Creates a chart; nothing is computed until ``svg()``.
  public init(
    bars: [Bar], unit: ChartUnit = .count, width: Int = 720, rowHeight: Int = 20, title: String
  ) {
    self.bars = bars
    self.unit = unit
    self.width = width
    self.rowHeight = rowHeight
    self.title = title
  }

  /// Renders the chart as an `<svg>` element, or the "No data in this range" state when
  /// there is no bar.
  public func svg() -> String {
    let shown = Array(bars.prefix(Self.maxBars))
    let rowHeight = Double(Swift.max(self.rowHeight, 8))
    let width = Double(Swift.max(self.width, 120))
    guard !shown.isEmpty else {
      return TimeChartFrame.emptySVG(
        rootClass: "chart bars", width: self.width, height: 80, title: title, extra: [])
    }
    let labels = shown.map { bar in
      bar.label.count > Self.maxLabelCharacters
        ? String(bar.label.prefix(Self.maxLabelCharacters - 1)) + "…" : bar.label
    }
    let values = shown.map { $0.value.isFinite ? Swift.max(0, $0.value) : 0 }
    let texts = shown.map { $0.value.isFinite ? unit.format($0.value) : "–" }
    let characterWidth = TimeChartFrame.characterWidth
    let labelWidth = Swift.min(
      width * 0.45, Double(labels.map(\.count).max() ?? 1) * characterWidth + 8)
    let valueWidth = Double(texts.map(\.count).max() ?? 1) * characterWidth + 8
    let plotLeft = labelWidth
    let plotRight = Swift.max(plotLeft + 10, width - valueWidth)
    let maximum = values.max() ?? 0
    let height = rowHeight * Double(shown.count) + 4
    var writer = SVGWriter(capacity: 512 + shown.count * 240)
    writer.open(
      "svg",
      [
        ("class", "chart bars"),
        ("viewBox", "0 0 \(SVGWriter.number(width)) \(SVGWriter.number(height))"),
        ("role", "img"), ("aria-label", title), ("xmlns", "http://www.w3.org/2000/svg"),
      ])
    for (index, value) in values.enumerated() {
      let top = 2 + Double(index) * rowHeight
      let length = maximum > 0 ? value / maximum * (plotRight - plotLeft) : 0
      writer.element(
        "text",
        [
          ("class", "bar-label"), ("x", SVGWriter.number(plotLeft - 6)),
          ("y", SVGWriter.number(top + rowHeight / 2 + 4)), ("text-anchor", "end"),
        ], text: labels[index])
      writer.open("rect", barAttributes(index, top, length, plotLeft, rowHeight))
      writer.element("title", text: "\(shown[index].label): \(texts[index])")
      writer.close()
      writer.element(
        "text",
        [
          ("class", "bar-value"), ("x", SVGWriter.number(plotLeft + length + 4)),
          ("y", SVGWriter.number(top + rowHeight / 2 + 4)),
        ], text: texts[index])
    }
    return writer.finish()
  }

  private func barAttributes(
    _ index: Int, _ top: Double, _ length: Double, _ left: Double, _ rowHeight: Double
  ) -> [(String, String)] {
    [
      ("class", "bar s0"), ("x", SVGWriter.number(left)),
      ("y", SVGWriter.number(top + rowHeight * 0.15)),
      ("width", SVGWriter.number(Swift.max(length, 0))),
      ("height", SVGWriter.number(rowHeight * 0.7)), ("data-bar", String(index)),
    ]
  }
}
