import Foundation
import Hummingbird
import HummingbirdTesting
import LookoutCore
import LookoutIngest
import Testing

@testable import LookoutServer

/// Logs pushed over OTLP/HTTP and the Loki push API, and tailed from files, then read
/// back from the log store.
@Suite("Log ingest")
struct LogIngestTests {
  static let now = Int64(Date().timeIntervalSince1970) * 1_000_000

  static func records(_ runtime: LookoutRuntime, count: Int = 1) async throws -> [LogRecord] {
    let deadline = ContinuousClock.now + .seconds(20)
    var found = try await runtime.logs.records(project: 1, range: .all)
    while found.count < count, ContinuousClock.now < deadline {
      try await Task.sleep(for: .milliseconds(100))
      found = try await runtime.logs.records(project: 1, range: .all)
    }
    return found.reversed()
  }

  static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any] ?? [:]
  }

  static func otlpJSON(traceID: String = "4bf92f3577b34da6a3ce929d0e0e4736") -> String {
    """
    {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},
     "scopeLogs":[{"logRecords":[
      {"timeUnixNano":"\(now * 1000)","severityNumber":17,"body":{"stringValue":"card declined"},
       "traceId":"\(traceID)","attributes":[{"key":"order","value":{"intValue":"7"}}]}]}]}]}
    """
  }

  @Test("OTLP JSON: 200 with an empty answer, the record stored with the request's env")
  func otlpJSON() async throws {
    try await TestApp.run { client, runtime in
      try await client.execute(
        uri: "/v1/logs?env=staging", method: .post,
        headers: [.authorization: "Bearer \(TestApp.ingestKey)", .contentType: "application/json"],
        body: ByteBuffer(string: Self.otlpJSON())
      ) { response in
        #expect(response.status == .ok)
        #expect(String(buffer: response.body) == "{}")
        #expect(response.headers[.contentType] == "application/json")
      }
      let stored = try await Self.records(runtime)
      #expect(stored.count == 1)
      #expect(stored.first?.body == "card declined")
      #expect(stored.first?.severity == .error)
      #expect(stored.first?.service == "shop")
      #expect(stored.first?.environment == "staging")
      #expect(stored.first?.timestamp == Self.now)
      #expect(stored.first?.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
      #expect(stored.first?.attributes == [LogAttribute("order", "7")])
    }
  }

  @Test("OTLP: a record with a bad id is refused in partial_success, the others stored")
  func otlpPartialSuccess() async throws {
    try await TestApp.run { client, runtime in
      let body = Self.otlpJSON().replacingOccurrences(
        of: #"{"timeUnixNano""#,
        with: #"{"traceId":"abc","body":{"stringValue":"bad"}},{"timeUnixNano""#)
      try await client.execute(
        uri: "/v1/logs", method: .post,
        headers: [.init("X-Lookout-Key")!: TestApp.ingestKey, .contentType: "application/json"],
        body: ByteBuffer(string: body)
      ) { response in
        #expect(response.status == .ok)
        let answer = try Self.json(response.body)
        let partial = answer["partialSuccess"] as? [String: Any]
        #expect(partial?["rejectedLogRecords"] as? String == "1")
        #expect((partial?["errorMessage"] as? String)?.contains("trace_id") == true)
      }
      #expect(try await Self.records(runtime).map(\.body) == ["card declined"])
      let otlp = runtime.ingestStats.snapshot().first { $0.name == "otlp-logs" }
      #expect(otlp?.lines == 2)
      #expect(otlp?.badLines == 1)
    }
  }

  @Test("OTLP: 400 for garbage, 415 for another type, 401 without a key, 403 with a wrong one")
  func otlpRefusals() async throws {
    try await TestApp.run { client, _ in
      try await client.execute(
        uri: "/v1/logs", method: .post,
        headers: [
          .authorization: "Bearer \(TestApp.ingestKey)", .contentType: "application/x-protobuf",
        ],
        body: ByteBuffer(bytes: [0x0F, 0x01, 0x02])
      ) { response in
        #expect(response.status == .badRequest)
        let answer = try Self.json(response.body)
        #expect(answer["error"] as? String == "bad_request")
      }
      try await client.execute(
        uri: "/v1/logs", method: .post,
        headers: [.authorization: "Bearer \(TestApp.ingestKey)", .contentType: "text/plain"],
        body: ByteBuffer(string: "x")
      ) { response in
        #expect(response.status == .unsupportedMediaType)
      }
      try await client.execute(
        uri: "/v1/logs", method: .post, headers: [.contentType: "application/json"],
        body: ByteBuffer(string: Self.otlpJSON())
      ) { response in
        #expect(response.status == .unauthorized)
      }
      try await client.execute(
        uri: "/v1/logs", method: .post,
        headers: [.authorization: "Bearer wrong", .contentType: "application/json"],
        body: ByteBuffer(string: Self.otlpJSON())
      ) { response in
        #expect(response.status == .forbidden)
      }
    }
  }

  @Test("the extra OTLP listener's router serves /v1/logs")
  func otlpListenerRoute() async throws {
    try await TestApp.run { _, runtime in
      let router = Router(context: LookoutRequestContext.self)
      LogIngestRoutes(runtime: runtime).registerOTLP(on: router)
      try await Application(router: router).test(.router) { client in
        try await client.execute(
          uri: "/v1/logs", method: .post,
          headers: [
            .authorization: "Bearer \(TestApp.ingestKey)", .contentType: "application/json",
          ],
          body: ByteBuffer(string: Self.otlpJSON())
        ) { response in
          #expect(response.status == .ok)
        }
        try await client.execute(uri: "/loki/api/v1/push", method: .post) { response in
          #expect(response.status == .notFound)
        }
      }
      #expect(try await Self.records(runtime).map(\.body) == ["card declined"])
    }
  }

  static let lokiJSON = """
    {"streams":[{"stream":{"job":"nginx","env":"dev","level":"warn"},
      "values":[["\(now * 1000)","upstream slow",{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}],
                ["\(now * 1000 + 1000)","second"]]}]}
    """

  static func basic(_ user: String, _ password: String) -> String {
    "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
  }

  @Test("Loki JSON (plain and gzip) with Bearer and Basic auth: 204 and stored")
  func lokiJSON() async throws {
    try await TestApp.run { client, runtime in
      try await client.execute(
        uri: "/loki/api/v1/push", method: .post,
        headers: [.authorization: "Bearer \(TestApp.ingestKey)", .contentType: "application/json"],
        body: ByteBuffer(string: Self.lokiJSON)
      ) { response in
        #expect(response.status == .noContent)
      }
      try await client.execute(
        uri: "/loki/api/v1/push", method: .post,
        headers: [
          .authorization: Self.basic("promtail", TestApp.ingestKey),
          .contentType: "application/json", .contentEncoding: "gzip",
        ],
        body: ByteBuffer(bytes: try Gzip.compress(Array(Self.lokiJSON.utf8)))
      ) { response in
        #expect(response.status == .noContent)
      }
      let stored = try await Self.records(runtime, count: 4)
      #expect(stored.map(\.body) == ["upstream slow", "upstream slow", "second", "second"])
      #expect(stored.allSatisfy { $0.source == "nginx" && $0.environment == "dev" })
      #expect(stored.allSatisfy { $0.severity == .warn })
      #expect(stored.first?.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
      #expect(stored.first?.attribute("label.job") == "nginx")
      let loki = runtime.ingestStats.snapshot().first { $0.name == "loki" }
      #expect(loki?.lines == 4)
    }
  }

  @Test("Loki auth: 401 without credentials, 403 for a wrong Basic password")
  func lokiAuth() async throws {
    try await TestApp.run { client, _ in
      try await client.execute(
        uri: "/loki/api/v1/push", method: .post, headers: [.contentType: "application/json"],
        body: ByteBuffer(string: Self.lokiJSON)
      ) { response in
        #expect(response.status == .unauthorized)
      }
      try await client.execute(
        uri: "/loki/api/v1/push", method: .post,
        headers: [
          .authorization: Self.basic("promtail", "nope"), .contentType: "application/json",
        ],
        body: ByteBuffer(string: Self.lokiJSON)
      ) { response in
        #expect(response.status == .forbidden)
      }
    }
  }

  /// A Loki `PushRequest` of one stream, encoded by hand (protobuf wire format).
  static func lokiProtobuf(labels: String, entries: [(seconds: Int64, nanos: Int32, line: String)])
    -> [UInt8]
  {
    func varint(_ value: UInt64) -> [UInt8] {
      var value = value
      var bytes: [UInt8] = []
      repeat {
        bytes.append(UInt8(value & 0x7F) | (value >= 0x80 ? 0x80 : 0))
        value >>= 7
      } while value > 0
      return bytes
    }
    func field(_ number: UInt64, _ payload: [UInt8]) -> [UInt8] {
      varint(number << 3 | 2) + varint(UInt64(payload.count)) + payload
    }
    var stream = field(1, Array(labels.utf8))
    for entry in entries {
      let timestamp =
        varint(1 << 3) + varint(UInt64(entry.seconds)) + varint(2 << 3)
        + varint(UInt64(entry.nanos))
      stream += field(2, field(1, timestamp) + field(2, Array(entry.line.utf8)))
    }
    return field(1, stream)
  }

  /// A snappy block of literals only.
  static func snappy(_ bytes: [UInt8]) -> [UInt8] {
    var output: [UInt8] = []
    var length = bytes.count
    repeat {
      output.append(UInt8(length & 0x7F) | (length >= 0x80 ? 0x80 : 0))
      length >>= 7
    } while length > 0
    var start = 0
    while start < bytes.count {
      let chunk = min(256, bytes.count - start)
      output += [60 << 2, UInt8(chunk - 1)] + bytes[start..<start + chunk]
      start += chunk
    }
    return output
  }

  @Test("Loki protobuf + snappy: 204 and stored; bad snappy 400, a huge claim 413")
  func lokiProtobuf() async throws {
    try await TestApp.run { client, runtime in
      let seconds = Self.now / 1_000_000
      let body = Self.snappy(
        Self.lokiProtobuf(
          labels: #"{job="promtail", service_name="api"}"#,
          entries: [(seconds, 5_000, "ERROR boom"), (seconds + 1, 0, "fine")]))
      let headers: HTTPFields = [
        .authorization: "Bearer \(TestApp.ingestKey)", .contentType: "application/x-protobuf",
      ]
      try await client.execute(
        uri: "/loki/api/v1/push", method: .post, headers: headers, body: ByteBuffer(bytes: body)
      ) { response in
        #expect(response.status == .noContent)
      }
      let stored = try await Self.records(runtime, count: 2)
      #expect(stored.map(\.body) == ["ERROR boom", "fine"])
      #expect(stored.map(\.timestamp) == [seconds * 1_000_000 + 5, (seconds + 1) * 1_000_000])
      #expect(stored.map(\.severity) == [.error, .unknown])
      #expect(stored.map(\.service) == ["api", "api"])
      #expect(stored.map(\.environment) == ["production", "production"])

      try await client.execute(
        uri: "/loki/api/v1/push", method: .post, headers: headers,
        body: ByteBuffer(bytes: Array(body.dropLast(4)))
      ) { response in
        #expect(response.status == .badRequest)
        let answer = try Self.json(response.body)
        #expect((answer["detail"] as? String)?.contains("snappy") == true)
      }
      try await client.execute(
        uri: "/loki/api/v1/push", method: .post, headers: headers,
        body: ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00])
      ) { response in
        #expect(response.status == .contentTooLarge)
      }
    }
  }

  @Test("Loki: bad entries answer 400 with a JSON error, the good ones are stored")
  func lokiBadEntries() async throws {
    try await TestApp.run { client, runtime in
      let body = """
        {"streams":[{"stream":{"job":"x"},"values":[["\(Self.now * 1000)","kept"],["soon","dropped"]]}]}
        """
      try await client.execute(
        uri: "/loki/api/v1/push", method: .post,
        headers: [.authorization: "Bearer \(TestApp.ingestKey)", .contentType: "application/json"],
        body: ByteBuffer(string: body)
      ) { response in
        #expect(response.status == .badRequest)
        let answer = try Self.json(response.body)
        #expect(answer["error"] as? String == "bad_request")
        #expect((answer["detail"] as? String)?.contains("1 entries stored") == true)
      }
      #expect(try await Self.records(runtime).map(\.body) == ["kept"])
      for garbage in ["{", #"{"streams":"no"}"#] {
        try await client.execute(
          uri: "/loki/api/v1/push", method: .post,
          headers: [.authorization: "Bearer \(TestApp.ingestKey)"],
          body: ByteBuffer(string: garbage)
        ) { response in
          #expect(response.status == .badRequest)
        }
      }
      try await client.execute(
        uri: "/loki/api/v1/push", method: .post,
        headers: [.authorization: "Bearer \(TestApp.ingestKey)", .contentType: "text/plain"],
        body: ByteBuffer(string: "x")
      ) { response in
        #expect(response.status == .unsupportedMediaType)
      }
      try await client.execute(uri: "/metrics", method: .get) { response in
        #expect(
          String(buffer: response.body).contains(#"lookout_ingest_lines_total{source="loki"}"#))
      }
    }
  }

  @Test("a full write queue answers 429 with Retry-After")
  func overloaded() async throws {
    let configuration = TestApp.configuration { $0.maxQueuedRows = 1 }
    try await TestApp.run(configuration) { client, runtime in
      var statuses: [HTTPResponse.Status] = []
      try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
        for _ in 0..<8 {
          group.addTask {
            try await client.execute(
              uri: "/loki/api/v1/push", method: .post,
              headers: [.authorization: "Bearer \(TestApp.ingestKey)"],
              body: ByteBuffer(string: Self.lokiJSON)
            ) { response in
              if response.status == .tooManyRequests {
                #expect(response.headers[.retryAfter] == "1")
              }
              return response.status
            }
          }
        }
        for try await status in group { statuses.append(status) }
      }
      #expect(statuses.allSatisfy { $0 == .noContent || $0 == .tooManyRequests })
      let accepted = statuses.filter { $0 == .noContent }.count
      #expect(accepted > 0)
      #expect(try await Self.records(runtime, count: accepted * 2).count == accepted * 2)
    }
  }
}
