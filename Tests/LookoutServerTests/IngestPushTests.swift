import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import LookoutServer

@Suite("POST /api/ingest/nginx")
struct IngestPushTests {
  static let lines = [
    #"203.0.113.7 - - [05/Jun/2024:09:00:01 +0900] "GET /api/v1/users/364798 HTTP/1.1" 200 512 "-" "curl/8.4.0" 0.012 0.011"#,
    #"203.0.113.8 - - [05/Jun/2024:09:00:02 +0900] "GET /api/v1/users/42 HTTP/1.1" 500 12 "-" "curl/8.4.0" 0.300 0.299"#,
    #"203.0.113.9 - - [05/Jun/2024:09:00:03 +0900] "POST /api/v1/orders HTTP/1.1" 201 80 "-" "okhttp/4.12.0" 0.120 0.119"#,
  ]
  static let range = "from=2024-06-05T00:00:00Z&to=2024-06-05T01:00:00Z"

  static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any])
  }

  @Test("lines pushed are committed before the answer and show up per endpoint")
  func pushAndQuery() async throws {
    try await TestApp.run { client, _ in
      try await client.execute(
        uri: "/api/ingest/nginx?env=dev", method: .post, headers: TestApp.bearerIngest,
        body: ByteBuffer(string: Self.lines.joined(separator: "\n"))
      ) { response in
        #expect(response.status == .ok)
        let body = try Self.json(response.body)
        #expect(body["accepted"] as? Int == 3)
        #expect(body["bad_lines"] as? Int == 0)
      }
      try await client.execute(
        uri: "/api/v1/endpoints?\(Self.range)&env=dev", method: .get, headers: TestApp.bearerAPI
      ) { response in
        let routes = try #require(try Self.json(response.body)["routes"] as? [[String: Any]])
        let users = try #require(routes.first { $0["route"] as? String == "/api/v1/users/{id}" })
        #expect(users["count"] as? Int == 2)
        #expect(users["status_5xx"] as? Int == 1)
        #expect(users["domain"] as? String == "users")
        #expect((users["max_ms"] as? Double).map { abs($0 - 300) < 0.001 } == true)
        #expect(
          routes.contains {
            $0["route"] as? String == "/api/v1/orders" && $0["method"] as? String == "POST"
          })
      }
      try await client.execute(
        uri: "/api/v1/endpoints?\(Self.range)&env=production", method: .get,
        headers: TestApp.bearerAPI
      ) { response in
        let json = try Self.json(response.body)
        #expect((json["routes"] as? [Any])?.isEmpty == true)
      }
    }
  }

  @Test("gzip bodies, X-Lookout-Key, and a verbatim log_format")
  func gzipAndFormat() async throws {
    let format = #"$remote_addr [$time_local] "$request" $status $request_time"#
    let custom = #"10.0.0.1 [05/Jun/2024:09:00:01 +0000] "GET /health HTTP/1.1" 200 0.001"#
    let gz = try Gzip.compress(Array((custom + "\n" + custom + "\n").utf8))
    try await TestApp.run { client, _ in
      var headers: HTTPFields = [.contentEncoding: "gzip"]
      headers[.init("X-Lookout-Key")!] = TestApp.ingestKey
      headers[.init("X-Lookout-Log-Format")!] = format
      try await client.execute(
        uri: "/api/ingest/nginx", method: .post, headers: headers, body: ByteBuffer(bytes: gz)
      ) {
        response in
        #expect(response.status == .ok)
        let json = try Self.json(response.body)
        #expect(json["accepted"] as? Int == 2)
      }
    }
  }

  @Test("bad lines are counted with their numbers; good lines around them are kept")
  func badLinesKept() async throws {
    let body = [
      Self.lines[0], "garbage \u{01}\u{02} not a log line", String(repeating: "x", count: 70_000),
      Self.lines[2],
    ]
    .joined(separator: "\n")
    try await TestApp.run { client, runtime in
      try await client.execute(
        uri: "/api/ingest/nginx?format=timed", method: .post, headers: TestApp.bearerIngest,
        body: ByteBuffer(string: body)
      ) { response in
        #expect(response.status == .ok)
        let json = try Self.json(response.body)
        #expect(json["accepted"] as? Int == 2)
        #expect(json["bad_lines"] as? Int == 2)
        let examples = try #require(json["bad_examples"] as? [[String: Any]])
        #expect(examples.map { $0["line"] as? Int } == [2, 3])
      }
      let push = try #require(runtime.ingestStats.snapshot().first { $0.name == "nginx:push" })
      #expect(push.badLines == 2)
      #expect(push.lines == 4)
      try await client.execute(uri: "/metrics", method: .get) { response in
        let text = String(buffer: response.body)
        #expect(text.contains("lookout_ingest_bad_lines_total{source=\"nginx:push\"}"))
        #expect(text.contains("lookout_store_commit_seconds"))
      }
    }
  }

  @Test("a wrong log_format, no key, a wrong key, an oversized body: 4xx with a JSON error")
  func refusals() async throws {
    let configuration = TestApp.configuration { $0.maxBodyBytes = 1024 }
    try await TestApp.run(configuration) { client, _ in
      try await client.execute(
        uri: "/api/ingest/nginx?format=json", method: .post, headers: TestApp.bearerIngest,
        body: ByteBuffer(string: Self.lines.joined(separator: "\n"))
      ) { response in
        #expect(response.status == .badRequest)
        let json = try Self.json(response.body)
        #expect(json["error"] as? String == "bad_request")
        #expect((json["detail"] as? String)?.contains("line 1") == true)
      }
      try await client.execute(
        uri: "/api/ingest/nginx", method: .post, body: ByteBuffer(string: Self.lines[0])
      ) {
        #expect($0.status == .unauthorized)
      }
      try await client.execute(
        uri: "/api/ingest/nginx", method: .post, headers: [.authorization: "Bearer nope"],
        body: ByteBuffer(string: Self.lines[0])
      ) { #expect($0.status == .forbidden) }
      try await client.execute(
        uri: "/api/ingest/nginx", method: .post, headers: TestApp.bearerIngest,
        body: ByteBuffer(string: String(repeating: Self.lines[0] + "\n", count: 20))
      ) { response in
        #expect(response.status == .contentTooLarge)
        let json = try Self.json(response.body)
        #expect(json["error"] as? String == "payload_too_large")
      }
      try await client.execute(
        uri: "/api/ingest/nginx", method: .post, headers: TestApp.bearerIngest,
        body: ByteBuffer(bytes: [0x1f, 0x8b, 8, 0, 1, 2])
      ) { #expect($0.status == .badRequest) }
    }
  }

  @Test("a gzip bomb is cut off at the decompressed limit")
  func decompressionBomb() async throws {
    let configuration = TestApp.configuration { $0.maxDecompressedBytes = 1 << 20 }
    let bomb = try Gzip.compress([UInt8](repeating: 65, count: 64 << 20))
    #expect(bomb.count < 200_000)
    try await TestApp.run(configuration) { client, _ in
      try await client.execute(
        uri: "/api/ingest/nginx", method: .post,
        headers: [.authorization: "Bearer \(TestApp.ingestKey)", .contentEncoding: "gzip"],
        body: ByteBuffer(bytes: bomb)
      ) { response in
        #expect(response.status == .contentTooLarge)
        let json = try Self.json(response.body)
        #expect(json["error"] as? String == "payload_too_large")
      }
    }
  }

  @Test("a full write queue answers 429 with Retry-After")
  func overloaded() async throws {
    let configuration = TestApp.configuration { $0.maxQueuedRows = 1 }
    try await TestApp.run(configuration) { client, _ in
      let body = ByteBuffer(string: Self.lines.joined(separator: "\n"))
      var statuses: [HTTPResponse.Status] = []
      // Several pushes at once against a queue of one row: some must be refused, none lost silently.
      try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
        for _ in 0..<8 {
          group.addTask {
            try await client.execute(
              uri: "/api/ingest/nginx", method: .post, headers: TestApp.bearerIngest, body: body
            ) {
              response in
              if response.status == .tooManyRequests {
                #expect(response.headers[.retryAfter] == "1")
              }
              return response.status
            }
          }
        }
        for try await status in group { statuses.append(status) }
      }
      #expect(statuses.allSatisfy { $0 == .ok || $0 == .tooManyRequests })
      #expect(statuses.contains(.ok))
      let accepted = statuses.filter { $0 == .ok }.count
      try await client.execute(
        uri: "/api/v1/endpoints?\(Self.range)", method: .get, headers: TestApp.bearerAPI
      ) {
        response in
        let routes = try #require(try Self.json(response.body)["routes"] as? [[String: Any]])
        #expect(routes.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == accepted * 3)
      }
    }
  }
}
