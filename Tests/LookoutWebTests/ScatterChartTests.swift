import Foundation
import Testing

@testable import LookoutWeb

@Suite("Latency scatter")
struct ScatterChartTests {
  /// 2024-06-05T09:00:00Z in microseconds.
  let nineAM: Int64 = 1_717_578_000_000_000
  /// One hour in microseconds.
  let hour: Int64 = 3_600_000_000

  func point(_ offset: Int64, _ milliseconds: Double, error: Bool = false, href: String? = nil)
    -> ScatterPoint
  {
    ScatterPoint(
      timeMicros: nineAM + offset, durationMilliseconds: milliseconds, isError: error, href: href)
  }

  /// The plot area of a rendered scatter: left, right, top, bottom.
  func plotArea(_ document: MarkupDocument) throws -> (Double, Double, Double, Double) {
    let root = try #require(document.root)
    return (
      try #require(root.number("data-plot-left")), try #require(root.number("data-plot-right")),
      try #require(root.number("data-plot-top")), try #require(root.number("data-plot-bottom"))
    )
  }

  @Test("a scatter is well-formed XML with the time-chart root attributes")
  func structure() throws {
    let svg = ScatterChart(
      points: [point(0, 12, href: "/traces/1"), point(hour / 2, 40, error: true)],
      from: nineAM, to: nineAM + hour, title: "Latency"
    ).svg()
    let document = MarkupDocument(svg)
    #expect(document.parseError == nil)
    let root = try #require(document.root)
    #expect(root.classes == ["chart", "scatter"])
    #expect(root.attributes["aria-label"] == "Latency")
    #expect(root.attributes["data-from"] == String(nineAM))
    #expect(root.attributes["data-to"] == String(nineAM + hour))
    let circles = document.all("circle", class: "point")
    #expect(circles.map(\.classes) == [["point", "ok"], ["point", "error"]])
    #expect(document.all("a").map { $0.attributes["href"] } == ["/traces/1"])
    #expect(
      document.all("title").map(\.text) == ["09:00:00 UTC · 12 ms", "09:30:00 UTC · 40 ms · error"])
    #expect(!document.all("text", class: "tick-time").isEmpty)
    for forbidden in ["fill=\"#", "stroke=\"#", "style="] { #expect(!svg.contains(forbidden)) }
  }

  @Test("x is linear in time: the middle of the range is the middle of the plot")
  func timePlacement() throws {
    let document = MarkupDocument(
      ScatterChart(
        points: [point(0, 5), point(hour / 2, 5), point(hour - 1, 5)], from: nineAM,
        to: nineAM + hour, title: "t"
      ).svg())
    let (left, right, _, _) = try plotArea(document)
    let xs = document.all("circle").compactMap { $0.number("cx") }
    #expect(xs.count == 3)
    #expect(abs(xs[0] - left) < 0.01)
    #expect(abs(xs[1] - (left + right) / 2) < 0.01)
    #expect(abs(xs[2] - right) < 0.01)
  }

  @Test("log scale: each power of ten is an equal step, from the bottom to the top")
  func logPlacement() throws {
    let svg = ScatterChart(
      points: [point(0, 1), point(1, 10), point(2, 100), point(3, 1_000)], title: "t"
    ).svg()
    let document = MarkupDocument(svg)
    #expect(try chartData(document)["scale"] as? String == "log")
    let (_, _, top, bottom) = try plotArea(document)
    let ys = document.all("circle").compactMap { $0.number("cy") }
    let step = (bottom - top) / 3
    #expect(ys.count == 4)
    for (index, y) in ys.enumerated() {
      #expect(abs(y - (bottom - Double(index) * step)) < 0.01)
    }
    let labels = document.all("text", class: "tick").map(\.text)
    #expect(labels.starts(with: ["1 ms", "10 ms", "100 ms", "1 s"]))
  }

  @Test("automatic scale: linear up to a 100x spread, log above it; both can be forced")
  func scaleChoice() throws {
    func scale(_ durations: [Double], _ option: ScatterScale = .automatic) throws -> String? {
      let points = durations.enumerated().map { point(Int64($0.offset), $0.element) }
      let document = MarkupDocument(ScatterChart(points: points, scale: option, title: "t").svg())
      return try chartData(document)["scale"] as? String
    }
    #expect(try scale([2, 200]) == "linear")
    #expect(try scale([2, 201]) == "log")
    #expect(try scale([0, 5, 400]) == "linear")  // zero is not the smallest positive value
    #expect(try scale([2, 5_000], .linear) == "linear")
    #expect(try scale([2, 3], .logarithmic) == "log")
    #expect(try scale([0, 0], .logarithmic) == "linear")  // nothing positive to take a log of
  }

  @Test("linear scale: values sit proportionally between zero and the top tick")
  func linearPlacement() throws {
    let document = MarkupDocument(
      ScatterChart(points: [point(0, 0), point(1, 50), point(2, 100)], title: "t").svg())
    let (_, _, top, bottom) = try plotArea(document)
    let ys = document.all("circle").compactMap { $0.number("cy") }
    #expect(ys == [bottom, (top + bottom) / 2, top])
  }

  @Test("no more than the cap is drawn, errors and the slowest are kept, JSON has the true count")
  func samplingCap() throws {
    var points: [ScatterPoint] = (0..<12_000).map { (index: Int) -> ScatterPoint in
      let milliseconds = Double((index * 37) % 500) + 1
      return point(Int64(index) * 1_000_000, milliseconds, error: index % 100 == 0)
    }
    points.append(point(5, 90_000))  // the one outlier
    let svg = ScatterChart(points: points, title: "t").svg()
    let document = MarkupDocument(svg)
    #expect(document.parseError == nil)
    let circles = document.all("circle", class: "point")
    #expect(circles.count == ScatterChart.defaultMaxPoints)
    #expect(document.all("circle", class: "error").count == 120)
    #expect(document.all("title").contains { $0.text.hasSuffix("· 90 s") })
    let json = try chartData(document)
    #expect(json["count"] as? Int == 12_001)
    #expect(json["drawn"] as? Int == 5_000)
    #expect(json["errors"] as? Int == 120)
    #expect((json["points"] as? [Any])?.count == 5_000)
  }

  @Test("the sampler is deterministic, spreads evenly and respects small caps")
  func sampler() {
    let points = (0..<1_000).map { (index: Int) -> ScatterPoint in
      point(Int64(index), Double(index % 10), error: index % 3 == 0)
    }
    let first = ScatterSampler.sample(points, cap: 100)
    #expect(first == ScatterSampler.sample(points, cap: 100))
    #expect(first.count == 100)
    #expect(first == first.sorted() && Set(first).count == 100)
    // A quarter of the cap for errors (there are 334), the rest ok points.
    #expect(first.filter { points[$0].isError }.count == 25)
    #expect(ScatterSampler.sample(points, cap: 2_000) == Array(0..<1_000))
    #expect(ScatterSampler.evenlySpaced(Array(0..<10), count: 5) == [0, 2, 4, 6, 8])
    #expect(ScatterSampler.evenlySpaced(Array(0..<10), count: 0) == [])
    #expect(ScatterSampler.sample(points, cap: 0).count == 1)
    // With few ok points, errors fill the rest of the cap.
    let mostlyErrors = (0..<500).map { point(Int64($0), 1, error: $0 >= 10) }
    let chosen = ScatterSampler.sample(mostlyErrors, cap: 100)
    #expect(chosen.count == 100)
    #expect(chosen.filter { !mostlyErrors[$0].isError }.count == 10)
  }

  @Test("bad points are rejected and counted; with none left the chart is empty")
  func rejected() throws {
    let svg = ScatterChart(
      points: [
        point(0, .nan), point(1, -4), point(2, .infinity), point(3, 12),
        point(2 * hour, 12),  // outside the explicit range
      ],
      from: nineAM, to: nineAM + hour, title: "t"
    ).svg()
    let document = MarkupDocument(svg)
    #expect(document.all("circle").count == 1)
    let json = try chartData(document)
    #expect(json["count"] as? Int == 5)
    #expect(json["rejected"] as? Int == 4)

    let empty = MarkupDocument(
      ScatterChart(points: [point(0, .nan)], from: nineAM, to: nineAM + hour, title: "t").svg())
    #expect(empty.parseError == nil)
    #expect(empty.root?.attributes["data-empty"] == "true")
    #expect(empty.root?.attributes["data-count"] == "1")
    #expect(empty.root?.attributes["data-from"] == String(nineAM))
    #expect(ScatterChart(points: [], title: "t").svg().contains("No data in this range"))
  }

  @Test("without a range the points' own span is used, at least a second wide")
  func dataRange() throws {
    let single = MarkupDocument(ScatterChart(points: [point(0, 3)], title: "t").svg())
    #expect(single.root?.attributes["data-from"] == String(nineAM - 500_000))
    #expect(single.root?.attributes["data-to"] == String(nineAM + 500_000))
    // Sub-minute ticks keep their seconds (in UTC, not rewritten by the script).
    let labels = single.all("text", class: "tick").map(\.text)
    #expect(labels.contains("09:00:00"))
    #expect(single.all("text", class: "tick-time").isEmpty)
  }

  @Test("titles and links are escaped; script links are dropped")
  func escaping() throws {
    let svg = ScatterChart(
      points: [point(0, 1, href: "javascript:alert(1)"), point(1, 2, href: "/t?q=\"<x>\"")],
      title: hostileLabel
    ).svg()
    #expect(!svg.contains("<script>"))
    #expect(!svg.contains("javascript:"))
    let document = MarkupDocument(svg)
    #expect(document.parseError == nil)
    #expect(document.all("a").map { $0.attributes["href"] } == ["/t?q=\"<x>\""])
  }
}
