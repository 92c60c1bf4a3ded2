import Foundation
import LookoutCore
import LookoutQuery
import Testing

@testable import LookoutWeb

@Suite("Logs page")
struct LogsPageTests {
  static let range = QueryResultViewTests.range

  static func page(
    _ query: String, _ outcome: LogsPage.Outcome?, patterns: Bool = false,
    saved: [LogsPage.SavedInput] = [], current: Int64? = nil
  ) -> LogsPage {
    LogsPage(
      query: query, from: "now-1h", to: "now", range: range, outcome: outcome,
      patterns: patterns, patternSource: "requests", sources: ["errors", "requests"],
      saved: saved, currentID: current, chart: .auto)
  }

  static func render(_ page: LogsPage) throws -> String {
    let chrome = PageChrome(
      page: .logs, title: "Logs", project: "default", state: PageState(query: [:]),
      environments: [], range: range)
    return try WebRenderer().render(template: "logs", content: page, chrome: chrome)
  }

  @Test func anErrorIsMarkedAtItsCharacter() throws {
    // "é" is two UTF-8 bytes and one UTF-16 unit: the marks must land on the same character.
    let query = "source requests | filter route = \"é\" | frobnicate"
    let offset = query.utf8.count - "frobnicate".utf8.count
    let error = QueryError(
      .syntax, "unknown command 'frobnicate'",
      at: SourcePosition(offset: offset, line: 1, column: 40))
    let page = Self.page(query, .error(error))
    #expect(page.hasError && page.hasErrorPosition)
    #expect(page.errorBefore == "source requests | filter route = \"é\" | ")
    #expect(page.errorAt == "f")
    #expect(page.errorIndex == (query as NSString).range(of: "frobnicate").location)
    let html = try Self.render(page)
    #expect(html.contains("data-error-index=\"\(page.errorIndex)\""))
    #expect(html.contains("<mark>f</mark>robnicate"))
    #expect(html.contains("at line 1, column 40"))
    // An error at the very end marks a space after the text.
    let end = LogsPage.cut("source requests |", atUTF8: 17)
    #expect(end == ("source requests |", " ", ""))
  }

  @Test func aResultShowsItsCostAndAPartialOneSaysWhy() throws {
    let result = QueryResult(
      columns: ["route", "n"], rows: [[.string("/a"), .int(3)]], partial: true,
      partialReason: "scanned 1000 rows, the budget's limit",
      statistics: QueryStatistics(rowsScanned: 12_345, elapsedSeconds: 0.0425, usedRollups: true))
    let page = Self.page("source requests | stats count(*) as n by route", .result(result))
    #expect(page.rowsScanned == "12k")
    #expect(page.elapsed == "43 ms")
    #expect(page.usedRollups)
    let html = try Self.render(page)
    #expect(html.contains("data-testid=\"partial-banner\""))
    #expect(html.contains("scanned 1000 rows, the budget&#39;s limit"))
    #expect(html.contains("answered from rollups"))
    #expect(html.contains("data-testid=\"query-table\""))
    #expect(html.contains("class=\"chart bars\""))
    let complete = Self.page(
      "source requests | stats count(*) as n by route",
      .result(QueryResult(columns: ["n"], rows: [[.int(1)]])))
    let plain = try Self.render(complete)
    #expect(!plain.contains("partial-banner") && !plain.contains("answered from rollups"))
  }

  @Test func theEditorHoldsTheQueryEscaped() throws {
    let query = "source requests | filter path = \"</textarea><script>alert(1)</script>\""
    let html = try Self.render(Self.page(query, nil))
    #expect(!html.contains("<script>alert(1)"))
    #expect(html.contains("&lt;/textarea&gt;&lt;script&gt;"))
    #expect(html.contains("name=\"q\""))
  }

  @Test func savedQueriesLinkToTheirQueryAndTheOneBeingEdited() throws {
    let saved = [
      LogsPage.SavedInput(
        id: 4, name: "5xx by route", query: "source requests | filter status >= 500",
        from: "now-6h", to: "now", chart: "bar", onDashboard: true),
      LogsPage.SavedInput(
        id: 9, name: "all", query: "source requests", from: "now-1h", to: "now", chart: "auto",
        onDashboard: false),
    ]
    let page = Self.page("source requests | filter status >= 500", nil, saved: saved, current: 4)
    #expect(page.hasCurrent && page.current?.id == 4)
    #expect(
      page.saved[0].url
        == "/logs?q=source%20requests%20%7C%20filter%20status%20%3E%3D%20500&from=now-6h&to=now&saved=4&chart=bar"
    )
    let html = try Self.render(page)
    #expect(html.contains("Save changes"))
    #expect(html.contains("data-testid=\"remove-from-dashboard\""))
    #expect(html.contains("data-testid=\"add-to-dashboard\""))
    #expect(html.contains("<input type=\"hidden\" name=\"id\" value=\"4\">"))
  }

  @Test func thePatternsTabGroupsEachSourcesMessageField() throws {
    #expect(LogsPage.patternQuery(source: "logs") == "source logs | pattern @message")
    #expect(LogsPage.patternQuery(source: "requests") == "source requests | pattern path")
    let result = QueryResult(
      columns: ["@pattern", "@ratio", "@sampleCount", "@severityLabel", "@sample"],
      rows: [
        [.string("/api/users/<*>"), .double(0.75), .int(3), .string(""), .string("/api/users/7")]
      ])
    let page = Self.page("source requests | pattern path", .result(result), patterns: true)
    #expect(page.isPatterns && page.result?.hasChart == false)
    let html = try Self.render(page)
    #expect(html.contains("/api/users/&lt;*&gt;"))
    #expect(html.contains("data-testid=\"patterns-form\""))
    #expect(!html.contains("data-testid=\"query-form\""))
  }

  @Test func dashboardPanelsOpenInLogsAndShowErrors() {
    let panel = DashboardPanel(
      id: 3, title: "Errors", query: "source errors | stats count(*) by bin(5m)", from: "now-1h",
      to: "now", chart: .auto, range: Self.range,
      outcome: .result(
        QueryResult(columns: ["bin(5m)", "count(*)"], rows: [[.int(Self.range.from), .int(2)]])))
    #expect(panel.openURL.hasPrefix("/logs?q=source%20errors") && panel.openURL.contains("saved=3"))
    #expect(panel.result?.chartShape == "timeseries" && !panel.showsTable)
    let broken = DashboardPanel(
      id: 4, title: "Broken", query: "source nowhere", from: "now-1h", to: "now", chart: .auto,
      range: Self.range, outcome: .error(QueryError(.semantic, "unknown source 'nowhere'")))
    #expect(broken.hasError && broken.error == "unknown source 'nowhere'")
  }
}
