import Foundation
import Hummingbird
import HummingbirdTesting
import LookoutCore
import LookoutStore
import Testing

@testable import LookoutServer

/// Spans pushed over HTTP (Zipkin, OTLP), then read back through the JSON API.
@Suite("Traces over HTTP")
struct TraceServerTests {
  static func json(_ client: any TestClientProtocol, _ uri: String) async throws -> [String: Any] {
    try await client.execute(uri: uri, method: .get, headers: TestApp.bearerAPI) { response in
      #expect(response.status == .ok, "\(uri): \(String(buffer: response.body))")
      return try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
        ?? [:]
    }
  }

  /// A Zipkin v2 trace: gateway (server) -> its client call -> orders (server, a 500).
  static func zipkinTrace(traceID: String, start: Int64) -> String {
    """
    [
     {"traceId":"\(traceID)","id":"0000000000000001","kind":"SERVER","name":"get /checkout",
      "timestamp":\(start),"duration":120000,"localEndpoint":{"serviceName":"gateway"},
      "tags":{"http.method":"GET","http.path":"/checkout","http.status_code":"500"}},
     {"traceId":"\(traceID)","id":"0000000000000002","parentId":"0000000000000001","kind":"CLIENT",
      "name":"post","timestamp":\(start + 5000),"duration":100000,
      "localEndpoint":{"serviceName":"gateway"},"remoteEndpoint":{"serviceName":"orders"},
      "tags":{"http.status_code":"500"}},
     {"traceId":"\(traceID)","id":"0000000000000003","parentId":"0000000000000002","kind":"SERVER",
      "name":"post /orders","timestamp":\(start + 6000),"duration":95000,
      "localEndpoint":{"serviceName":"orders"},
      "tags":{"http.status_code":"500","error":"boom","customer":"acme"}},
     {"traceId":"\(traceID)","id":"00000000000000zz","kind":"SERVER","name":"bad id",
      "timestamp":\(start),"duration":1,"localEndpoint":{"serviceName":"orders"}}
    ]
    """
  }

  @Test("Zipkin spans: 202, bad ids counted, the trace and a search read back")
  func zipkinPushAndRead() async throws {
    try await TestApp.run { client, _ in
      let now = Int64(Date().timeIntervalSince1970 * 1e6)
      let traceID = "5af7183fb1d4cf5f5af7183fb1d4cf5f"
      try await client.execute(
        uri: "/api/v2/spans?key=\(TestApp.ingestKey)&env=staging", method: .post,
        headers: [.contentType: "application/json"],
        body: ByteBuffer(string: Self.zipkinTrace(traceID: traceID, start: now - 60_000_000))
      ) { response in
        #expect(response.status == .accepted, "\(String(buffer: response.body))")
        let answer =
          try JSONSerialization.jsonObject(with: Data(buffer: response.body))
          as? [String: Any]
        #expect(answer?["accepted"] as? Int == 3)
        #expect(answer?["rejected"] as? Int == 1)
      }
      let trace = try await Self.json(client, "/api/v1/traces/\(traceID)")
      let spans = try #require(trace["spans"] as? [[String: Any]])
      #expect(spans.count == 3)
      #expect(
        spans.map { $0["span_id"] as? String } == [
          "0000000000000001", "0000000000000002", "0000000000000003",
        ])
      #expect(spans[2]["parent_span_id"] as? String == "0000000000000002")
      #expect(spans[2]["service"] as? String == "orders")
      #expect(spans[2]["status"] as? String == "error")
      #expect(spans[2]["duration_ms"] as? Double == 95)
      #expect(spans[0]["environment"] as? String == "staging")

      let found = try await Self.json(
        client,
        "/api/v1/traces?from=now-1h&q=" + "service(\"orders\") AND customer = acme AND fault"
          .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
      let traces = try #require(found["traces"] as? [[String: Any]])
      #expect(traces.map { $0["trace_id"] as? String } == [traceID])
      #expect(traces.first?["root_service"] as? String == "gateway")
      #expect(traces.first?["matched_name"] as? String == "post /orders")
      // As an HTML form sends it: spaces as '+', a literal '+' as %2B.
      let form = try await Self.json(
        client, "/api/v1/traces?from=now-1h&q=service(%22orders%22)+AND+customer+%3D+acme")
      #expect((form["traces"] as? [[String: Any]])?.count == 1)
      let none = try await Self.json(client, "/api/v1/traces?from=now-1h&min_duration_ms=200")
      #expect((none["traces"] as? [[String: Any]])?.isEmpty == true)

      // The client call and the server span it caused pair into one edge at ingest.
      let map = try await Self.json(client, "/api/v1/servicemap?from=now-1h")
      let edges = try #require(map["edges"] as? [[String: Any]])
      let pairs = edges.map {
        "\($0["source"] as? String ?? "") -> \($0["target"] as? String ?? "")"
      }
      #expect(pairs.sorted() == ["client -> service:gateway", "service:gateway -> service:orders"])
      let call = try #require(edges.first { $0["target"] as? String == "service:orders" })
      #expect(call["calls"] as? Int == 1)
      #expect(call["faults"] as? Int == 1)
      #expect(call["health"] as? String == "critical")
      let nodes = try #require(map["nodes"] as? [[String: Any]])
      #expect(
        Set(nodes.compactMap { $0["id"] as? String }) == [
          "client", "service:gateway", "service:orders",
        ])
    }
  }

  @Test("the trace page links an exception to the issue of the same trace's error event")
  func exceptionLinksToItsIssue() async throws {
    try await TestApp.run { client, runtime in
      let traceID = "6bf7183fb1d4cf5f5af7183fb1d4cf5f"
      let now = Date().timeIntervalSince1970
      let event =
        #"{"event_id":"\#(String(repeating: "a", count: 32))","timestamp":\#(now),"contexts":{"trace":{"trace_id":"\#(traceID)","span_id":"00000000000000a1"}},"exception":{"values":[{"type":"ValueError","value":"bad order"}]}}"#
      try await client.execute(
        uri: "/api/1/envelope/", method: .post, headers: SentryIngestTests.auth,
        body: ByteBuffer(bytes: Array("{}\n{\"type\":\"event\"}\n".utf8) + Array(event.utf8))
      ) { #expect($0.status == .ok) }
      let start = Int64(now * 1e6)
      _ = try await SpanIngestor(runtime: runtime).ingest(
        [
          SpanRecord(
            traceID: traceID, spanID: "00000000000000a1", service: "shop", name: "GET /cart",
            kind: .server, start: start, duration: 5_000, status: .error,
            events: [
              .init(
                time: start + 4_000, name: "exception",
                attributes: ["exception.type": "ValueError", "exception.message": "bad order"])
            ])
        ], project: 1, environment: "production", source: "test")
      let issue = try #require(
        runtime.errors.issues(
          project: 1, traceID: traceID, spans: TimeRange(from: start, to: start + 5_000)
        ).first)
      // Events outside the trace's time (and its margin) are not its events.
      #expect(
        try runtime.errors.issues(
          project: 1, traceID: traceID,
          spans: TimeRange(
            from: start + 2 * ErrorStore.traceEventMargin,
            to: start + 3 * ErrorStore.traceEventMargin)
        ).isEmpty)
      try await client.execute(
        uri: "/traces/\(traceID)", method: .get, headers: TestApp.bearerAPI
      ) { response in
        #expect(response.status == .ok)
        #expect(String(buffer: response.body).contains("href=\"/issues/\(issue.id)\""))
      }
    }
  }

  @Test("bad input: 400 with a JSON error, 401/403 without a key, 404 for an unknown trace")
  func badInput() async throws {
    try await TestApp.run { client, _ in
      for body in ["{not json", #"{"traceId":"x"}"#] {
        try await client.execute(
          uri: "/api/v2/spans", method: .post, headers: TestApp.bearerIngest,
          body: ByteBuffer(string: body)
        ) { response in
          #expect(response.status == .badRequest)
          let answer =
            try JSONSerialization.jsonObject(with: Data(buffer: response.body))
            as? [String: Any]
          #expect(answer?["error"] != nil, "\(String(buffer: response.body))")
        }
      }
      try await client.execute(uri: "/api/v2/spans", method: .post, body: ByteBuffer(string: "[]"))
      {
        #expect($0.status == .unauthorized)
      }
      try await client.execute(
        uri: "/api/v2/spans?key=wrong", method: .post, body: ByteBuffer(string: "[]")
      ) { #expect($0.status == .forbidden) }
      try await client.execute(
        uri: "/api/v1/traces/00000000000000000000000000000001", method: .get,
        headers: TestApp.bearerAPI
      ) { #expect($0.status == .notFound) }
      try await client.execute(
        uri: "/api/v1/traces/nothex", method: .get, headers: TestApp.bearerAPI
      ) { #expect($0.status == .badRequest) }
      try await client.execute(
        uri: "/api/v1/traces?q=duration%20%3E%20fast", method: .get, headers: TestApp.bearerAPI
      ) { response in
        #expect(response.status == .badRequest)
        #expect(String(buffer: response.body).contains("at 11"))
      }
    }
  }
}
