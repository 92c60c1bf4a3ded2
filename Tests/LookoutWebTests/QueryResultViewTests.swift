import Foundation
import LookoutCore
import LookoutQuery
import Testing

@testable import LookoutWeb

@Suite("Query result view")
struct QueryResultViewTests {
  static let minute: Int64 = 60_000_000
  /// Half an hour from a whole hour.
  static let range = TimeRange(
    from: 1_700_000_000 / 3_600 * 3_600_000_000,
    to: 1_700_000_000 / 3_600 * 3_600_000_000 + 30 * minute)

  @Test func theShapeOfAQueryComesFromItsLastStats() {
    let shape = QueryShape(
      "source requests | filter status >= 500 | stats count(*) as n, avg(duration) as avg_ms, max(status) by bin(5m), status_class"
    )
    #expect(shape.source == "requests")
    #expect(shape.binColumn == "bin(5m)")
    #expect(shape.binMicros == 5 * Self.minute)
    #expect(shape.groupColumns == ["status_class"])
    #expect(shape.countingColumns == ["n"])
    #expect(shape.durationColumns == ["avg_ms"])
    let plain = QueryShape("source requests | stats count(*) by route")
    #expect(plain.binColumn == nil && plain.groupColumns == ["route"])
    let broken = QueryShape("source requests | stats count(* by")
    #expect(broken.source == nil && broken.binColumn == nil)
  }

  @Test func aPatternTimelineIsASparkline() {
    let result = QueryResult(
      columns: ["@pattern", "@sampleCount", "@timeline"],
      rows: [[.string("user <*> logged in"), .int(3), .string("1 1 0 1")]])
    let view = QueryResultView(
      result: result, query: "source logs | pattern @message", range: Self.range)
    let cell = view.rows[0].cells[2]
    #expect(cell.hasSparkline)
    #expect(cell.sparkline.hasPrefix("<svg"))
    #expect(cell.text.contains("1 1 0 1"))
    #expect(!view.rows[0].cells[0].hasSparkline)
  }

  @Test func aBinnedQueryDrawsOneLinePerGroupOverTheRange() throws {
    let start = Self.range.from
    let result = QueryResult(
      columns: ["bin(5m)", "status_class", "n"],
      rows: [
        [.int(start), .string("2xx"), .int(10)],
        [.int(start + 5 * Self.minute), .string("2xx"), .int(12)],
        [.int(start + 10 * Self.minute), .string("5xx"), .int(3)],
      ])
    let view = QueryResultView(
      result: result, query: "source requests | stats count(*) as n by bin(5m), status_class",
      range: Self.range)
    #expect(view.chartShape == "timeseries")
    let document = MarkupDocument(view.chart)
    #expect(document.parseError == nil)
    #expect(document.all("path", class: "line").count == 2)
    let data = try chartData(document)
    // 30 minutes in 5-minute steps: six steps whatever the rows cover.
    let times = try #require(data["times"] as? [Int64])
    #expect(times == (0..<6).map { start + Int64($0) * 5 * Self.minute })
    let series = try #require(data["series"] as? [[String: Any]])
    #expect(series.map { $0["name"] as? String } == ["2xx", "5xx"])
    // Counts are zero, not gaps, in the steps without a row.
    let errors = try #require(series[1]["values"] as? [Any])
    #expect(errors.map { "\($0)" } == ["0", "0", "3", "0", "0", "0"])
    // The bin column reads as times in the table.
    #expect(view.rows[0].cells[0].isTime && view.rows[0].cells[0].micros == start)
    #expect(view.columns.map(\.numeric) == [false, false, true])
  }

  @Test func averagesLeaveGapsAndDurationsAreMilliseconds() throws {
    let start = Self.range.from
    let result = QueryResult(
      columns: ["bin(10m)", "p95"],
      rows: [[.int(start), .double(120.5)], [.int(start + 20 * Self.minute), .double(80)]])
    let view = QueryResultView(
      result: result, query: "source requests | stats pct(duration, 95) as p95 by bin(10m)",
      range: Self.range)
    let data = try chartData(MarkupDocument(view.chart))
    #expect(data["unit"] as? String == "ms")
    let series = try #require(data["series"] as? [[String: Any]])
    let values = try #require(series.first?["values"] as? [Any])
    #expect(values.count == 3 && values[1] is NSNull)
  }

  @Test func onlyTheLargestSeriesAreDrawn() throws {
    let start = Self.range.from
    let rows: [[QueryValue]] = (0..<12).map { index in
      [.int(start), .string("route \(index)"), .int(Int64(index + 1))]
    }
    let view = QueryResultView(
      result: QueryResult(columns: ["bin(5m)", "route", "count(*)"], rows: rows),
      query: "source requests | stats count(*) by bin(5m), route", range: Self.range)
    #expect(view.hiddenSeries == 4 && view.hasHiddenSeries)
    let names = try #require(
      try chartData(MarkupDocument(view.chart))["series"] as? [[String: Any]]
    )
    .compactMap { $0["name"] as? String }
    #expect(Set(names) == Set((4..<12).map { "route \($0)" }))
  }

  @Test func withoutABinTheFirstTextColumnLabelsBarsOfTheFirstNumber() {
    let result = QueryResult(
      columns: ["route", "requests", "p95"],
      rows: [
        [.string("/a"), .int(40), .double(12)], [.string("/b"), .int(10), .double(300)],
        [.string(hostileLabel), .int(5), .null],
      ])
    let view = QueryResultView(
      result: result,
      query: "source requests | stats count(*) as requests, pct(duration, 95) as p95 by route",
      range: Self.range)
    #expect(view.chartShape == "bars")
    let document = MarkupDocument(view.chart)
    #expect(document.parseError == nil)
    let bars = document.all("rect", class: "bar")
    #expect(bars.count == 3)
    // The longest bar is the largest value; the others scale from zero.
    let widths = bars.compactMap { $0.number("width") }
    #expect(widths[0] > widths[1] && abs(widths[1] / widths[0] - 0.25) < 0.01)
    #expect(document.all("text", class: "bar-label").map(\.text).prefix(2) == ["/a", "/b"])
    #expect(!view.chart.contains("<script>"))
  }

  @Test func aSingleRowOfNumbersIsABarPerColumnAndRatesArePercentages() {
    let one = QueryResultView(
      result: QueryResult(columns: ["requests", "errors"], rows: [[.int(100), .int(7)]]),
      query: "source requests | stats count(*) as requests, sum(status >= 500) as errors",
      range: Self.range)
    #expect(one.chartShape == "bars")
    #expect(
      MarkupDocument(one.chart).all("text", class: "bar-label").map(\.text) == [
        "requests", "errors",
      ])
    let rates = QueryResultView(
      result: QueryResult(
        columns: ["domain", "error_rate"],
        rows: [[.string("shop.example"), .double(0.125)], [.string("api.example"), .double(0.5)]]),
      query: "source requests | stats count(*) as n by domain | fields domain, n / 8 as error_rate",
      range: Self.range)
    #expect(
      MarkupDocument(rates.chart).all("text", class: "bar-value").map(\.text) == ["12.5%", "50%"])
  }

  @Test func chartKindsAndShapesWithoutAChart() {
    let result = QueryResult(
      columns: ["route", "n"], rows: [[.string("/a"), .int(1)]])
    let table = QueryResultView(
      result: result, query: "source requests | stats count(*) as n by route", range: Self.range,
      chart: .table)
    #expect(!table.hasChart && table.chartShape == "none")
    let texts = QueryResultView(
      result: QueryResult(columns: ["path"], rows: [[.string("/a")], [.string("/b")]]),
      query: "source requests | fields path", range: Self.range)
    #expect(!texts.hasChart)
    let empty = QueryResultView(
      result: QueryResult(columns: ["bin(5m)", "n"], rows: []),
      query: "source requests | stats count(*) as n by bin(5m)", range: Self.range)
    #expect(empty.isEmpty && empty.chart.contains("No data in this range"))
  }

  @Test func cellsFormatTimesNumbersAndTruncateTheTable() {
    let rows: [[QueryValue]] = (0..<5).map { index in
      [.int(Self.range.from + Int64(index)), .double(1.0 / 3), .int(7), .null, .bool(true)]
    }
    let view = QueryResultView(
      result: QueryResult(
        columns: ["@timestamp", "ratio", "status", "missing", "flag"], rows: rows),
      query: "source requests | fields ratio", range: Self.range, maxRows: 3)
    #expect(view.rows.count == 3 && view.isTruncated)
    #expect(view.rowSummary == "showing 3 of 5 rows")
    let cells = view.rows[0].cells
    #expect(cells[0].isTime && cells[0].text == HumanFormat.isoTime(Self.range.from))
    #expect(cells[1].text == "0.333" && cells[1].numeric)
    #expect(cells[2].text == "7")
    #expect(cells[3].text == "" && cells[4].text == "true")
  }
}
