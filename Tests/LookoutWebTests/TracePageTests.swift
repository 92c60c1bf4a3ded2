import LookoutCore
import Testing

@testable import LookoutWeb

@Suite("Trace page")
struct TracePageTests {
  static func chain(_ count: Int) -> [SpanRecord] {
    var spans: [SpanRecord] = []
    for index in 0..<count {
      let parent = index == 0 ? "" : String(format: "%016x", (index + 1) / 2)
      let start: Int64 = 1_000_000 + Int64(index)
      let duration: Int64 = 1_000_000 - Int64(index)
      spans.append(
        SpanRecord(
          traceID: "0000000000000000000000000000abcd", spanID: String(format: "%016x", index + 1),
          parentSpanID: parent, service: index % 3 == 0 ? "api" : "worker", name: "step \(index)",
          kind: .internal, start: start, duration: duration))
    }
    return spans
  }

  @Test func aHugeTraceIsDrawnUpToTheCapAndSaysSo() {
    let page = TracePage(
      traceID: "0000000000000000000000000000abcd", spans: Self.chain(12_000), links: .init(),
      state: PageState(query: [:]))
    #expect(page.found)
    #expect(page.spans.count == TracePage.detailLimit)
    #expect(
      page.waterfall.components(separatedBy: "class=\"wf-row").count - 1 == TracePage.waterfallLimit
    )
    #expect(page.truncated?.contains("12000") == true)
  }

  @Test func exceptionsLinkToIssuesAndStatementsToTheirClass() {
    var spans = Self.chain(3)
    spans[1].events = [
      .init(
        time: 1_000_500, name: "exception",
        attributes: ["exception.type": "KeyError", "exception.message": "x"])
    ]
    spans[2].attributes = ["db.system": "mysql", "db.statement": "SELECT * FROM t WHERE id = 1"]
    let page = TracePage(
      traceID: spans[0].traceID, spans: spans,
      links: .init(issueByExceptionType: ["KeyError": 7], slowQueryClass: { _, _ in "ABC" }),
      state: PageState(query: [:]))
    let withException = page.spans.first { !$0.exceptions.isEmpty }
    #expect(withException?.exceptions.first?.issueURL == "/issues/7")
    #expect(withException?.open == true)
    let sql = page.spans.first { $0.hasSQL }
    #expect(sql?.sqlURL?.hasPrefix("/slow-queries/ABC") == true)
    #expect(page.critical.first?.spanID != nil)
  }
}
