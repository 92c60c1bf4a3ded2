import Foundation
import Testing

@testable import LookoutWeb

@Suite("Trace waterfall")
struct WaterfallChartTests {
  /// A row with the fields the tests care about.
  func row(
    _ id: String, depth: Int = 0, start: Int64, duration: Int64, flags: WaterfallRow.Flags = [],
    label: String = "GET /cart", service: String = "shop", href: String? = nil
  ) -> WaterfallRow {
    WaterfallRow(
      spanID: id, label: label, service: service, colorIndex: depth + 1, depth: depth,
      startMicros: start, durationMicros: duration, selfMicros: duration / 2, flags: flags,
      href: href ?? "/traces/t1?span=\(id)")
  }

  /// Rows of the parsed waterfall, in order.
  func rows(_ document: MarkupDocument) -> [MarkupDocument.Element] {
    document.all(nil, class: "wf-row")
  }

  @Test("the waterfall is well-formed XML with the documented root and one link per row")
  func structure() throws {
    let rows = [
      row("a", start: 0, duration: 1_000_000),
      row("b", depth: 1, start: 100_000, duration: 400_000),
      row("c", depth: 2, start: 150_000, duration: 100_000),
    ]
    let html = WaterfallChart(rows: rows, totalMicros: 1_000_000, title: "Trace t1").html()
    let document = MarkupDocument(html)
    #expect(document.parseError == nil)
    let root = try #require(document.root)
    #expect(root.name == "div")
    #expect(root.classes == ["waterfall"])
    #expect(root.attributes["aria-label"] == "Trace t1")
    #expect(root.attributes["data-total"] == "1000000")
    let drawn = self.rows(document)
    #expect(drawn.map(\.name) == ["a", "a", "a"])
    #expect(drawn.map { $0.attributes["data-span"] } == ["a", "b", "c"])
    #expect(drawn.map { $0.attributes["href"] } == rows.map(\.href))
    #expect(document.all("rect", class: "wf-bar").count == 3)
    // Each row names its service and operation in text, and shows its duration.
    #expect(document.fullText(of: drawn[1]).contains("shop GET /cart"))
    #expect(document.fullText(of: drawn[1]).contains("400 ms"))
    for forbidden in ["fill=\"#", "stroke=\"#", "style=", "<span/>", "<div/>"] {
      #expect(!html.contains(forbidden))
    }
  }

  @Test("a child starting at half the trace is drawn at half the width")
  func positions() throws {
    let html = WaterfallChart(
      rows: [
        row("root", start: 0, duration: 2_000_000),
        row("child", depth: 1, start: 1_000_000, duration: 500_000),
        row("late", depth: 1, start: 1_500_000, duration: 900_000),
      ],
      totalMicros: 2_000_000
    ).html()
    let bars = MarkupDocument(html).all("rect", class: "wf-bar")
    #expect(bars.map { $0.attributes["x"] } == ["0%", "50%", "75%"])
    // The last span runs past the trace end and is clipped to it.
    #expect(bars.map { $0.attributes["width"] } == ["100%", "25%", "25%"])
    #expect(bars[1].classes == ["wf-bar", "s2"])
  }

  @Test("the time axis ticks are in ms or s and end inside the trace")
  func axis() throws {
    let document = MarkupDocument(
      WaterfallChart(rows: [row("a", start: 0, duration: 2_000_000)], totalMicros: 2_000_000)
        .html())
    let axis = try #require(document.all("svg", class: "wf-axis").first)
    let labels = document.descendants(of: axis, "text").map(\.text)
    #expect(labels == ["0 s", "0.5 s", "1 s", "1.5 s", "2 s"])
    let positions = document.descendants(of: axis, "text").compactMap { $0.number("x") }
    #expect(positions == [0, 25, 50, 75, 100])
    let short = MarkupDocument(
      WaterfallChart(rows: [row("a", start: 0, duration: 870)], totalMicros: 870).html())
    let shortLabels = short.all("svg", class: "wf-axis").flatMap {
      short.descendants(of: $0, "text").map(\.text)
    }
    #expect(shortLabels == ["0 ms", "0.2 ms", "0.4 ms", "0.6 ms", "0.8 ms"])
  }

  @Test("the critical class is on exactly the flagged rows")
  func criticalRows() throws {
    let flags: [WaterfallRow.Flags] = [
      [.critical], [], [.critical, .fault], [.clientError], [.critical], [.inProgress],
    ]
    let rows = flags.enumerated().map { index, flags in
      row(
        "s\(index)", depth: index == 0 ? 0 : 1, start: Int64(index) * 10, duration: 10, flags: flags
      )
    }
    let document = MarkupDocument(WaterfallChart(rows: rows, totalMicros: 100).html())
    let drawn = self.rows(document)
    #expect(drawn.map { $0.classes.contains("critical") } == flags.map { $0.contains(.critical) })
    #expect(drawn.map { $0.classes.contains("fault") } == flags.map { $0.contains(.fault) })
    #expect(drawn.map { $0.classes.contains("error") } == flags.map { $0.contains(.clientError) })
    #expect(
      drawn.map { $0.classes.contains("in-progress") } == flags.map { $0.contains(.inProgress) })
    for (element, flags) in zip(drawn, flags) {
      let parts = document.descendants(of: element, "rect", class: "wf-critical")
      #expect(parts.isEmpty == !flags.contains(.critical))
    }
    let inProgress = try #require(drawn.last)
    #expect(document.fullText(of: inProgress).contains("(in progress)"))
  }

  @Test("the critical part of a span leaves out its critical children, as Jaeger draws it")
  func criticalParts() throws {
    let rows = [
      row("root", start: 0, duration: 1_000, flags: [.critical]),
      row("critical child", depth: 1, start: 200, duration: 400, flags: [.critical]),
      row("other child", depth: 1, start: 100, duration: 800),
      row("grandchild", depth: 2, start: 300, duration: 100, flags: [.critical]),
    ]
    let document = MarkupDocument(WaterfallChart(rows: rows, totalMicros: 1_000).html())
    let drawn = self.rows(document)
    let rootParts = document.descendants(of: drawn[0], "rect", class: "wf-critical")
    #expect(rootParts.map { $0.attributes["x"] } == ["0%", "60%"])
    #expect(rootParts.map { $0.attributes["width"] } == ["20%", "40%"])
    // The grandchild's parent is not critical, so the whole child counts.
    let childParts = document.descendants(of: drawn[1], "rect", class: "wf-critical")
    #expect(childParts.map { $0.attributes["x"] } == ["20%"])
    #expect(childParts.map { $0.attributes["width"] } == ["40%"])
  }

  @Test("hostile labels, services and ids are escaped in text, attributes and JSON")
  func escaping() throws {
    let rows = [
      WaterfallRow(
        spanID: hostileLabel, label: hostileLabel, service: hostileLabel, colorIndex: 0, depth: 0,
        startMicros: 0, durationMicros: 10, selfMicros: 10, href: "/t?a=\"><script>")
    ]
    let html = WaterfallChart(rows: rows, totalMicros: 10, title: hostileLabel).html()
    #expect(!html.contains("<script>"))
    #expect(!html.contains("<b>"))
    let document = MarkupDocument(html)
    #expect(document.parseError == nil)
    let cleaned = hostileLabel.replacingOccurrences(of: "\u{1}", with: "")
    #expect(document.root?.attributes["aria-label"] == cleaned)
    let drawn = try #require(self.rows(document).first)
    #expect(drawn.attributes["data-span"] == cleaned)
    #expect(drawn.attributes["href"] == "/t?a=\"><script>")
    #expect(document.all("span", class: "wf-name").first?.text == cleaned)
    let json = try chartData(document)
    let first = try #require((json["rows"] as? [[Any]])?.first)
    #expect(first.first as? String == hostileLabel)
  }

  @Test(
    "links with a script scheme are dropped; the row is still drawn",
    arguments: [
      "javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,x",
      "vbscript:x", "",
    ])
  func unsafeLinks(href: String) throws {
    let document = MarkupDocument(
      WaterfallChart(rows: [row("a", start: 0, duration: 5, href: href)], totalMicros: 5).html())
    let drawn = try #require(rows(document).first)
    #expect(drawn.name == "div")
    #expect(drawn.attributes["href"] == nil)
  }

  @Test(
    "safe links pass unchanged",
    arguments: [
      "/traces/1", "?span=2", "#row-3", "https://example.com/x", "HTTP://example.com", "trace/4",
    ])
  func safeLinks(href: String) {
    #expect(ChartLink.safe(href) == href)
  }

  @Test("indentation stops at 24 levels but every row of a deep trace is drawn")
  func deepNesting() throws {
    let rows = (0..<200).map {
      row("d\($0)", depth: $0, start: Int64($0), duration: 400 - Int64($0))
    }
    let document = MarkupDocument(WaterfallChart(rows: rows, totalMicros: 400).html())
    #expect(document.parseError == nil)
    let labels = document.all("span", class: "wf-label").dropFirst()  // the header's label
    #expect(labels.count == 200)
    #expect(labels.map { $0.classes.last } == rows.map { "d\(min($0.depth, 24))" })
    let drawn = self.rows(document)
    #expect(drawn.map { $0.classes.contains("deep") } == rows.map { $0.depth > 24 })
  }

  @Test("10,000 spans: every row drawn, JSON counts them")
  func tenThousandRows() throws {
    let rows = (0..<10_000).map {
      row(
        "s\($0)", depth: $0 == 0 ? 0 : 1 + $0 % 30, start: Int64($0) * 100, duration: 5_000,
        flags: $0 % 7 == 0 ? [.critical] : [])
    }
    let html = WaterfallChart(rows: rows, totalMicros: 1_005_000).html()
    let document = MarkupDocument(html)
    #expect(document.parseError == nil)
    #expect(self.rows(document).count == 10_000)
    let json = try chartData(document)
    #expect(json["count"] as? Int == 10_000)
    #expect((json["rows"] as? [Any])?.count == 10_000)
  }

  @Test("the data-chart JSON has the rows as compact arrays")
  func json() throws {
    let document = MarkupDocument(
      WaterfallChart(
        rows: [
          row("a", start: 0, duration: 300, flags: [.critical, .fault]),
          row("b", depth: 1, start: 100, duration: 50, flags: [.inProgress]),
        ],
        totalMicros: 300
      ).html())
    let json = try chartData(document)
    #expect(json["unit"] as? String == "us")
    #expect(json["total"] as? Int == 300)
    #expect(
      json["columns"] as? [String] == ["span", "start", "duration", "self", "depth", "flags"])
    let rows = try #require(json["rows"] as? [[Any]])
    #expect(rows.count == 2)
    #expect(rows[0][0] as? String == "a")
    #expect(rows[0].dropFirst().compactMap { $0 as? Int } == [0, 300, 150, 0, 3])
    #expect(rows[1].dropFirst().compactMap { $0 as? Int } == [100, 50, 25, 1, 8])
  }

  @Test("no rows gives the empty state; a missing total uses the latest span end")
  func emptyAndDefaults() throws {
    let empty = MarkupDocument(WaterfallChart(rows: [], totalMicros: 0, title: "t").html())
    #expect(empty.parseError == nil)
    #expect(empty.root?.attributes["data-empty"] == "true")
    #expect(empty.all("p", class: "empty").first?.text == "No spans in this trace")

    let chart = WaterfallChart(
      rows: [row("a", start: -50, duration: 400), row("b", start: 200, duration: 600)],
      totalMicros: 0)
    #expect(chart.axisLength() == 800)
    let bars = MarkupDocument(chart.html()).all("rect", class: "wf-bar")
    #expect(bars.map { $0.attributes["x"] } == ["0%", "25%"])
  }

  @Test("zero-length and inverted spans stay visible and inside the track")
  func degenerateSpans() throws {
    let bars = MarkupDocument(
      WaterfallChart(
        rows: [row("a", start: 1_000, duration: 0), row("b", start: 500, duration: -20)],
        totalMicros: 1_000
      ).html()
    ).all("rect", class: "wf-bar")
    for bar in bars {
      let x = try #require(bar.number("x"))
      let width = try #require(bar.number("width"))
      #expect(width > 0)
      #expect(x >= 0 && x + width <= 100.0001)
    }
  }
}
