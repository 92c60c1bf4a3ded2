import Foundation
import Hummingbird
import HummingbirdTesting
import LookoutQuery
import LookoutStore
import LookoutWeb
import Testing

@testable import LookoutServer

@Suite("Saved queries")
struct SavedQueryTests {
  static var jsonAPI: HTTPFields {
    var fields = TestApp.bearerAPI
    fields[.contentType] = "application/json"
    return fields
  }

  /// Sends `body` (JSON text) and returns the status and the decoded answer.
  static func call(
    _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String,
    _ body: String? = nil
  ) async throws -> (HTTPResponse.Status, [String: Any]) {
    try await client.execute(
      uri: uri, method: method, headers: jsonAPI, body: body.map { ByteBuffer(string: $0) }
    ) { response in
      let object =
        response.body.readableBytes > 0
        ? try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
        : nil
      return (response.status, object ?? [:])
    }
  }

  static func list(_ client: any TestClientProtocol, _ query: String = "") async throws
    -> [[String: Any]]
  {
    let (status, answer) = try await call(client, .get, "/api/v1/saved-queries\(query)")
    #expect(status == .ok)
    return answer["queries"] as? [[String: Any]] ?? []
  }

  @Test("create, read, change and delete a saved query")
  func crud() async throws {
    try await TestApp.run { client, _ in
      let (created, query) = try await Self.call(
        client, .post, "/api/v1/saved-queries",
        #"{"name": " 5xx by route ", "query": "source requests | filter status >= 500 | stats count(*) by route", "from": "now-6h", "chart": "bar"}"#
      )
      #expect(created == .created)
      let id = try #require(query["id"] as? Int)
      #expect(query["name"] as? String == "5xx by route")
      #expect(query["from"] as? String == "now-6h" && query["to"] as? String == "now")
      #expect(query["chart"] as? String == "bar" && query["on_dashboard"] as? Bool == false)
      #expect(query["project"] as? Int == 1)

      let (read, same) = try await Self.call(client, .get, "/api/v1/saved-queries/\(id)")
      #expect(read == .ok && same["name"] as? String == "5xx by route")
      #expect(try await Self.list(client).contains { $0["id"] as? Int == id })

      // PUT changes what it sends; joining the dashboard places the panel last.
      let (changed, updated) = try await Self.call(
        client, .put, "/api/v1/saved-queries/\(id)",
        #"{"name": "Server errors", "on_dashboard": true}"#)
      #expect(changed == .ok)
      #expect(updated["name"] as? String == "Server errors")
      #expect(updated["query"] as? String == query["query"] as? String)
      #expect(updated["on_dashboard"] as? Bool == true)
      let dashboard = try await Self.list(client, "?dashboard=true")
      #expect(dashboard.last?["id"] as? Int == id)
      #expect(updated["position"] as? Int == DefaultDashboard.panels.count)

      let (deleted, _) = try await Self.call(client, .delete, "/api/v1/saved-queries/\(id)")
      #expect(deleted == .noContent)
      let (gone, missing) = try await Self.call(client, .get, "/api/v1/saved-queries/\(id)")
      #expect(gone == .notFound && missing["error"] as? String == "not_found")
      let (again, _) = try await Self.call(client, .delete, "/api/v1/saved-queries/\(id)")
      #expect(again == .notFound)
      let (putMissing, _) = try await Self.call(
        client, .put, "/api/v1/saved-queries/\(id)", #"{"name": "x"}"#)
      #expect(putMissing == .notFound)
    }
  }

  @Test(
    "invalid saved queries answer 400 with the reason",
    arguments: [
      (#"{"query": "source requests"}"#, "bad_request", "name is required"),
      (#"{"name": "  ", "query": "source requests"}"#, "bad_request", "name is required"),
      (#"{"name": "x"}"#, "bad_request", "query is required"),
      (
        #"{"name": "x", "query": "source requests", "chart": "pie"}"#, "bad_request",
        "chart must be one of"
      ),
      (#"{"name": "x", "query": "source requests", "from": "yesterday-ish"}"#, "bad_request", ""),
      (
        #"{"name": "x", "query": "source requests", "project": 99}"#, "bad_request", "no project 99"
      ),
      (#"{"name": "x", "query": "source requests | stats count(* by route"}"#, "query_error", ""),
      (#"{"name": "x", "query": "source nowhere"}"#, "query_error", "unknown source 'nowhere'"),
      (#"not json"#, "bad_request", "the body must be JSON"),
    ])
  func validation(body: String, error: String, detail: String) async throws {
    try await TestApp.run { client, _ in
      let before = try await Self.list(client).count
      let (status, answer) = try await Self.call(client, .post, "/api/v1/saved-queries", body)
      #expect(status == .badRequest)
      #expect(answer["error"] as? String == error)
      let text = answer["detail"] as? String ?? ""
      #expect(!text.isEmpty && (detail.isEmpty || text.contains(detail)), "\(answer)")
      #expect(try await Self.list(client).count == before)
    }
  }

  @Test("a query error carries its position; bad ids are refused")
  func queryErrorPosition() async throws {
    try await TestApp.run { client, _ in
      let (status, answer) = try await Self.call(
        client, .post, "/api/v1/saved-queries",
        #"{"name": "x", "query": "source requests\n| frobnicate"}"#)
      #expect(status == .badRequest && answer["error"] as? String == "query_error")
      let position = try #require(answer["position"] as? [String: Any])
      #expect(position["line"] as? Int == 2 && position["column"] as? Int == 3)
      let (badID, _) = try await Self.call(client, .get, "/api/v1/saved-queries/abc")
      #expect(badID == .badRequest)
      let id = try #require(try await Self.list(client).first?["id"] as? Int)
      let (emptied, _) = try await Self.call(
        client, .put, "/api/v1/saved-queries/\(id)", #"{"query": ""}"#)
      #expect(emptied == .badRequest)
      try await client.execute(uri: "/api/v1/saved-queries", method: .get) { response in
        #expect(response.status == .unauthorized)
      }
    }
  }

  @Test("the default dashboard is seeded once, and its queries run over real data")
  func defaultDashboard() async throws {
    let configuration = TestApp.configuration()
    defer { try? FileManager.default.removeItem(atPath: configuration.dataDirectory) }
    try await TestApp.run(configuration, removeData: false) { client, runtime in
      let seeded = try await Self.list(client, "?dashboard=true")
      #expect(seeded.map { $0["name"] as? String } == DefaultDashboard.panels.map(\.name))
      #expect(seeded.map { $0["position"] as? Int } == Array(0..<DefaultDashboard.panels.count))
      // Traffic, slow queries and an error event, then every default query runs cleanly.
      var generator = DemoTrafficGenerator(seed: 3)
      let now = Date().timeIntervalSince1970
      try await client.execute(
        uri: "/api/ingest/nginx?env=production", method: .post, headers: TestApp.bearerIngest,
        body: ByteBuffer(
          string: generator.lines(count: 2_000, from: now - 1_800, span: 1_700).joined(
            separator: "\n"))
      ) { response in #expect(response.status == .ok) }
      _ = try await SlowQueryServerTests.push(client, SlowQueryServerTests.demoLog())
      let engine = runtime.queryCatalog.engine(project: 1)
      let range = try QueryRange.resolve(from: "now-1h", to: "now", now: Int64(now * 1e6))
      for panel in DefaultDashboard.panels {
        let result = try await engine.run(panel.query, range: range, budget: QueryBudget())
        if !panel.query.contains("source errors") {
          #expect(!result.rows.isEmpty, "\(panel.name)")
        }
      }
      let overview = try await WebPageTests.page(client, "/")
      #expect(
        overview.components(separatedBy: "data-testid=\"dashboard-panel\"").count - 1
          == DefaultDashboard.panels.count)
      #expect(!overview.contains("data-testid=\"panel-error\""))
      #expect(overview.contains("Open in Logs"))
      for query in seeded {
        let id = try #require(query["id"] as? Int)
        let (status, _) = try await Self.call(client, .delete, "/api/v1/saved-queries/\(id)")
        #expect(status == .noContent)
      }
    }
    // A second start on the same data does not bring the deleted panels back.
    try await TestApp.run(configuration, removeData: false) { client, _ in
      #expect(try await Self.list(client).isEmpty)
      let overview = try await WebPageTests.page(client, "/")
      #expect(!overview.contains("data-testid=\"dashboard-panel\""))
    }
  }
}
