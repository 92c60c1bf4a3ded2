import Foundation
import Testing

@testable import LookoutWeb

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Parses SVG markup with `XMLParser`, recording every element with its attributes and text.
private final class SVGDocument: NSObject, XMLParserDelegate {
  /// One parsed element.
  struct Element {
    /// Element name, e.g. `path`.
    var name: String
    /// Attributes, already XML-unescaped by the parser.
    var attributes: [String: String]
    /// Concatenated character data directly inside the element.
    var text: String
    /// The element's `class` attribute split into tokens.
    var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }
    /// A numeric attribute, or nil.
    func number(_ key: String) -> Double? { attributes[key].flatMap(Double.init) }
  }

  /// Elements in document order.
  private(set) var elements: [Element] = []
  /// The parse error, if the markup is not well-formed XML.
  private(set) var parseError: Error?
  /// Indexes into `elements` of the currently open elements.
  private var stack: [Int] = []

  /// Parses `svg`; check ``parseError`` for well-formedness.
  init(_ svg: String) {
    super.init()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = self
    if !parser.parse() && parseError == nil {
      parseError = parser.parserError ?? CocoaError(.fileReadCorruptFile)
    }
  }

  /// The root element.
  var root: Element? { elements.first }

  /// Elements named `name` that carry the class token `token` (any class when nil).
  func all(_ name: String, class token: String? = nil) -> [Element] {
    elements.filter { $0.name == name && (token == nil || $0.classes.contains(token!)) }
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    stack.append(elements.count)
    elements.append(Element(name: elementName, attributes: attributeDict, text: ""))
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    stack.removeLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if let index = stack.last { elements[index].text += string }
  }

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
    self.parseError = parseError
  }
}

/// Reverses ``HumanFormat/escapeHTML(_:)``.
private func unescapeHTML(_ text: String) -> String {
  text.replacingOccurrences(of: "&quot;", with: "\"")
    .replacingOccurrences(of: "&#39;", with: "'")
    .replacingOccurrences(of: "&lt;", with: "<")
    .replacingOccurrences(of: "&gt;", with: ">")
    .replacingOccurrences(of: "&amp;", with: "&")
}

/// The raw (still escaped) value of attribute `name` on the first element that has it.
private func rawAttribute(_ name: String, in svg: String) -> String? {
  guard let start = svg.range(of: " \(name)=\"") else { return nil }
  guard let end = svg[start.upperBound...].firstIndex(of: "\"") else { return nil }
  return String(svg[start.upperBound..<end])
}

/// Decodes the `data-chart` JSON of a chart.
private func chartJSON(_ svg: String) throws -> [String: Any] {
  let raw = try #require(rawAttribute("data-chart", in: svg))
  let object = try JSONSerialization.jsonObject(with: Data(unescapeHTML(raw).utf8))
  return try #require(object as? [String: Any])
}

/// Occurrences of `needle` in `haystack`.
private func occurrences(of needle: String, in haystack: String) -> Int {
  haystack.components(separatedBy: needle).count - 1
}

/// 2024-06-05T09:00:00Z in microseconds.
private let nineAM: Int64 = 1_717_578_000_000_000
/// One minute in microseconds.
private let minute: Int64 = 60_000_000

/// One hour of one-minute steps starting at 09:00 UTC.
private let hourOfMinutes: [Int64] = (0..<60).map { nineAM + Int64($0) * minute }

@Suite("SVG charts")
struct ChartTests {
  func latencyChart(
    series: [ChartSeries], times: [Int64] = hourOfMinutes, title: String = "Latency"
  ) -> TimeSeriesChart {
    TimeSeriesChart(
      times: times, stepMicros: minute, series: series, unit: .milliseconds, title: title)
  }

  func wave(_ count: Int = 60, scale: Double = 100) -> [Double?] {
    (0..<count).map { scale + scale / 2 * sin(Double($0) / 5) }
  }

  // MARK: Time series

  @Test("a time series chart is well-formed XML with the documented root attributes")
  func timeSeriesRoot() throws {
    let svg = latencyChart(series: [ChartSeries(name: "p95", values: wave())]).svg()
    let document = SVGDocument(svg)
    #expect(document.parseError == nil)
    let root = try #require(document.root)
    #expect(root.name == "svg")
    #expect(root.attributes["class"] == "chart timeseries")
    #expect(root.attributes["viewBox"] == "0 0 720 220")
    #expect(root.attributes["role"] == "img")
    #expect(root.attributes["aria-label"] == "Latency")
    #expect(root.attributes["data-from"] == String(nineAM))
    #expect(root.attributes["data-to"] == String(nineAM + 60 * minute))
    let left = try #require(root.number("data-plot-left"))
    let right = try #require(root.number("data-plot-right"))
    #expect(0 < left && left < right && right < 720)
  }

  @Test("one line path per series, coloured by palette class only", arguments: [1, 2, 3, 9])
  func onePathPerSeries(count: Int) throws {
    var series = (0..<count).map {
      ChartSeries(name: "s\($0)", values: wave(scale: Double($0 + 1)), colorIndex: $0 + 3)
    }
    series[0].values = Array(repeating: nil, count: 60)  // an empty series still gets a path
    if count == 1 { series[0].values[3] = 1 }
    let svg = latencyChart(series: series).svg()
    #expect(occurrences(of: "<path class=\"line", in: svg) == count)
    let paths = SVGDocument(svg).all("path", class: "line")
    #expect(paths.map(\.classes) == series.map { ["line", "s\(($0.colorIndex) % 8)"] })
    for forbidden in ["fill=\"#", "stroke=\"#", "style=", "rgb("] {
      #expect(!svg.contains(forbidden))
    }
  }

  @Test("series names and titles are escaped everywhere")
  func escaping() throws {
    let name = "<script>alert(1)</script>"
    let title = "Latency \"p95\" & <friends>"
    for svg in [
      latencyChart(series: [ChartSeries(name: name, values: wave())], title: title).svg(),
      StackedBarChart(
        times: hourOfMinutes, stepMicros: minute, series: [ChartSeries(name: name, values: wave())],
        unit: .count, title: title
      ).svg(),
    ] {
      #expect(!svg.contains("<script"))
      #expect(!svg.contains("<friends"))
      #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
      let document = SVGDocument(svg)
      #expect(document.parseError == nil)
      #expect(document.root?.attributes["aria-label"] == title)
      #expect(document.all("text").contains { $0.text == name })
    }
  }

  @Test("control characters in names do not break XML or JSON")
  func controlCharacters() throws {
    let name = "bad\u{1}name\u{0}\"\\\n"
    let svg = latencyChart(series: [ChartSeries(name: name, values: wave())]).svg()
    #expect(SVGDocument(svg).parseError == nil)
    let series = try #require(try chartJSON(svg)["series"] as? [[String: Any]])
    #expect(series.first?["name"] as? String == name)
  }

  @Test("data-chart JSON decodes and round-trips times, unit, names and values")
  func jsonRoundTrip() throws {
    let times = Array(hourOfMinutes.prefix(6))
    let values: [Double?] = [1.5, nil, 0, 2.25, 1_234_567, 0.000_42]
    let svg = latencyChart(
      series: [
        ChartSeries(name: "a \"quoted\" <name>", values: values),
        ChartSeries(name: "b", values: [3, 4], colorIndex: 9),
      ], times: times
    ).svg()
    let json = try chartJSON(svg)
    #expect(json["times"] as? [Int64] == times)
    #expect(json["unit"] as? String == "ms")
    let series = try #require(json["series"] as? [[String: Any]])
    #expect(series.map { $0["name"] as? String } == ["a \"quoted\" <name>", "b"])
    func decoded(_ item: [String: Any]) -> [Double?] {
      (item["values"] as? [Any] ?? []).map { ($0 as? NSNumber)?.doubleValue }
    }
    #expect(decoded(series[0]) == values)
    #expect(decoded(series[1]) == [3, 4, nil, nil, nil, nil])
    #expect(series[1]["color"] as? Int == 1)
    // The XML parser's view of the attribute is the same document.
    let parsed = try #require(SVGDocument(svg).root?.attributes["data-chart"])
    #expect(parsed == unescapeHTML(try #require(rawAttribute("data-chart", in: svg))))
    #expect(!parsed.contains("e+") && !parsed.contains("e-"))
  }

  @Test(
    "no data renders the empty state",
    arguments: [
      [ChartSeries](),
      [ChartSeries(name: "a", values: Array(repeating: nil, count: 60))],
      [ChartSeries(name: "a", values: [.nan, .infinity])],
      [ChartSeries(name: "a", values: [])],
    ])
  func emptyState(series: [ChartSeries]) throws {
    for svg in [
      latencyChart(series: series).svg(),
      StackedBarChart(
        times: hourOfMinutes, stepMicros: minute, series: series, unit: .count, title: "t"
      ).svg(),
    ] {
      let document = SVGDocument(svg)
      #expect(document.parseError == nil)
      let empty = document.all("text", class: "empty")
      #expect(empty.count == 1)
      #expect(empty.first?.text == "No data in this range")
      #expect(!svg.contains("<path") && !svg.contains("<rect"))
      #expect(document.root?.attributes["data-from"] == String(nineAM))
      #expect(document.root?.attributes["data-to"] == String(nineAM + 60 * minute))
    }
    let noTimes = latencyChart(series: [ChartSeries(name: "a", values: [1])], times: []).svg()
    #expect(noTimes.contains("<text class=\"empty\""))
    #expect(SVGDocument(noTimes).parseError == nil)
  }

  @Test("a gap breaks the line: one more M per gap")
  func gaps() throws {
    func moves(_ values: [Double?]) throws -> Int {
      let svg = latencyChart(series: [ChartSeries(name: "a", values: values)]).svg()
      let path = try #require(SVGDocument(svg).all("path", class: "line").first)
      return occurrences(of: "M", in: path.attributes["d"] ?? "")
    }
    #expect(try moves([1, 2, 3, 4, 5]) == 1)
    #expect(try moves([1, 2, nil, 3, 4]) == 2)
    #expect(try moves([1, 2, nil, nil, 3, 4, nil, 5, 6]) == 3)
    #expect(try moves([nil, 1, 2]) == 1)
    #expect(try moves([1, nil, 2, nil, 3]) == 3)  // isolated points are still drawn
  }

  @Test("points sit at step centres and higher values are drawn higher")
  func pointGeometry() throws {
    let svg = latencyChart(
      series: [ChartSeries(name: "a", values: [10, 20, 40])], times: Array(hourOfMinutes.prefix(3))
    ).svg()
    let document = SVGDocument(svg)
    let root = try #require(document.root)
    let left = try #require(root.number("data-plot-left"))
    let right = try #require(root.number("data-plot-right"))
    let d = try #require(document.all("path", class: "line").first?.attributes["d"])
    let points = d.split(whereSeparator: { $0 == "M" || $0 == "L" }).map {
      $0.split(separator: " ").compactMap { Double($0) }
    }
    #expect(points.count == 3)
    let stepWidth = (right - left) / 3
    for (index, point) in points.enumerated() {
      #expect(abs(point[0] - (left + stepWidth * (Double(index) + 0.5))) < 0.01)
    }
    #expect(points[0][1] > points[1][1] && points[1][1] > points[2][1])
  }

  @Test("value ticks are nice, start at zero and cover the maximum; time ticks are labelled")
  func axisTicks() throws {
    let svg = latencyChart(series: [ChartSeries(name: "a", values: wave(scale: 87))]).svg()
    let document = SVGDocument(svg)
    let labels = document.all("text", class: "tick").map(\.text)
    #expect((4...5).contains(labels.count))
    #expect(labels.first == "0 ms")
    #expect(labels == ["0 ms", "50 ms", "100 ms", "150 ms"])
    let times = document.all("text", class: "tick-time")
    #expect((5...7).contains(times.count))
    for label in times {
      let ts = try #require(label.attributes["data-ts"].flatMap { Int64($0) })
      #expect(ts >= nineAM && ts < nineAM + 60 * minute)
      #expect(label.text == HumanFormat.clock(ts, stepMicros: 10 * minute))
    }
    #expect(times.first?.text == "09:00")
  }

  @Test("a long legend ends with a +N more note and stays inside the chart")
  func legendOverflow() throws {
    let series = (0..<40).map {
      ChartSeries(name: "route /api/v1/items/\($0)/details", values: wave(), colorIndex: $0)
    }
    let svg = latencyChart(series: series).svg()
    let document = SVGDocument(svg)
    #expect(document.parseError == nil)
    let legendTexts = document.all("text").filter { $0.text.hasSuffix("more") }
    #expect(legendTexts.count == 1)
    for text in document.all("text") {
      let y = try #require(text.number("y"))
      #expect(y <= 220)
    }
  }

  // MARK: Stacked bars

  @Test("stacked bars: each step's total height is proportional to the step's sum")
  func stackedHeights() throws {
    let a: [Double?] = (0..<60).map { Double($0 % 7) }
    let b: [Double?] = (0..<60).map { $0 % 5 == 0 ? nil : Double($0 % 11) * 2.5 }
    let c: [Double?] = (0..<60).map { $0 % 13 == 0 ? -3 : 1 }
    let chart = StackedBarChart(
      times: hourOfMinutes, stepMicros: minute,
      series: [
        ChartSeries(name: "2xx", values: a), ChartSeries(name: "4xx", values: b, colorIndex: 1),
        ChartSeries(name: "5xx", values: c, colorIndex: 2),
      ], unit: .count, title: "Requests")
    let svg = chart.svg()
    let document = SVGDocument(svg)
    #expect(document.parseError == nil)
    #expect(document.root?.attributes["class"] == "chart stacked")
    #expect(document.root?.attributes["data-to"] == String(nineAM + 60 * minute))
    var heights: [Double: Double] = [:]
    for rect in document.all("rect", class: "bar") {
      let x = try #require(rect.number("x"))
      heights[x, default: 0] += try #require(rect.number("height"))
    }
    let sums = (0..<60).map { (a[$0] ?? 0) + (b[$0] ?? 0) + max(0, c[$0] ?? 0) }
    let xs = heights.keys.sorted()
    #expect(xs.count == sums.filter { $0 > 0 }.count)
    let nonZeroSums = sums.filter { $0 > 0 }
    let ratio = heights[xs[0]]! / nonZeroSums[0]
    for (x, sum) in zip(xs, nonZeroSums) {
      #expect(abs(heights[x]! - sum * ratio) < 0.02, "step at x=\(x)")
    }
    // Pieces of one bar touch: each rect starts where the one below ends.
    let firstBar = document.all("rect", class: "bar").filter { $0.number("x") == xs[1] }
    for (below, above) in zip(firstBar, firstBar.dropFirst()) {
      let top = try #require(below.number("y"))
      let bottom = try #require(above.number("y")) + (above.number("height") ?? 0)
      #expect(abs(top - bottom) < 0.001)
    }
    let json = try chartJSON(svg)
    #expect((json["series"] as? [[String: Any]])?.count == 3)
  }

  // MARK: Sparkline

  @Test("sparkline root element and gaps")
  func sparkline() throws {
    let svg = Sparkline(values: [1, 3, nil, 2, 5], colorIndex: 10).svg()
    #expect(svg.hasPrefix("<svg class=\"sparkline\" viewBox=\"0 0 120 28\""))
    let document = SVGDocument(svg)
    #expect(document.parseError == nil)
    #expect(document.root?.attributes["preserveAspectRatio"] == "none")
    #expect(document.root?.attributes["aria-hidden"] == "true")
    let path = try #require(document.all("path").first)
    #expect(path.classes == ["line", "s2"])
    #expect(occurrences(of: "M", in: path.attributes["d"] ?? "") == 2)
  }

  @Test(
    "sparkline degenerate inputs",
    arguments: [
      ([Double?](), "M0 27H120"), ([nil, nil], "M0 27H120"), ([0, 0, 0], "M0 27H120"),
      ([42], "M0 14H120"), ([nil, 7, nil], "M0 14H120"),
    ])
  func sparklineFlat(values: [Double?], expected: String) throws {
    let document = SVGDocument(Sparkline(values: values).svg())
    #expect(document.all("path").first?.attributes["d"] == expected)
  }

  // MARK: Histogram

  let latencyBuckets = HistogramBucket.contiguous([
    (upper: 1, count: 3), (upper: 2.5, count: 10), (upper: 5, count: 40), (upper: 10, count: 25),
    (upper: 25, count: 12), (upper: 50, count: 4), (upper: 100, count: 0),
    (upper: .infinity, count: 1),
  ])

  @Test("histogram markers are placed left to right for increasing values")
  func histogramMarkers() throws {
    let markers = [
      ChartMarker(label: "p50", value: 4.2), ChartMarker(label: "p90", value: 14),
      ChartMarker(label: "p95", value: 21), ChartMarker(label: "p99", value: 48),
      ChartMarker(label: "max", value: 300),
    ]
    let svg = HistogramChart(
      buckets: latencyBuckets, title: "Latency", markers: markers
    ).svg()
    let document = SVGDocument(svg)
    #expect(document.parseError == nil)
    #expect(document.root?.attributes["class"] == "chart histogram")
    let lines = document.all("line", class: "marker")
    #expect(lines.count == markers.count)
    let xs = try lines.map { try #require($0.number("x1")) }
    #expect(zip(xs, xs.dropFirst()).allSatisfy { $0 < $1 }, "\(xs)")
    #expect(document.all("text", class: "marker-label").map(\.text) == markers.map(\.label))
    #expect(document.all("rect", class: "bar").count == 7)
    #expect(document.all("rect", class: "bar").allSatisfy { $0.classes == ["bar", "s0"] })
    let labels = document.all("text", class: "tick").map(\.text)
    #expect(labels.contains("1 ms") && labels.contains("∞"))
  }

  @Test("histogram marker position interpolates inside a bucket")
  func histogramInterpolation() throws {
    let buckets = HistogramBucket.contiguous([(upper: 10, count: 1), (upper: 20, count: 1)])
    func markerX(_ value: Double) throws -> Double {
      let svg = HistogramChart(
        buckets: buckets, title: "h", markers: [ChartMarker(label: "m", value: value)]
      ).svg()
      return try #require(SVGDocument(svg).all("line", class: "marker").first?.number("x1"))
    }
    let start = try markerX(0)
    let middle = try markerX(10)
    let end = try markerX(20)
    #expect(abs(try markerX(5) - (start + middle) / 2) < 0.02)
    #expect(abs(try markerX(15) - (middle + end) / 2) < 0.02)
    #expect(try markerX(-5) == start)
    #expect(try markerX(1_000) == end)
  }

  @Test("histogram data-chart JSON and empty state")
  func histogramJSON() throws {
    let svg = HistogramChart(buckets: latencyBuckets, title: "Latency").svg()
    let json = try chartJSON(svg)
    let buckets = try #require(json["buckets"] as? [[String: Any]])
    #expect(buckets.count == latencyBuckets.count)
    #expect(buckets.map { $0["count"] as? Int } == latencyBuckets.map(\.count))
    #expect(buckets.map { ($0["lower"] as? NSNumber)?.doubleValue } == latencyBuckets.map(\.lower))
    #expect(buckets.last?["upper"] is NSNull)
    for empty in [[], HistogramBucket.contiguous([(upper: 1, count: 0)])] {
      let svg = HistogramChart(buckets: empty, title: "Latency").svg()
      #expect(SVGDocument(svg).parseError == nil)
      #expect(svg.contains("<text class=\"empty\""))
      #expect(svg.contains("class=\"chart histogram\""))
    }
  }

  // MARK: Scales and ticks

  @Test(
    "nice ticks cover the maximum with 4-5 round steps",
    arguments: [
      0.000_37, 0.01, 0.9, 1, 1.1, 3, 7, 9.99, 10, 11, 42, 87, 99, 100, 101, 250, 999, 1_234,
      65_000, 2.5e9, 7.7e12,
    ])
  func niceTicks(maximum: Double) {
    let scale = ChartScale(max: maximum)
    #expect((4...5).contains(scale.ticks.count), "\(scale.ticks)")
    #expect(scale.ticks.first == 0)
    #expect(scale.top >= maximum * (1 - 1e-9))
    #expect(scale.top - scale.step < maximum)
    let mantissa = scale.step / pow(10, (log10(scale.step)).rounded(.down))
    #expect([1, 2, 2.5, 5].contains { abs($0 - mantissa) < 1e-9 }, "step \(scale.step)")
    for (index, tick) in scale.ticks.enumerated() {
      #expect(abs(tick - Double(index) * scale.step) <= scale.step * 1e-9)
    }
  }

  @Test("degenerate maxima give the ticks of 0...1", arguments: [0.0, -5, .nan, .infinity])
  func zeroTicks(maximum: Double) {
    #expect(ChartScale(max: maximum).ticks == [0, 0.25, 0.5, 0.75, 1])
  }

  @Test("a minimum step keeps count axes whole")
  func minimumStep() {
    #expect(ChartScale(max: 1, minimumStep: 1).ticks == [0, 1])
    #expect(ChartScale(max: 3, minimumStep: 1).ticks == [0, 1, 2, 3])
  }

  @Test(
    "axis labels share one unit and the step's decimals",
    arguments: [
      (ChartUnit.count, 1.0, ["0", "0.25", "0.5", "0.75", "1"]),
      (.count, 10_000, ["0", "2.5k", "5k", "7.5k", "10k"]),
      (.rate, 0.9, ["0/s", "0.25/s", "0.5/s", "0.75/s", "1/s"]),
      (.percent, 0.0123, ["0%", "0.5%", "1%", "1.5%"]),
      (.milliseconds, 2_400, ["0 s", "1 s", "2 s", "3 s"]),
      (.milliseconds, 0.9, ["0 ms", "0.25 ms", "0.5 ms", "0.75 ms", "1 ms"]),
    ])
  func axisLabels(unit: ChartUnit, maximum: Double, expected: [String]) {
    let scale = ChartScale(max: maximum)
    #expect(unit.axisLabels(for: scale) == expected)
  }

  @Test(
    "time axes get 5-7 round ticks for the usual ranges",
    arguments: [
      (60 * 60, 60), (6 * 3_600, 60), (24 * 3_600, 300), (2 * 86_400, 300),
      (7 * 86_400, 3_600), (30 * 86_400, 86_400), (90 * 86_400, 86_400), (30 * 60, 10),
    ] as [(Int64, Int64)])
  func timeTicks(spanSeconds: Int64, stepSeconds: Int64) {
    let from = nineAM
    let to = from + spanSeconds * 1_000_000
    let ticks = TimeTicks(from: from, to: to)
    #expect((5...7).contains(ticks.instants.count), "\(ticks.interval) \(ticks.instants.count)")
    #expect(ticks.instants.allSatisfy { $0 % ticks.interval == 0 && $0 >= from && $0 < to })
  }

  @Test("chart units format values and name themselves in JSON")
  func units() {
    #expect(ChartUnit.milliseconds.format(2_400) == "2.4 s")
    #expect(ChartUnit.percent.format(0.5) == "50%")
    #expect(ChartUnit.rate.format(12) == "12/s")
    #expect(ChartUnit.count.format(1_234) == "1.2k")
    #expect(
      [ChartUnit.count, .milliseconds, .percent, .rate].map(\.jsonName)
        == ["count", "ms", "percent", "rate"])
    #expect(ChartSeries.colorClass(-1) == "s7")
  }

  @Test(
    "JSON numbers keep six significant digits and never use an exponent",
    arguments: [
      (1_234_567.5, "1234568"), (0.123_456_789, "0.123457"), (1e-7, "0.0000001"), (-2.5, "-2.5"),
      (0, "0"), (1e20, "100000000000000000000"), (.nan, "null"), (.infinity, "null"),
    ])
  func jsonNumbers(value: Double, expected: String) {
    #expect(SVGWriter.jsonNumber(value) == expected)
  }

  @Test("huge and tiny values never produce exponents in the markup")
  func noExponents() throws {
    let svg = latencyChart(
      series: [ChartSeries(name: "a", values: [1e-7, 3e15, 1e20, 2e-12])],
      times: Array(hourOfMinutes.prefix(4))
    ).svg()
    #expect(SVGDocument(svg).parseError == nil)
    let numbers = svg.split(whereSeparator: { !"0123456789.e+-".contains($0) })
    #expect(!numbers.contains { $0.contains("e+") || $0.contains("e-") })
    let values = try #require((try chartJSON(svg)["series"] as? [[String: Any]])?.first?["values"])
    #expect((values as? [Double])?.prefix(3) == [1e-7, 3e15, 1e20])
  }
}
