import LookoutCore

/// The trace waterfall: one row per span, a bar per span on a shared time axis, rendered as an
/// HTML fragment whose bars are small inline SVGs.
///
/// A trace can hold 10,000 spans, so the chart is HTML rather than one SVG: labels are real
/// text (they truncate with an ellipsis, can be selected and are read in order), the header
/// with the time axis can stay in view while scrolling (`position: sticky`), and each row is a
/// block link (`<a class="wf-row" href>`) to the row's ``WaterfallRow/href``. Bars are placed
/// with percentages of the track width (`x="50%"` is half the trace), so nothing is scaled or
/// distorted and no script is needed to read the chart. Rows keep the given order; the label
/// is indented by depth, up to ``maxIndent`` levels (deeper rows are still drawn, at that
/// indent, with class `deep`).
///
/// The part of a critical span that is on the critical path (its time not covered by its
/// critical children, as Jaeger draws it) is a darker inner bar `rect.wf-critical`; the row has
/// class `critical` whatever that part's length. Faults, client errors and in-progress spans
/// add the row classes `fault`, `error` and `in-progress`. Colours come only from CSS classes
/// (`s0`...`s7` per service). The output is well-formed XML.
///
/// The root `<div class="waterfall">` carries `aria-label`, `data-total` (µs) and `data-chart`
/// JSON: `{"unit":"us","total":T,"count":N,"columns":["span","start","duration","self",
/// "depth","flags"],"rows":[["4bf9",0,1200,300,0,3],...]}`, where `flags` is the
/// ``WaterfallRow/Flags`` raw value (1 critical, 2 fault, 4 client error, 8 in progress).
///
/// ```swift
/// let chart = WaterfallChart(rows: rows, totalMicros: 48_000, title: "Trace 0af76519")
/// let html = chart.html()
/// ```
public struct WaterfallChart: Sendable {
  /// Indentation levels drawn; deeper rows stay at this indent.
  public static let maxIndent = 24

  /// The spans in display order.
  public var rows: [WaterfallRow]
  /// Length of the trace in microseconds; the time axis spans `[0, totalMicros]`.
  public var totalMicros: Int64
  /// Accessible name of the chart (`aria-label`).
  public var title: String

  /// Creates a waterfall; nothing is computed until ``html()``.
  ///
  /// - Parameters:
  ///   - rows: The spans in display order, each parent before its children.
  ///   - totalMicros: Length of the trace; when not positive, the latest span end is used.
  ///   - title: Accessible name of the chart.
  public init(rows: [WaterfallRow], totalMicros: Int64, title: String = "Trace timeline") {
    self.rows = rows
    self.totalMicros = totalMicros
    self.title = title
  }

  /// Renders the waterfall as a `<div class="waterfall">` fragment, or the "No spans in this
  /// trace" state when there are no rows.
  public func html() -> String {
    guard !rows.isEmpty else {
      var writer = SVGWriter(capacity: 256)
      writer.open(
        "div",
        [
          ("class", "waterfall"), ("role", "group"), ("aria-label", title),
          ("data-empty", "true"),
        ])
      writer.element("p", [("class", "empty")], text: "No spans in this trace")
      return writer.finish()
    }
    let total = axisLength()
    var writer = SVGWriter(capacity: 2_048 + rows.count * 520)
    writer.open(
      "div",
      [
        ("class", "waterfall"), ("role", "group"), ("aria-label", title),
        ("data-total", HumanFormat.fixed(total, decimals: 0)), ("data-chart", json(total: total)),
      ])
    writeHeader(total: total, into: &writer)
    let critical = WaterfallChart.criticalParts(rows, total: total)
    for (index, row) in rows.enumerated() {
      writeRow(row, criticalParts: critical[index], total: total, into: &writer)
    }
    return writer.finish()
  }

  /// The axis length in microseconds: ``totalMicros`` when positive, else the latest span end,
  /// else 1.
  func axisLength() -> Double {
    if totalMicros > 0 { return Double(totalMicros) }
    let latest = rows.map { Double(max($0.startMicros, 0)) + Double(max($0.durationMicros, 0)) }
      .max()
    return max(latest ?? 0, 1)
  }

  /// The label classes by indent, `wf-label d0` to `wf-label d24`, built once.
  private static let labelClasses = (0...maxIndent).map { "wf-label d\($0)" }

  /// The span's `[start, end]` in microseconds, clamped to `[0, total]`.
  static func interval(_ row: WaterfallRow, total: Double) -> (start: Double, end: Double) {
    let start = min(max(Double(row.startMicros), 0), total)
    let end = min(max(start + Double(max(row.durationMicros, 0)), start), total)
    return (start, end)
  }

  /// For each row, the intervals (µs) of its critical-path part: empty for rows not flagged
  /// critical, else the row's interval minus those of its critical children.
  ///
  /// A row's parent is the nearest earlier row with a smaller depth.
  static func criticalParts(_ rows: [WaterfallRow], total: Double) -> [[(Double, Double)]] {
    var childIntervals: [[(Double, Double)]] = Array(repeating: [], count: rows.count)
    var ancestors: [Int] = []
    for (index, row) in rows.enumerated() {
      while let last = ancestors.last, rows[last].depth >= row.depth { ancestors.removeLast() }
      if let parent = ancestors.last, row.flags.contains(.critical),
        rows[parent].flags.contains(.critical)
      {
        let child = interval(row, total: total)
        childIntervals[parent].append((child.start, child.end))
      }
      ancestors.append(index)
    }
    return rows.enumerated().map { index, row in
      guard row.flags.contains(.critical) else { return [] }
      let (start, end) = interval(row, total: total)
      var parts: [(Double, Double)] = []
      var cursor = start
      for (childStart, childEnd) in childIntervals[index].sorted(by: { $0 < $1 }) {
        if childStart > cursor { parts.append((cursor, min(childStart, end))) }
        cursor = max(cursor, childEnd)
        if cursor >= end { break }
      }
      if cursor < end { parts.append((cursor, end)) }
      // A critical leaf with zero duration still shows a mark.
      if parts.isEmpty && childIntervals[index].isEmpty { parts.append((start, end)) }
      return parts
    }
  }

  /// `value` (µs) as a percentage of the axis, for an SVG `x` or `width`.
  private static func percent(_ value: Double, total: Double) -> String {
    SVGWriter.number(value / total * 100) + "%"
  }

  /// Writes the header: the column title and the time axis, then one grid overlay for all rows.
  private func writeHeader(total: Double, into writer: inout SVGWriter) {
    let totalMs = total / 1_000
    let scale = ChartScale(max: totalMs, maxTicks: 6)
    let labels = ChartUnit.milliseconds.axisLabels(for: scale)
    let ticks = zip(scale.ticks, labels).filter { $0.0 <= totalMs * (1 + 1e-9) }
    writer.open("div", [("class", "wf-head")])
    writer.element("span", [("class", "wf-label")], text: "Service · operation")
    writer.open(
      "svg", [("class", "wf-axis"), ("width", "100%"), ("height", "22"), ("aria-hidden", "true")])
    for (tick, label) in ticks {
      let fraction = tick / totalMs
      let anchor = fraction < 0.05 ? "start" : fraction > 0.95 ? "end" : "middle"
      let x = SVGWriter.number(fraction * 100) + "%"
      writer.element(
        "line", [("class", "tick"), ("x1", x), ("y1", "17"), ("x2", x), ("y2", "22")])
      writer.element(
        "text", [("class", "tick"), ("x", x), ("y", "13"), ("text-anchor", anchor)], text: label)
    }
    writer.close()
    writer.close()
    writer.open("svg", [("class", "wf-grid"), ("aria-hidden", "true")])
    for (tick, _) in ticks where tick > 0 {
      let x = SVGWriter.number(tick / totalMs * 100) + "%"
      writer.element(
        "line", [("class", "grid"), ("x1", x), ("y1", "0"), ("x2", x), ("y2", "100%")])
    }
    writer.close()
  }

  /// Writes one row: a link (or a plain block without a safe href) with the label and track.
  private func writeRow(
    _ row: WaterfallRow, criticalParts: [(Double, Double)], total: Double,
    into writer: inout SVGWriter
  ) {
    var rowClass = "wf-row"
    for (flag, name) in WaterfallRow.Flags.classes where row.flags.contains(flag) {
      rowClass += " " + name
    }
    if row.depth > WaterfallChart.maxIndent { rowClass += " deep" }
    let (start, end) = WaterfallChart.interval(row, total: total)
    let duration = durationText(row)
    var attributes = [
      ("class", rowClass), ("data-span", row.spanID), ("title", tooltip(row, duration: duration)),
    ]
    let href = ChartLink.safe(row.href)
    if let href { attributes.insert(("href", href), at: 1) }
    writer.open(href == nil ? "div" : "a", attributes)

    let indent = min(max(row.depth, 0), WaterfallChart.maxIndent)
    let color = ChartSeries.colorClass(row.colorIndex)
    writer.open("span", [("class", WaterfallChart.labelClasses[indent])])
    // The service's palette class colours the dot the stylesheet draws before the name.
    writer.element("span", [("class", "wf-service \(color)")], text: row.service + " ")
    writer.element("span", [("class", "wf-name")], text: row.label)
    writer.close()

    // Size, text anchors and the gap between bar and duration come from the stylesheet, which
    // keeps 10,000 rows small.
    writer.open("svg", [("class", "wf-track")])
    // At least 0.2 % wide, so that instant spans stay visible.
    let width = max(end - start, total * 0.002)
    let x = min(start, total - width)
    writer.element(
      "rect",
      [
        ("class", "wf-bar \(color)"), ("x", WaterfallChart.percent(x, total: total)),
        ("y", "4"), ("width", WaterfallChart.percent(width, total: total)), ("height", "12"),
        ("rx", "2"),
      ])
    for (partStart, partEnd) in criticalParts {
      let partWidth = max(partEnd - partStart, total * 0.002)
      writer.element(
        "rect",
        [
          ("class", "wf-critical"),
          ("x", WaterfallChart.percent(min(partStart, total - partWidth), total: total)),
          ("y", "8"), ("width", WaterfallChart.percent(partWidth, total: total)),
          ("height", "4"),
        ])
    }
    writeDuration(duration, start: start / total, end: end / total, into: &writer)
    writer.close()
    writer.close()
  }

  /// Writes the duration next to the bar: right of it when there is room (class
  /// `wf-duration`), else left of it (`wf-duration before`), else inside it
  /// (`wf-duration inside`).
  private func writeDuration(
    _ text: String, start: Double, end: Double, into writer: inout SVGWriter
  ) {
    let placement: (x: Double, className: String) =
      end <= 0.8
      ? (end, "wf-duration")
      : start >= 0.2 ? (start, "wf-duration before") : (start, "wf-duration inside")
    writer.element(
      "text",
      [
        ("class", placement.className), ("x", SVGWriter.number(placement.x * 100) + "%"),
        ("y", "14"),
      ],
      text: text)
  }

  /// The duration label: `12 ms`, or `12 ms (in progress)`.
  private func durationText(_ row: WaterfallRow) -> String {
    let text = HumanFormat.milliseconds(Double(row.durationMicros) / 1_000)
    return row.flags.contains(.inProgress) ? text + " (in progress)" : text
  }

  /// The row's `title`: service, operation, timing (`duration` is the row's duration label)
  /// and flags in words.
  private func tooltip(_ row: WaterfallRow, duration: String) -> String {
    var text = "\(row.service) · \(row.label): \(duration) at +"
    text += HumanFormat.milliseconds(Double(row.startMicros) / 1_000)
    text += ", self " + HumanFormat.milliseconds(Double(row.selfMicros) / 1_000)
    if row.flags.contains(.critical) { text += " · critical path" }
    if row.flags.contains(.fault) { text += " · fault" }
    if row.flags.contains(.clientError) { text += " · client error" }
    if row.depth > WaterfallChart.maxIndent { text += " · depth \(row.depth)" }
    return text
  }

  /// The `data-chart` JSON: one compact array per row, columns named once.
  private func json(total: Double) -> String {
    var out = "{\"unit\":\"us\",\"total\":\(HumanFormat.fixed(total, decimals: 0)),"
    out += "\"count\":\(rows.count),"
    out += "\"columns\":[\"span\",\"start\",\"duration\",\"self\",\"depth\",\"flags\"],\"rows\":["
    out.reserveCapacity(out.utf8.count + rows.count * 48)
    for (index, row) in rows.enumerated() {
      if index > 0 { out += "," }
      out += "[" + JSONText.quoted(row.spanID) + ",\(row.startMicros),\(row.durationMicros),"
      out += "\(row.selfMicros),\(row.depth),\(row.flags.rawValue)]"
    }
    return out + "]}"
  }
}
