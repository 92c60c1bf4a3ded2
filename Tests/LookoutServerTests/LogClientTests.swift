import Foundation
import Hummingbird
import HummingbirdTesting
import LookoutCore
import Testing

@testable import LookoutServer

/// Real log clients against a live server: `Tests/Clients/log_scenarios.py` logs through
/// the OpenTelemetry Python SDK's logging handler (OTLP/HTTP protobuf and JSON exporters)
/// and pushes to the Loki API in JSON and in snappy protobuf; it writes down what each
/// client sent, and this test compares the log store with it field by field.
@Suite("Log clients")
struct LogClientTests {
  struct Expected: Decodable {
    var timestamp: Int64
    var severity_number: Int
    var severity: String
    var body: String
    var service: String
    var environment: String
    var source: String
    var attributes: [[String]]
    var trace_id: String?
    var span_id: String?
  }

  @Test("OpenTelemetry SDK logs and Loki pushes are stored as sent")
  func pythonClients() async throws {
    let configuration = TestApp.configuration { $0.otlpHTTP = nil }
    let expectedPath = FileManager.default.temporaryDirectory.appendingPathComponent(
      "log-scenarios-\(UUID().uuidString).json"
    ).path
    defer { try? FileManager.default.removeItem(atPath: expectedPath) }
    try await TestApp.run(configuration, mode: .live) { client, runtime in
      let port = try #require(client.port)
      let script = BrowserTests.repository.appendingPathComponent(
        "Tests/Clients/log_scenarios.py"
      ).path
      let (status, output) = try await BrowserTests.run(
        "/usr/bin/env",
        ["python3", script, "http://127.0.0.1:\(port)", TestApp.ingestKey, expectedPath],
        timeout: 120)
      #expect(status == 0, "log_scenarios.py failed:\n\(output)")
      #expect(output.contains(" passed, 0 failed"), "\(output)")

      let expected = try JSONDecoder().decode(
        [Expected].self, from: Data(contentsOf: URL(fileURLWithPath: expectedPath)))
      #expect(expected.count == 17)
      let deadline = ContinuousClock.now + .seconds(20)
      var stored = try await runtime.logs.records(project: 1, range: .all, limit: 10_000)
      while stored.count < expected.count, ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(200))
        stored = try await runtime.logs.records(project: 1, range: .all, limit: 10_000)
      }
      #expect(stored.count == expected.count)
      for sent in expected {
        let matches = stored.filter { $0.body == sent.body && $0.service == sent.service }
        guard let record = matches.first, matches.count == 1 else {
          Issue.record("\(matches.count) stored records for \(sent.service): \(sent.body)")
          continue
        }
        let context = "\(sent.service): \(sent.body)"
        #expect(record.timestamp == sent.timestamp, "\(context)")
        #expect(record.severityNumber == sent.severity_number, "\(context)")
        #expect(record.severity.rawValue == sent.severity, "\(context)")
        #expect(record.environment == sent.environment, "\(context)")
        #expect(record.source == sent.source, "\(context)")
        #expect(record.traceID == sent.trace_id, "\(context)")
        #expect(record.spanID == sent.span_id, "\(context)")
        #expect(
          record.attributes.map { [$0.key, $0.value] } == sent.attributes, "\(context)")
        #expect(!record.bodyTruncated, "\(context)")
      }
    }
  }
}
