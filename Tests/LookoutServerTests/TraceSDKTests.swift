import Foundation
import Hummingbird
import HummingbirdTesting
import LookoutCore
import Testing

@testable import LookoutServer

/// The real OpenTelemetry and AWS X-Ray SDKs from PyPI against a live server:
/// `Tests/Clients/trace_scenarios.py` records traces across two services and exports them
/// over OTLP/HTTP (protobuf and JSON) and the X-Ray daemon protocol (UDP), then compares
/// every stored span, the trace search and the service map with what the SDKs sent.
@Suite("Trace SDKs")
struct TraceSDKTests {
  @Test("OTLP protobuf and JSON exporters and the X-Ray SDK, read back through the JSON API")
  func pythonSDKs() async throws {
    let udpPort = try await Self.freeUDPPort()
    let configuration = TestApp.configuration {
      $0.otlpHTTP = nil
      $0.xrayUDP = ListenerAddress(host: "127.0.0.1", port: udpPort, required: true)
      $0.xrayContext = SourceContext(project: 1, environment: "xray-qa")
    }
    try await TestApp.run(configuration, mode: .live) { client, _ in
      let port = try #require(client.port)
      let script = BrowserTests.repository.appendingPathComponent(
        "Tests/Clients/trace_scenarios.py"
      ).path
      let (status, output) = try await BrowserTests.run(
        "/usr/bin/env",
        [
          "python3", script, "http://127.0.0.1:\(port)", TestApp.ingestKey, TestApp.apiToken,
          String(udpPort), configuration.xrayContext.environment,
        ], timeout: 120)
      #expect(status == 0, "trace_scenarios.py failed:\n\(output)")
      #expect(output.contains(" passed, 0 failed"), "\(output)")
    }
  }

  /// A UDP port nothing listens on now: the kernel's pick for a socket bound to port 0.
  static func freeUDPPort() async throws -> Int {
    let (_, portText) = try await BrowserTests.run(
      "/usr/bin/env",
      [
        "python3", "-c",
        "import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM);"
          + " s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])",
      ], timeout: 10)
    return try #require(Int(portText.trimmingCharacters(in: .whitespacesAndNewlines)))
  }
}
