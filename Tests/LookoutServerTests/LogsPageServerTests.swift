import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import LookoutQuery
import LookoutStore
import LookoutWeb
import Testing

@testable import LookoutServer

@Suite("Logs page")
struct LogsPageServerTests {
  static func encoded(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
  }

  static func form(
    _ client: any TestClientProtocol, _ uri: String, _ fields: [(String, String)]
  ) async throws -> String {
    var headers = TestApp.bearerAPI
    headers[.contentType] = "application/x-www-form-urlencoded"
    let body = fields.map { "\($0.0)=\(encoded($0.1))" }.joined(separator: "&")
    return try await client.execute(
      uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)
    ) { response in
      #expect(response.status == .seeOther, "\(String(buffer: response.body))")
      return response.headers[.location] ?? ""
    }
  }

  @Test("the default query runs server-side into a table and a time series")
  func defaultQuery() async throws {
    try await TestApp.run { client, _ in
      try await WebPageTests.push(client)
      let html = try await WebPageTests.page(client, "/logs")
      #expect(html.contains("<title>Logs · Lookout</title>"))
      #expect(html.contains("aria-current=\"page\">Logs</a>"))
      #expect(html.contains("data-shape=\"timeseries\""))
      #expect(html.contains("svg class=\"chart timeseries\""))
      // The 10 requests in status classes 2xx, 4xx, 5xx: three lines and their rows.
      #expect(html.components(separatedBy: "class=\"line s").count - 1 == 3)
      #expect(html.contains("data-testid=\"query-table\""))
      #expect(html.contains("rows scanned"))
      #expect(html.contains("answered from rollups"))
    }
  }

  @Test("a query by route draws bars and escapes what the data holds")
  func barsAndEscaping() async throws {
    try await TestApp.run { client, _ in
      try await WebPageTests.push(client)
      let query = "source requests | stats count(*) as n by path | sort n desc"
      let html = try await WebPageTests.page(
        client, "/logs?q=\(Self.encoded(query))&from=now-2h&to=now")
      #expect(html.contains("data-shape=\"bars\""))
      #expect(html.contains("/api/v1/orders</td><td class=\"num\">3</td>"))
      #expect(!html.contains(WebPageTests.xss))
      #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
      // The range is shown as the preset it is.
      #expect(html.contains("Last 2 hours") || html.contains("value=\"now-2h\""))
    }
  }

  @Test("the environment picker scopes the query")
  func environmentPicker() async throws {
    try await TestApp.run { client, _ in
      try await WebPageTests.push(client)  // 10 requests, all in production
      let query = Self.encoded("source requests | stats count(*) as n")
      let all = try await WebPageTests.page(client, "/logs?q=\(query)")
      let production = try await WebPageTests.page(client, "/logs?q=\(query)&env=production")
      let staging = try await WebPageTests.page(client, "/logs?q=\(query)&env=staging")
      #expect(all.contains("<td class=\"num\">10</td>"))
      #expect(production.contains("<td class=\"num\">10</td>"))
      #expect(staging.contains("No rows in this range."))
      #expect(!staging.contains("<td class=\"num\">10</td>"))
    }
  }

  @Test("a query error is shown with its position marked")
  func errorPosition() async throws {
    try await TestApp.run { client, _ in
      let query = "source requests\n| stats count(*) by nope"
      let html = try await WebPageTests.page(client, "/logs?q=\(Self.encoded(query))")
      #expect(html.contains("data-testid=\"query-error\""))
      #expect(html.contains("unknown field &#39;nope&#39;"))
      #expect(html.contains("at line 2, column 21"))
      #expect(html.contains("count(*) by <mark>n</mark>ope"))
      let index = (query as NSString).range(of: "nope").location
      #expect(html.contains("data-error-index=\"\(index)\""))
      #expect(!html.contains("data-testid=\"query-result\""))
      // A form sends the textarea's lines joined by CRLF: the positions are the editor's.
      let crlf = try await WebPageTests.page(
        client, "/logs?q=\(Self.encoded(query.replacingOccurrences(of: "\n", with: "\r\n")))")
      #expect(crlf.contains("data-error-index=\"\(index)\""))
    }
  }

  @Test("a result past its budget shows the partial banner")
  func partialBanner() async throws {
    try await TestApp.run { client, runtime in
      try await WebPageTests.push(client)
      // The same page, behind a router whose budget allows 3 rows.
      let renderer = try WebRenderer()
      let router = Router(context: LookoutRequestContext.self)
      LogsPageRoutes(
        web: WebRoutes(runtime: runtime, renderer: renderer),
        budget: QueryBudget(maxRowsScanned: 3)
      ).register(on: router)
      let application = Application(router: router)
      try await application.test(.router) { small in
        let query = "source requests | fields path"
        try await small.execute(uri: "/logs?q=\(Self.encoded(query))", method: .get) { response in
          let html = String(buffer: response.body)
          #expect(response.status == .ok)
          #expect(html.contains("data-testid=\"partial-banner\""))
          #expect(html.contains("Partial result:"))
        }
      }
    }
  }

  @Test("the patterns tab groups request paths")
  func patterns() async throws {
    try await TestApp.run { client, _ in
      try await WebPageTests.push(client)
      let html = try await WebPageTests.page(client, "/logs?tab=patterns&source=requests")
      #expect(html.contains("<code>source requests | pattern path</code>"))
      #expect(html.contains("@sampleCount"))
      // The miner splits at spaces, so a path is one token: nine of the ten are one pattern.
      #expect(html.contains("<td class=\"num\">0.9</td><td class=\"num\">9</td>"))
      #expect(!html.contains(WebPageTests.xss))
      // An unknown source falls back to one the server has.
      let fallback = try await WebPageTests.page(client, "/logs?tab=patterns&source=nope")
      #expect(fallback.contains("pattern"))
    }
  }

  @Test("the page's forms save, show on the Overview, and delete a query")
  func forms() async throws {
    try await TestApp.run { client, runtime in
      try await WebPageTests.push(client)
      let query = "source requests | stats count(*) as requests by method"
      let location = try await Self.form(
        client, "/logs/saved",
        [
          ("name", "By method"), ("query", query), ("from", "now-1h"), ("to", "now"),
          ("chart", "bar"),
        ])
      let saved = try #require(
        try runtime.meta.savedQueries(project: 1).first { $0.name == "By method" })
      let id = try #require(saved.id)
      #expect(location.contains("saved=\(id)") && location.hasPrefix("/logs?q="))
      #expect(saved.chart == .bar && !saved.onDashboard)
      // The edit view, then "Save changes" writes the same row back.
      let editing = try await WebPageTests.page(client, location)
      #expect(editing.contains("Save changes"))
      _ = try await Self.form(
        client, "/logs/saved",
        [
          ("id", String(id)), ("name", "Requests by method"),
          ("query", query + " | sort requests desc"),
        ])
      #expect(try runtime.meta.savedQuery(id: id)?.name == "Requests by method")
      #expect(try runtime.meta.savedQueries(project: 1).count == DefaultDashboard.panels.count + 1)

      let back = try await Self.form(
        client, "/logs/saved/\(id)/dashboard", [("on_dashboard", "true"), ("return", "/logs")])
      #expect(back == "/logs")
      let overview = try await WebPageTests.page(client, "/")
      #expect(overview.contains("data-saved-query=\"\(id)\""))
      #expect(overview.contains("Requests by method"))
      _ = try await Self.form(
        client, "/logs/saved/\(id)/dashboard", [("on_dashboard", "false"), ("return", "/")])
      #expect(!(try await WebPageTests.page(client, "/")).contains("data-saved-query=\"\(id)\""))
      let afterDelete = try await Self.form(
        client, "/logs/saved/\(id)/delete", [("return", location)])
      #expect(afterDelete == "/logs")
      #expect(try runtime.meta.savedQuery(id: id) == nil)
      // A return address off the site is not followed.
      let seeded = try #require(try runtime.meta.savedQueries(project: 1).first?.id)
      let offsite = try await Self.form(
        client, "/logs/saved/\(seeded)/dashboard",
        [("on_dashboard", "true"), ("return", "//evil.example/")])
      #expect(offsite == "/")
    }
  }
}
