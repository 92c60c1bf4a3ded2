import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import LookoutServer

/// Logs pushed over Loki, read back with the query language, and their patterns mined as
/// they arrive.
@Suite("Logs through the query language and continuous patterns")
struct LogQueryTests {
  static let now = Int64(Date().timeIntervalSince1970) * 1_000_000

  /// Loki JSON with `count` lines of three shapes (ids varying), `job` = `source`.
  static func push(_ client: any TestClientProtocol, job: String, count: Int, offset: Int = 0)
    async throws
  {
    var values: [String] = []
    for index in 0..<count {
      let line: String
      switch index % 3 {
      case 0: line = "user \(1000 + index + offset) logged in from 10.0.\(index % 7).\(index % 250)"
      case 1: line = "payment \(index + offset) failed: card declined after \(index % 90) ms"
      default: line = "ERROR order \(index + offset) stuck in state pending"
      }
      values.append(#"["\#((now + Int64(index)) * 1000)", "\#(line)"]"#)
    }
    let body =
      #"{"streams":[{"stream":{"job":"\#(job)"},"values":[\#(values.joined(separator: ","))]}]}"#
    try await client.execute(
      uri: "/loki/api/v1/push", method: .post,
      headers: [.authorization: "Bearer \(TestApp.ingestKey)", .contentType: "application/json"],
      body: ByteBuffer(string: body)
    ) { response in #expect(response.status == .noContent) }
  }

  static func query(_ client: any TestClientProtocol, _ text: String) async throws -> [[Any]] {
    let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    var rows: [[Any]] = []
    try await client.execute(
      uri: "/api/v1/query?q=\(encoded)&from=now-1h&to=now%2B1h", method: .get,
      headers: TestApp.bearerAPI
    ) { response in
      #expect(response.status == .ok, "\(String(buffer: response.body))")
      let body = try IngestPushTests.json(response.body)
      let result = try #require(body["result"] as? [String: Any])
      rows = try #require(result["rows"] as? [[Any]])
    }
    return rows
  }

  @Test func patternsAreMinedAtIngestAndQueryable() async throws {
    try await TestApp.run { client, _ in
      try await Self.push(client, job: "checkout", count: 300)
      // Every entry carries its source's pattern: three shapes, whatever the ids.
      let byPattern = try await Self.query(
        client,
        "source logs | filter source = \"checkout\" | stats count(*) as n by @pattern | sort n desc"
      )
      let counts = byPattern.compactMap { $0[1] as? Int }
      #expect(counts.reduce(0, +) == 300)
      let patterns = byPattern.compactMap { $0[0] as? String }
      #expect(patterns.contains("ERROR order <*> stuck in state pending"))
      #expect(counts.first.map { $0 >= 90 } == true)
      // The pattern command over the same entries finds the same three shapes.
      let mined = try await Self.query(client, "source logs | pattern @message")
      #expect(mined.count == 3)
      // Attributes and labels are fields; rollups count per level.
      let byJob = try await Self.query(
        client, "source logs | stats count(*) as n by `label.job`, level | sort level")
      #expect(byJob.contains { $0[0] as? String == "checkout" && $0[1] as? String == "ERROR" })
      try await client.execute(
        uri: "/api/v1/logs/patterns?from=now-1h&to=now%2B1h&only_new=true", method: .get,
        headers: TestApp.bearerAPI
      ) { response in
        #expect(response.status == .ok)
        let body = try IngestPushTests.json(response.body)
        let listed = try #require(body["patterns"] as? [[String: Any]])
        #expect(
          listed.contains { $0["pattern"] as? String == "ERROR order <*> stuck in state pending" })
        #expect(
          listed.allSatisfy { $0["new"] as? Bool == true && $0["source"] as? String == "checkout" })
        let total = listed.compactMap { $0["count"] as? Int }.reduce(0, +)
        #expect(total == 300)
      }
    }
  }
}
