import LookoutCore
import Testing

@testable import LookoutIngest

/// The body the real `opentelemetry-exporter-zipkin-json` 1.45.1 posted to a local server,
/// recorded by `Fixtures/zipkin/make_fixtures.py` with `expected.json` beside it.
@Suite("Zipkin OpenTelemetry fixture")
struct ZipkinOpenTelemetryFixtureTests {
  @Test func decodesWhatTheExporterRecorded() throws {
    let expected = try JSONParser.parse(TestSupport.fixture("zipkin/expected.json"))
    let batch = try ZipkinDecoder().decode(
      TestSupport.fixture("zipkin/otel-spans.json"), receivedAt: 0)
    #expect(batch.rejected == 0)
    #expect(batch.spans.count == 3)
    let trace = try #require(expected["trace_id"]?.string)
    #expect(batch.spans.allSatisfy { $0.traceID == trace && $0.service == "Orders" })

    let server = try #require(batch.spans.first { $0.spanID == expected["server_id"]?.string })
    #expect(server.parentSpanID == "")
    #expect(server.kind == .server)
    #expect(server.name == "GET /orders/{id}")
    #expect(server.status == .unset)
    #expect(server.attributes["http.request.method"] == "GET")
    #expect(server.attributes["http.route"] == "/orders/{id}")
    #expect(server.attributes["http.response.status_code"] == "200")
    #expect(server.duration > 0)
    #expect(
      server.events.map { [$0.name, $0.attributes["key"] ?? ""] } == [["cache.miss", "order:42"]])

    let client = try #require(batch.spans.first { $0.spanID == expected["client_id"]?.string })
    #expect(client.parentSpanID == server.spanID)
    #expect(client.kind == .client)
    #expect(client.status == .error)
    #expect(client.statusMessage == "card declined")
    #expect(client.attributes["peer.service"] == "payments")
    #expect(client.attributes["otel.status_code"] == nil)
    let exception = try #require(client.events.first)
    #expect(exception.name == "exception")
    #expect(exception.attributes["exception.type"] == "RuntimeError")
    #expect(exception.attributes["exception.message"] == "card declined")
    #expect(
      exception.attributes["exception.stacktrace"]?.contains("RuntimeError: card declined") == true)
    #expect(exception.time >= client.start && exception.time <= client.start + client.duration)

    let producer = try #require(
      batch.spans.first { $0.spanID == expected["producer_id"]?.string })
    #expect(producer.kind == .producer)
    #expect(producer.parentSpanID == server.spanID)
    #expect(producer.attributes["messaging.system"] == "kafka")
  }
}
