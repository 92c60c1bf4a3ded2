import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import LookoutServer

@Suite("GET/POST /api/v1/query")
struct QueryAPITests {
  static func pushLines(_ client: any TestClientProtocol) async throws {
    try await client.execute(
      uri: "/api/ingest/nginx?env=dev", method: .post, headers: TestApp.bearerIngest,
      body: ByteBuffer(string: IngestPushTests.lines.joined(separator: "\n"))
    ) { response in #expect(response.status == .ok) }
  }

  static func uri(_ query: String, _ extra: String = "") -> String {
    let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    return "/api/v1/query?q=\(encoded)&\(IngestPushTests.range)\(extra)"
  }

  @Test("a query over pushed lines: rollups and raw blocks give the same counts")
  func queryPushedLines() async throws {
    try await TestApp.run { client, _ in
      try await Self.pushLines(client)
      let query =
        "source requests | stats count(*) as n, max(duration) as slowest by route"
        + " | sort route"
      for extra in ["", "&rollups=off"] {
        try await client.execute(
          uri: Self.uri(query, extra), method: .get, headers: TestApp.bearerAPI
        ) { response in
          #expect(response.status == .ok)
          let result = try #require(
            try IngestPushTests.json(response.body)["result"] as? [String: Any])
          #expect(result["columns"] as? [String] == ["route", "n", "slowest"])
          let rows = try #require(result["rows"] as? [[Any]])
          #expect(rows.count == 2)
          #expect(rows.first?[0] as? String == "/api/v1/orders")
          #expect(rows.last?[0] as? String == "/api/v1/users/{id}")
          #expect(rows.last?[1] as? Int == 2)
          #expect((rows.last?[2] as? Double).map { abs($0 - 300) < 0.001 } == true)
          let statistics = try #require(result["statistics"] as? [String: Any])
          #expect(statistics["usedRollups"] as? Bool == extra.isEmpty)
        }
      }
    }
  }

  @Test("errors carry their position; no token, no answer; fields for completion")
  func errorsAndFields() async throws {
    try await TestApp.run { client, _ in
      try await client.execute(
        uri: Self.uri("source requests | stats count(*) by , route"), method: .get,
        headers: TestApp.bearerAPI
      ) { response in
        #expect(response.status == .badRequest)
        let body = try IngestPushTests.json(response.body)
        #expect(body["error"] as? String == "query_error")
        let position = try #require(body["position"] as? [String: Any])
        #expect(position["line"] as? Int == 1)
        #expect(position["column"] as? Int == 37)
      }
      try await client.execute(
        uri: "/api/v1/query?q=source%20requests&from=yesterday-ish", method: .get,
        headers: TestApp.bearerAPI
      ) { response in #expect(response.status == .badRequest) }
      try await client.execute(uri: Self.uri("source requests"), method: .get) { response in
        #expect(response.status == .unauthorized)
      }
      try await client.execute(
        uri: "/api/v1/query", method: .post, headers: TestApp.bearerAPI,
        body: ByteBuffer(
          string:
            #"{"query": "source requests | stats count(*) as n", "from": "2024-06-05T00:00:00Z", "to": "2024-06-05T01:00:00Z"}"#
        )
      ) { response in
        #expect(response.status == .ok)
        let result = try #require(
          try IngestPushTests.json(response.body)["result"] as? [String: Any])
        #expect(result["columns"] as? [String] == ["n"])
      }
      try await client.execute(
        uri: "/api/v1/query/fields", method: .get, headers: TestApp.bearerAPI
      ) { response in
        let body = try IngestPushTests.json(response.body)
        let sources = try #require(body["sources"] as? [String: [[String: Any]]])
        #expect(Set(sources.keys).isSuperset(of: ["requests", "spans", "slowqueries", "errors"]))
        #expect(sources["requests"]?.contains { $0["name"] as? String == "route" } == true)
        #expect((body["functions"] as? [String])?.contains("strlen") == true)
      }
    }
  }
}
