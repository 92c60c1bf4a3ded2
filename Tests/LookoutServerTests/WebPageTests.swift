import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import LookoutServer

@Suite("Web pages")
struct WebPageTests {
  /// nginx `$time_local` of `secondsAgo` before now, in UTC.
  static func timeLocal(secondsAgo: Double) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "dd/MMM/yyyy:HH:mm:ss Z"
    return formatter.string(from: Date().addingTimeInterval(-secondsAgo))
  }

  static let xss = "<script>alert(1)</script>"

  /// Ten requests in the last half hour: 6 users (a 500 taking 2.5 s and a 200 taking
  /// 2.4 s, so p95 is 2.4 s), 3 orders (one 404), one with an XSS payload in path and
  /// user agent; and one bad line.
  static func lines() -> [String] {
    var lines: [String] = []
    for index in 0..<6 {
      let status = index == 0 ? 500 : 200
      let time =
        ["2.500", "2.400"].indices.contains(index) ? ["2.500", "2.400"][index] : "0.0\(10 + index)"
      lines.append(
        #"203.0.113.\#(index) - - [\#(timeLocal(secondsAgo: Double(600 + index * 60)))] "GET /api/v1/users/\#(1000 + index) HTTP/1.1" \#(status) 512 "-" "curl/8.4.0" \#(time) \#(time)"#
      )
    }
    for index in 0..<3 {
      let status = index == 0 ? 404 : 201
      lines.append(
        #"198.51.100.\#(index) - - [\#(timeLocal(secondsAgo: 900))] "POST /api/v1/orders HTTP/1.1" \#(status) 80 "-" "okhttp/4.12.0" 0.120 0.119"#
      )
    }
    lines.append(
      #"192.0.2.1 - - [\#(timeLocal(secondsAgo: 300))] "GET /x/\#(xss) HTTP/1.1" 200 1 "-" "\#(xss)" 0.005 0.004"#
    )
    lines.append("this is not an access log line")
    return lines
  }

  static func page(_ client: any TestClientProtocol, _ uri: String) async throws -> String {
    try await client.execute(uri: uri, method: .get, headers: TestApp.bearerAPI) { response in
      #expect(response.status == .ok, "\(uri)")
      #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
      return String(buffer: response.body)
    }
  }

  static func push(_ client: any TestClientProtocol) async throws {
    try await client.execute(
      uri: "/api/ingest/nginx?env=production", method: .post, headers: TestApp.bearerIngest,
      body: ByteBuffer(string: lines().joined(separator: "\n"))
    ) { response in
      #expect(response.status == .ok)
    }
  }

  @Test("the overview shows totals, top errors, slowest endpoints and placeholders")
  func overview() async throws {
    try await TestApp.run { client, _ in
      try await Self.push(client)
      let html = try await Self.page(client, "/")
      #expect(html.contains("<title>Overview · Lookout</title>"))
      // 10 requests, one 5xx.
      #expect(html.contains(#"<span class="value">10</span><span class="label">Requests</span>"#))
      #expect(
        html.contains(#"<span class="value">10%</span><span class="label">Error rate</span>"#))
      // Top URLs by errors: users first (one 5xx), then orders (one 4xx).
      let users = try #require(
        html.range(of: "GET /api/v1/users/{id}</a></td><td class=\"num\">1<"))
      let orders = try #require(html.range(of: "POST /api/v1/orders</a></td><td class=\"num\">0<"))
      #expect(users.lowerBound < orders.lowerBound)
      // Slowest by p95: users (2.4 s) leads.
      let slowest = try #require(html.range(of: "data-testid=\"slowest-p95\""))
      let section = html[slowest.upperBound...]
      let firstRow = try #require(section.range(of: "<tr><td>"))
      #expect(
        section[firstRow.lowerBound...].prefix(200).contains(
          "GET /api/v1/users/{id}</a></td><td class=\"num\">2.4 s</td>"))
      #expect(html.contains("svg class=\"chart timeseries\""))
      #expect(html.contains("No data yet."))
      #expect(html.contains("sentry_sdk.init(dsn=&quot;http://\(TestApp.ingestKey)@"))
      #expect(!html.contains(Self.xss))
      #expect(html.contains("production"))
    }
  }

  @Test("the endpoints table sorts by any column, both ways, from the URL")
  func endpointsSorting() async throws {
    try await TestApp.run { client, _ in
      try await Self.push(client)
      let byP95 = try await Self.page(client, "/endpoints?sort=-p95")
      let order = ["GET /api/v1/users/{id}", "POST /api/v1/orders"].map {
        byP95.range(of: "data-endpoint=\"\($0)\"")?.lowerBound
      }
      #expect(order[0] != nil && order[1] != nil && order[0]! < order[1]!)
      let ascending = try await Self.page(client, "/endpoints?sort=p95")
      let reversed = ["GET /api/v1/users/{id}", "POST /api/v1/orders"].map {
        ascending.range(of: "data-endpoint=\"\($0)\"")?.lowerBound
      }
      #expect(reversed[0]! > reversed[1]!)
      #expect(byP95.contains("p95 ↓"))
      #expect(byP95.contains("svg class=\"sparkline\""))
      #expect(!byP95.contains(Self.xss))
      #expect(byP95.contains("&lt;script&gt;"))
    }
  }

  @Test("an endpoint page lists its slowest requests with escaped text")
  func endpointPage() async throws {
    try await TestApp.run { client, _ in
      try await Self.push(client)
      let users = try await Self.page(
        client, "/endpoint?method=GET&route=%2Fapi%2Fv1%2Fusers%2F%7Bid%7D&range=6h")
      #expect(
        users.contains(
          "/api/v1/users/1000</td><td class=\"num bad\">500</td><td class=\"num\">2.5 s</td>"))
      #expect(users.contains("svg class=\"chart histogram\""))
      #expect(users.contains("svg class=\"chart stacked\""))
      #expect(users.contains(#"<span class="value">6</span><span class="label">Requests</span>"#))
      let xss = try await Self.page(
        client, "/endpoint?method=GET&route=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
      #expect(!xss.contains(Self.xss))
      let missing = try await Self.page(client, "/endpoint?method=GET&route=%2Fnope")
      #expect(missing.contains("No requests to this endpoint in this range"))
    }
  }

  @Test("ingest health counts lines and shows bad lines with their line number")
  func ingestHealth() async throws {
    try await TestApp.run { client, _ in
      try await Self.push(client)
      let html = try await Self.page(client, "/ingest")
      // 11 lines in, one of them bad.
      #expect(
        html.contains(
          "<td class=\"num\">11</td><td class=\"num bad\">1</td><td class=\"num\">9.1%</td>"))
      #expect(html.contains("line 11:"))
      #expect(html.contains("this is not an access log line"))
    }
  }

  @Test("pages need a login; the stylesheet and script do not")
  func access() async throws {
    try await TestApp.run { client, _ in
      for path in ["/", "/endpoints", "/endpoint?route=%2F", "/ingest"] {
        try await client.execute(uri: path, method: .get) { response in
          #expect(response.status == .seeOther)
          #expect(response.headers[.location]?.hasPrefix("/login") == true)
        }
      }
      for path in ["/static/lookout.css", "/static/lookout.js"] {
        try await client.execute(uri: path, method: .get) { response in
          #expect(response.status == .ok)
          #expect(response.body.readableBytes > 1_000)
        }
      }
    }
  }

  @Test("the issue list filters by status, environment and search, with sparklines")
  func issues() async throws {
    try await TestApp.run { client, runtime in
      let empty = try await Self.page(client, "/issues")
      #expect(empty.contains("No issues match"))
      #expect(empty.contains("sentry_sdk.init(dsn=&quot;http://\(TestApp.ingestKey)@"))
      let now = Date().timeIntervalSince1970
      for (index, (message, environment)) in [
        ("Payment 42 failed", "production"), ("Payment 7 failed", "production"),
        ("<script>alert(1)</script> in template", "dev"),
      ].enumerated() {
        let event =
          #"{"event_id":"\#(String(format: "%032x", index + 1))","timestamp":\#(now - 300),"message":"\#(message)","environment":"\#(environment)"}"#
        var body = Array(#"{}"#.utf8) + [10] + Array(#"{"type":"event"}"#.utf8) + [10]
        body += Array(event.utf8)
        try await client.execute(
          uri: "/api/1/envelope/", method: .post, headers: SentryIngestTests.auth,
          body: ByteBuffer(bytes: body)
        ) { response in #expect(response.status == .ok) }
      }
      let list = try await Self.page(client, "/issues")
      #expect(list.components(separatedBy: "data-issue=").count - 1 == 2)
      #expect(list.contains("Payment 42 failed"))
      #expect(list.contains("svg class=\"sparkline\""))
      #expect(!list.contains("<script>alert(1)</script>"))
      #expect(list.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
      let dev = try await Self.page(client, "/issues?env=dev")
      #expect(dev.components(separatedBy: "data-issue=").count - 1 == 1)
      let search = try await Self.page(client, "/issues?query=Payment")
      #expect(search.components(separatedBy: "data-issue=").count - 1 == 1)
      let id = try #require(
        try runtime.errors.issues(.init()).first { $0.title.hasPrefix("Payment") }?.id)
      _ = try await runtime.errors.apply(.resolve, to: id, now: Int64(now * 1e6))
      let unresolved = try await Self.page(client, "/issues")
      #expect(!unresolved.contains("Payment 42 failed"))
      let resolved = try await Self.page(client, "/issues?status=resolved")
      #expect(resolved.contains("Payment 42 failed"))
      // The Overview lists the unresolved new issue of the range, not the resolved one.
      let overview = try await Self.page(client, "/")
      #expect(overview.contains("data-testid=\"new-issues\""))
      #expect(overview.contains("&lt;script&gt;alert(1)&lt;/script&gt; in template"))
      #expect(!overview.contains("Payment 42 failed</a>"))
    }
  }

  @Test("the issue page shows the stack, breadcrumbs and tags, and its forms act")
  func issuePage() async throws {
    try await TestApp.run { client, runtime in
      let now = Date().timeIntervalSince1970
      for index in 1...2 {
        let event = """
          {"event_id":"\(String(format: "%032x", index))","timestamp":\(now - Double(600 - index)),
          "environment":"production","release":"shop@1.0","tags":{"customer":"acme"},
          "exception":{"values":[{"type":"ValueError","value":"bad id \(index)",
          "stacktrace":{"frames":[
          {"module":"django.core","function":"dispatch","lineno":10,"in_app":false},
          {"module":"shop.views","function":"checkout","lineno":42,"in_app":true,
           "context_line":"    total = parse(cart)","pre_context":["def checkout(cart):"],
           "post_context":["    return total"]}]}}]},
          "breadcrumbs":{"values":[{"timestamp":\(now - 700),"category":"query","message":"SELECT 1"}]}}
          """
        // One line: an item without a length ends at the first newline.
        var body = Array("{}".utf8) + [10] + Array(#"{"type":"event"}"#.utf8) + [10]
        body += Array(event.replacingOccurrences(of: "\n", with: "").utf8)
        try await client.execute(
          uri: "/api/1/envelope/", method: .post, headers: SentryIngestTests.auth,
          body: ByteBuffer(bytes: body)
        ) { response in #expect(response.status == .ok) }
      }
      let id = try #require(try runtime.errors.issues(.init()).first?.id)
      let html = try await Self.page(client, "/issues/\(id)")
      #expect(html.contains("<title>ValueError: bad id 1 · Lookout</title>"))
      #expect(
        html.contains(
          #"<details class="frame in-app" open><summary><code>shop.views line 42</code> in <code>checkout</code>"#
        ))
      #expect(
        html.contains(
          #"<span class="current"><span class="lineno">42</span>     total = parse(cart)</span>"#))
      #expect(html.contains("SELECT 1"))
      #expect(html.contains("<strong>customer</strong>"))
      #expect(html.contains("data-testid=\"older-event\""))
      #expect(!html.contains("data-testid=\"newer-event\""))
      // The older event's page links back to the newer one and has no older one.
      let older = try await Self.page(client, "/issues/\(id)?event=\(String(format: "%032x", 1))")
      #expect(older.contains("data-testid=\"newer-event\""))
      #expect(!older.contains("data-testid=\"older-event\""))
      #expect(older.contains(String(format: "%032x", 1)))
      try await client.execute(
        uri: "/issues/\(id)/action", method: .post,
        headers: [
          .authorization: "Bearer \(TestApp.apiToken)",
          .contentType: "application/x-www-form-urlencoded",
        ], body: ByteBuffer(string: "status=resolved&return=%2Fissues%2F\(id)")
      ) { response in
        #expect(response.status == .seeOther)
        #expect(response.headers[.location] == "/issues/\(id)")
      }
      #expect(try runtime.errors.issue(id: id)?.status == "resolved")
      let resolved = try await Self.page(client, "/issues/\(id)")
      #expect(resolved.contains("value=\"unresolved\">Unresolve</button>"))
      #expect(resolved.contains("data-testid=\"merge-form\""))
      #expect(resolved.contains("data-testid=\"ignore-events\""))
      // Ignore until 10 more events: the form of the page.
      let form: HTTPFields = [
        .authorization: "Bearer \(TestApp.apiToken)",
        .contentType: "application/x-www-form-urlencoded",
      ]
      try await client.execute(
        uri: "/issues/\(id)/action", method: .post, headers: form,
        body: ByteBuffer(string: "status=ignored&ignore_events=10")
      ) { response in #expect(response.status == .seeOther) }
      let ignored = try #require(try runtime.errors.issue(id: id))
      #expect(ignored.status == "ignored")
      #expect(ignored.ignoreUntilCount == ignored.count + 10)
      try await client.execute(
        uri: "/issues/\(id)/action", method: .post, headers: form,
        body: ByteBuffer(string: "status=ignored&ignore_events=none")
      ) { response in #expect(response.status == .badRequest) }
      // The Ingest page lists the project with its DSN.
      let ingest = try await Self.page(client, "/ingest")
      #expect(ingest.contains("data-testid=\"dsn\">http://\(TestApp.ingestKey)@"))
    }
  }

  @Test("auto-refresh is off unless the URL asks for it")
  func refresh() async throws {
    try await TestApp.run { client, _ in
      let off = try await Self.page(client, "/")
      #expect(!off.contains("http-equiv=\"refresh\""))
      let on = try await Self.page(client, "/endpoints?refresh=30")
      #expect(on.contains("<meta http-equiv=\"refresh\" content=\"30\">"))
      // Links keep the state: the navigation to the overview carries refresh=30.
      #expect(on.contains("href=\"/?refresh=30\""))
    }
  }

  @Test("a store that fails to read gives a page that says so, in the header")
  func errorPage() async throws {
    try await TestApp.run { client, runtime in
      try await Self.push(client)
      try await runtime.requests.database.write { db in
        try db.execute(sql: "UPDATE request_rollup SET sketch = x'00'")
      }
      try await client.execute(uri: "/", method: .get, headers: TestApp.bearerAPI) { response in
        #expect(response.status == .internalServerError)
        let html = String(buffer: response.body)
        #expect(html.contains("This page could not be read from the store"))
        #expect(html.contains("data-testid=\"range-picker\""))
      }
    }
  }

  @Test("an empty store says how to send data")
  func emptyStates() async throws {
    try await TestApp.run { client, _ in
      let overview = try await Self.page(client, "/")
      #expect(overview.contains("No requests in this range"))
      #expect(overview.contains("/api/ingest/nginx"))
      let endpoints = try await Self.page(client, "/endpoints")
      #expect(endpoints.contains("No endpoints in this range"))
      let ingest = try await Self.page(client, "/ingest")
      #expect(ingest.contains("Nothing received since the server started"))
    }
  }
}
