import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import LookoutServer

@Suite("Sentry ingest over HTTP")
struct SentryIngestTests {
  static let auth: HTTPFields = [
    .init("X-Sentry-Auth")!:
      "Sentry sentry_key=\(TestApp.ingestKey), sentry_version=7, sentry_client=test/1.0"
  ]

  static func event(_ id: Int, message: String = "Payment 42 failed", extra: String = "")
    -> String
  {
    #"{"event_id":"\#(String(format: "%032x", id))","timestamp":1717545600.5,"level":"error","message":"\#(message)","environment":"dev"\#(extra)}"#
  }

  static func envelope(_ items: [(header: String, payload: [UInt8])], trailingNewline: Bool = true)
    -> [UInt8]
  {
    var bytes = Array(#"{"sent_at":"2024-06-05T00:00:00Z"}"#.utf8) + [10]
    for (index, item) in items.enumerated() {
      bytes += Array(item.header.utf8) + [10] + item.payload
      if trailingNewline || index < items.count - 1 { bytes.append(10) }
    }
    return bytes
  }

  static func post(
    _ client: any TestClientProtocol, _ body: [UInt8], path: String = "/api/1/envelope/",
    headers: HTTPFields = auth
  ) async throws -> (HTTPResponse.Status, String, HTTPFields) {
    try await client.execute(
      uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body)
    ) { response in (response.status, String(buffer: response.body), response.headers) }
  }

  static func issueCount(_ client: any TestClientProtocol) async throws -> Int {
    try await client.execute(
      uri: "/api/v1/issues?status=all", method: .get, headers: TestApp.bearerAPI
    ) { response in
      let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body))
      return ((json as? [String: Any])?["issues"] as? [Any])?.count ?? -1
    }
  }

  @Test("every framing of the envelope spec is accepted; unknown items are skipped")
  func framing() async throws {
    try await TestApp.run { client, runtime in
      let one = Array(Self.event(1).utf8)
      let binary: [UInt8] = [0, 10, 255, 10, 13, 0, 1]
      let cases: [[UInt8]] = [
        Self.envelope([(#"{"type":"event"}"#, one)]),
        Self.envelope([(#"{"type":"event","length":\#(one.count)}"#, one)], trailingNewline: false),
        Self.envelope([
          (#"{"type":"attachment","length":\#(binary.count),"filename":"a.bin"}"#, binary),
          (#"{"type":"session"}"#, Array(#"{"sid":"x"}"#.utf8)),
          (#"{"type":"client_report"}"#, Array("{}".utf8)),
          (#"{"type":"event","length":\#(Self.event(2).utf8.count)}"#, Array(Self.event(2).utf8)),
        ]),
        Self.envelope([(#"{"type":"event"}"#, Array(Self.event(3).utf8))], trailingNewline: false),
        Self.envelope([(#"{"type":"profile"}"#, Array("{}".utf8))]),
      ]
      for (index, body) in cases.enumerated() {
        let (status, text, _) = try await Self.post(client, body)
        #expect(status == .ok, "case \(index): \(text)")
      }
      let ids = try await runtime.errors.database.read { db in
        try String.fetchAll(db, sql: "SELECT event_id FROM error_event ORDER BY event_id")
      }
      #expect(ids == (1...3).map { String(format: "%032x", $0) })
      // Three events that differ only in ids, one issue.
      #expect(try await Self.issueCount(client) == 1)
    }
  }

  @Test("the answer is {\"id\": ...} with the envelope's id, escaped, else the event's")
  func answer() async throws {
    try await TestApp.run { client, _ in
      let event = Array(Self.event(7).utf8)
      let (status, text, _) = try await Self.post(
        client, Self.envelope([(#"{"type":"event"}"#, event)]))
      #expect(status == .ok)
      let plain = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
      #expect(plain == ["id": String(format: "%032x", 7)])
      // An envelope id that is not hex (SDKs send hex; the answer must stay JSON anyway).
      var odd = Array(#"{"event_id":"a\"b\\c\u0001"}"#.utf8) + [10]
      odd += Array(#"{"type":"client_report"}"#.utf8) + [10] + Array("{}".utf8)
      let (oddStatus, oddText, _) = try await Self.post(client, odd)
      #expect(oddStatus == .ok)
      let parsed = try JSONSerialization.jsonObject(with: Data(oddText.utf8)) as? [String: String]
      #expect(parsed == ["id": "a\"b\\c\u{1}"])
    }
  }

  @Test("bad input gets a clear 4xx and loses nothing already accepted")
  func badInput() async throws {
    try await TestApp.run(TestApp.configuration { $0.maxDecompressedBytes = 16 << 20 }) {
      client, _ in
      let good = Self.envelope([(#"{"type":"event"}"#, Array(Self.event(1).utf8))])
      #expect(try await Self.post(client, good).0 == .ok)
      let huge = Array(
        Self.event(2, extra: #","extra":{"blob":"\#(String(repeating: "x", count: 5 << 20))"}"#)
          .utf8)
      let bomb = try Gzip.compress([UInt8](repeating: 0, count: 64 << 20))
      var gzipHeaders = Self.auth
      gzipHeaders[.contentEncoding] = "gzip"
      var wrongKey: HTTPFields = [
        .init("X-Sentry-Auth")!: "Sentry sentry_key=nope, sentry_version=7"
      ]
      wrongKey[.contentType] = "application/x-sentry-envelope"
      let cases: [(String, [UInt8], HTTPFields, HTTPResponse.Status)] = [
        (
          "truncated",
          Array(good.prefix(good.count / 2)) + Array(#"{"type":"event","length":900}"#.utf8) + [
            10, 123,
          ], Self.auth, .badRequest
        ),
        (
          "invalid JSON", Self.envelope([(#"{"type":"event"}"#, Array("{not json".utf8))]),
          Self.auth, .badRequest
        ),
        ("invalid header", Array("not an envelope\n".utf8), Self.auth, .badRequest),
        ("5 MiB event", Self.envelope([(#"{"type":"event"}"#, huge)]), Self.auth, .contentTooLarge),
        ("gzip bomb", bomb, gzipHeaders, .contentTooLarge),
        ("wrong key", good, wrongKey, .forbidden),
        ("no key", good, [:], .unauthorized),
      ]
      for (name, body, headers, expected) in cases {
        let (status, text, _) = try await Self.post(client, body, headers: headers)
        #expect(status == expected, "\(name): \(status) \(text)")
        #expect(text.contains("\"error\""), "\(name): \(text)")
      }
      let later = Self.envelope([
        (#"{"type":"event"}"#, Array(Self.event(9, message: "Other thing").utf8))
      ])
      #expect(try await Self.post(client, later).0 == .ok)
      #expect(try await Self.issueCount(client) == 2)
    }
  }

  @Test("the legacy store endpoint takes JSON and base64 of zlib")
  func store() async throws {
    try await TestApp.run { client, _ in
      let json = Array(Self.event(5).utf8)
      let (status, text, _) = try await Self.post(client, json, path: "/api/1/store/")
      #expect(status == .ok && text.contains(String(format: "%032x", 5)))
      let packed = try Self.zlibBase64(Self.event(6))
      #expect(try await Self.post(client, packed, path: "/api/1/store/").0 == .ok)
      // A key valid for project 1 does not open project 2.
      #expect(try await Self.post(client, json, path: "/api/2/store/").0 == .forbidden)
    }
  }

  /// `text` zlib-compressed and base64-encoded, as old SDKs send store bodies (by Python's
  /// zlib, the reference implementation of the format).
  static func zlibBase64(_ text: String) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", "-c",
      "import base64, sys, zlib; sys.stdout.write(base64.b64encode(zlib.compress(sys.stdin.buffer.read())).decode())",
    ]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return [UInt8](data)
  }

  @Test("over the project's rate: 429 with Retry-After and X-Sentry-Rate-Limits")
  func rateLimit() async throws {
    try await TestApp.run(TestApp.configuration { $0.errorEventsPerSecond = 3 }) { client, _ in
      // One event passes; an envelope of five at once exceeds the bucket of three,
      // however slowly the machine runs.
      let one = Self.envelope([(#"{"type":"event"}"#, Array(Self.event(1).utf8))])
      #expect(try await Self.post(client, one).0 == .ok)
      let five = Self.envelope(
        (2...6).map { (#"{"type":"event"}"#, Array(Self.event($0).utf8)) })
      let (status, _, limited) = try await Self.post(client, five)
      #expect(status == .tooManyRequests)
      #expect(limited[.retryAfter] != nil)
      #expect(limited[.init("X-Sentry-Rate-Limits")!]?.contains(":error;") == true)
    }
  }

  @Test("browser SDKs: CORS preflight and sentry_key in the query")
  func cors() async throws {
    try await TestApp.run { client, _ in
      try await client.execute(uri: "/api/1/envelope/", method: .options) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.accessControlAllowOrigin] == "*")
        #expect(response.headers[.accessControlAllowHeaders]?.contains("x-sentry-auth") == true)
      }
      let body = Self.envelope([(#"{"type":"event"}"#, Array(Self.event(7).utf8))])
      let (status, _, headers) = try await Self.post(
        client, body, path: "/api/1/envelope/?sentry_key=\(TestApp.ingestKey)",
        headers: [.origin: "https://shop.example.com"])
      #expect(status == .ok)
      #expect(headers[.accessControlAllowOrigin] == "*")
      #expect(headers[.accessControlExposeHeaders]?.contains("x-sentry-rate-limits") == true)
      // A server SDK sends no Origin and gets no CORS headers.
      let (serverStatus, _, serverHeaders) = try await Self.post(
        client, Self.envelope([(#"{"type":"event"}"#, Array(Self.event(8).utf8))]),
        path: "/api/1/envelope/?sentry_key=\(TestApp.ingestKey)", headers: [:])
      #expect(serverStatus == .ok)
      #expect(serverHeaders[.accessControlAllowOrigin] == nil)
    }
  }

  @Test("merge and unmerge through the API")
  func mergeAPI() async throws {
    try await TestApp.run { client, runtime in
      for (id, message) in [(1, "Disk full on db-1"), (2, "Cannot reach payment gateway")] {
        let body = Self.envelope([
          (#"{"type":"event"}"#, Array(Self.event(id, message: message).utf8))
        ])
        #expect(try await Self.post(client, body).0 == .ok)
      }
      let ids = try runtime.errors.issues(.init()).map(\.id).sorted()
      #expect(ids.count == 2)
      var headers = TestApp.bearerAPI
      headers[.contentType] = "application/json"
      try await client.execute(
        uri: "/api/v1/issues/\(ids[1])/merge", method: .post, headers: headers,
        body: ByteBuffer(string: #"{"into":\#(ids[0])}"#)
      ) { response in
        #expect(response.status == .ok)
        #expect(String(buffer: response.body).contains(#""count":2"#))
      }
      #expect(try runtime.errors.issues(.init()).map(\.id) == [ids[0]])
      let hash = try #require(try runtime.errors.hashes(issueID: ids[0]).first)
      try await client.execute(
        uri: "/api/v1/issues/\(ids[0])/unmerge", method: .post, headers: headers,
        body: ByteBuffer(string: #"{"hash":"\#(hash)"}"#)
      ) { response in #expect(response.status == .ok) }
      #expect(try runtime.errors.issues(.init()).count == 2)
      try await client.execute(
        uri: "/api/v1/issues/\(ids[0])/merge", method: .post, headers: headers,
        body: ByteBuffer(string: #"{"into":\#(ids[0])}"#)
      ) { response in #expect(response.status == .conflict) }
    }
  }
}
