import Foundation
import Hummingbird
import HummingbirdTesting
import LookoutCore
import Testing

@testable import LookoutServer

/// Slow logs pushed over HTTP, then read back through the JSON API and the pages.
@Suite("Slow queries over HTTP")
struct SlowQueryServerTests {
  static let fixtures = BrowserTests.repository.appendingPathComponent(
    "Tests/LookoutIngestTests/Fixtures/slowlog")

  /// 26 hours of the demo's slow log, ending now: one class got slower in the last two
  /// hours, one is new in the last hour.
  static func demoLog() -> String {
    var generator = DemoSlowLogGenerator(seed: 11)
    let now = Date().timeIntervalSince1970
    return generator.log(count: 6_000, from: now - 26 * 3600, span: 26 * 3600 - 60, now: now)
  }

  static func push(
    _ client: any TestClientProtocol, _ body: String, query: String = "format=mysql"
  ) async throws -> [String: Any] {
    try await client.execute(
      uri: "/api/ingest/slowlog?\(query)", method: .post, headers: TestApp.bearerIngest,
      body: ByteBuffer(string: body)
    ) { response in
      #expect(response.status == .ok, "\(String(buffer: response.body))")
      return try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
        ?? [:]
    }
  }

  static func json(_ client: any TestClientProtocol, _ uri: String) async throws -> [String: Any] {
    try await client.execute(uri: uri, method: .get, headers: TestApp.bearerAPI) { response in
      #expect(response.status == .ok, "\(uri): \(String(buffer: response.body))")
      return try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
        ?? [:]
    }
  }

  @Test("a pushed log: digest API with markers, class API, both pages")
  func pushAndRead() async throws {
    try await TestApp.run { client, _ in
      let log = Self.demoLog()
      let pushed = try await Self.push(client, log + "# Time: garbage\nnot a statement\n")
      #expect(pushed["accepted"] as? Int == 6_000)

      let digest = try await Self.json(client, "/api/v1/slowqueries?from=now-1h")
      let classes = try #require(digest["classes"] as? [[String: Any]])
      #expect(!classes.isEmpty)
      let fingerprints = classes.compactMap { $0["fingerprint"] as? String }
      let talent = try #require(
        classes.first { ($0["fingerprint"] as? String)?.contains("talents") == true })
      #expect(talent["new"] as? Bool == true, "\(fingerprints)")
      let orders = try #require(
        classes.first {
          ($0["fingerprint"] as? String)?.hasPrefix("select count(*) from orders") == true
        })
      let slower = try #require(orders["slower"] as? [String: Any])
      #expect(slower["against"] as? String == "previous day")
      #expect((slower["ratio"] as? Double ?? 0) > 2)
      #expect(classes.filter { $0["slower"] != nil }.count == 1)
      // Ranked by total time.
      let totals = classes.compactMap { $0["total_s"] as? Double }
      #expect(totals == totals.sorted(by: >))

      let id = try #require(orders["id"] as? String)
      let detail = try await Self.json(client, "/api/v1/slowqueries/\(id)?from=now-3h&step=10m")
      #expect((18...19).contains((detail["points"] as? [Any])?.count ?? 0))
      let slowest = try #require(detail["slowest"] as? [[String: Any]])
      #expect(!slowest.isEmpty)
      let times = slowest.compactMap { $0["query_ms"] as? Double }
      #expect(times == times.sorted(by: >))
      #expect(
        (slowest.first?["statement"] as? String)?.hasPrefix("SELECT COUNT(*) FROM orders") == true)

      let list = try await WebPageTests.page(client, "/slow-queries?range=6h")
      #expect(list.contains("data-testid=\"slowquery-table\""))
      #expect(list.contains("select count(*) from orders"))
      #expect(list.contains("badge slower"))
      #expect(list.contains("badge new"))
      #expect(list.contains("Average time per query class"))
      let overview = try await WebPageTests.page(client, "/?range=6h")
      #expect(overview.contains("data-testid=\"overview-slow-queries\""))
      #expect(overview.contains("/slow-queries/\(id)"))
      let page = try await WebPageTests.page(client, "/slow-queries/\(id)?range=6h")
      #expect(page.contains("data-testid=\"slowquery-samples\""))
      #expect(page.contains("SELECT COUNT(*) FROM orders WHERE buyer_id"))
      #expect(page.contains("shop"))
      try await client.execute(
        uri: "/api/v1/slowqueries/0000000000000000", method: .get, headers: TestApp.bearerAPI
      ) { response in
        #expect(response.status == .notFound)
      }
    }
  }

  @Test("PostgreSQL stderr and csvlog pushes; statements are shown as text")
  func postgresAndEscaping() async throws {
    try await TestApp.run { client, _ in
      let stderr = try String(
        contentsOf: Self.fixtures.appendingPathComponent("postgres15-debian.log"), encoding: .utf8)
      let first = try await Self.push(client, stderr, query: "format=postgres&env=dev")
      #expect((first["accepted"] as? Int ?? 0) > 50)
      #expect(first["bad_entries"] as? Int == 0)
      let csv = try String(
        contentsOf: Self.fixtures.appendingPathComponent("postgres15.csv"), encoding: .utf8)
      let second = try await Self.push(client, csv, query: "format=postgres-csv&env=dev")
      #expect((second["accepted"] as? Int ?? 0) > 50)
      let now = Date()
      let stamp = ISO8601DateFormatter().string(from: now.addingTimeInterval(-60))
      let xss =
        "# Time: \(stamp)\n# Query_time: 1.5  Lock_time: 0  Rows_sent: 1  Rows_examined: 1\nSELECT '<script>alert(1)</script>' FROM dual;\n"
      _ = try await Self.push(client, xss)
      let list = try await WebPageTests.page(client, "/slow-queries")
      #expect(!list.contains("<script>alert(1)</script>"))
      #expect(list.contains("select ? from dual"))
      let digest = try await Self.json(client, "/api/v1/slowqueries?from=now-1h")
      let id = try #require((digest["classes"] as? [[String: Any]])?.first?["id"] as? String)
      let page = try await WebPageTests.page(client, "/slow-queries/\(id)")
      #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
      #expect(!page.contains("<script>alert(1)</script>"))
    }
  }

  @Test("bad input: clear 4xx, truncated entries counted, the rest kept")
  func badInput() async throws {
    try await TestApp.run { client, runtime in
      try await client.execute(
        uri: "/api/ingest/slowlog?format=oracle", method: .post, headers: TestApp.bearerIngest,
        body: ByteBuffer(string: "x")
      ) { response in
        #expect(response.status == .badRequest)
        #expect(String(buffer: response.body).contains("unknown slow log format"))
      }
      try await client.execute(
        uri: "/api/ingest/slowlog", method: .post, headers: [:], body: ByteBuffer(string: "x")
      ) { response in
        #expect(response.status == .unauthorized)
      }
      var junk = [UInt8](repeating: 0, count: 4096)
      for index in junk.indices {
        junk[index] = UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 7)
      }
      try await client.execute(
        uri: "/api/ingest/slowlog", method: .post, headers: TestApp.bearerIngest,
        body: ByteBuffer(bytes: Array("# Query_time: x\n".utf8) + junk)
      ) { response in
        #expect(response.status == .badRequest)
      }
      let stamp = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-30))
      let huge = String(repeating: "a", count: 10 << 20)
      let body = """
        # Time: \(stamp)
        # User@Host: app[app] @ [10.0.0.1]  Id: 1
        # Query_time: 0.5  Lock_time: 0  Rows_sent: 1  Rows_examined: 9
        SELECT 1;
        # Time: \(stamp)
        # User@Host: app[app] @ [10.0.0.1]  Id: 1
        truncated entry without its query time
        # Time: \(stamp)
        # Query_time: 2.0  Lock_time: 0  Rows_sent: 0  Rows_examined: 0
        INSERT INTO blobs VALUES ('\(huge)');

        """
      let result = try await Self.push(client, body)
      #expect(result["accepted"] as? Int == 2)
      #expect(result["bad_entries"] as? Int == 1)
      let digest = try await Self.json(client, "/api/v1/slowqueries?from=now-1h")
      let classes = try #require(digest["classes"] as? [[String: Any]])
      // The 10 MB statement is kept up to the decoder's 1 MiB cap, cut inside its string.
      #expect(
        Set(classes.compactMap { $0["fingerprint"] as? String })
          == ["select ?", "insert into blobs values (?"])
      let stats = runtime.ingestStats.snapshot().first { $0.name == "slowlog:push" }
      #expect((stats?.badLines ?? 0) >= 2)
    }
  }
}
