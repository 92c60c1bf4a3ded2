import Foundation
import Hummingbird
import HummingbirdTesting
import LookoutStore
import Testing

@testable import LookoutServer

/// The UI in a real browser: Debian's chromium, headless, driven by
/// `Tests/Browser/ui_check.py` (selenium + chromedriver) against a live server holding an
/// hour of demo traffic. The script checks each page against the JSON API, hover, drag-zoom
/// and XSS escaping, and saves the screenshots under `docs/screenshots/`.
@Suite("Browser")
struct BrowserTests {
  static let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  @Test("every page in chromium: numbers, charts, zoom, escaping, screenshots")
  func pagesInChromium() async throws {
    try await TestApp.run(mode: .live) { client, runtime in
      let port = try #require(client.port)
      let now = Date().timeIntervalSince1970
      var generator = DemoTrafficGenerator(seed: 7)
      var production = generator.lines(count: 20_000, from: now - 3_000, span: 2_880)
      production.append(
        #"192.0.2.1 - - [\#(WebPageTests.timeLocal(secondsAgo: 600))] "GET /x/<script>alert(1)</script> HTTP/1.1" 200 1 "-" "<script>alert(1)</script>" 0.005 0.004"#
      )
      production.append("this is not an access log line")
      let staging = generator.lines(count: 3_000, from: now - 3_000, span: 2_880)
      for (environment, lines) in [("production", production), ("staging", staging)] {
        try await client.execute(
          uri: "/api/ingest/nginx?env=\(environment)", method: .post,
          headers: TestApp.bearerIngest, body: ByteBuffer(string: lines.joined(separator: "\n"))
        ) { response in
          #expect(response.status == .ok)
        }
      }
      // Errors for the Issues pages: three bugs, some events each, two environments.
      for index in 0..<12 {
        let bug = index % 3
        let event =
          #"{"event_id":"\#(String(format: "%032x", index + 1))","timestamp":\#(now - Double(3_000 - index * 200)),"environment":"\#(index % 4 == 0 ? "staging" : "production")","release":"shop@2.\#(index % 2)","user":{"id":"u\#(index % 5)"},"tags":{"customer":"c\#(index % 3)"},"exception":{"values":[{"type":"\#(["ValueError", "KeyError", "TimeoutError"][bug])","value":"order \#(1_000 + index) failed","stacktrace":{"frames":[{"module":"django.core.handlers","function":"get_response","lineno":197,"in_app":false},{"module":"shop.views.\#(["cart", "orders", "payments"][bug])","function":"handle","lineno":\#(40 + bug),"in_app":true,"context_line":"    result = process(order)","pre_context":["def handle(order):","    log(order)"],"post_context":["    return result"]}]}}]},"breadcrumbs":{"values":[{"timestamp":\#(now - 3_100),"category":"query","message":"SELECT * FROM orders WHERE id = \#(index)"}]}}"#
        let body = Array("{}\n{\"type\":\"event\"}\n".utf8) + Array(event.utf8)
        try await client.execute(
          uri: "/api/1/envelope/", method: .post, headers: SentryIngestTests.auth,
          body: ByteBuffer(bytes: body)
        ) { response in
          #expect(response.status == .ok)
        }
      }
      // Slow queries: 26 hours of the demo's slow log, for the Slow queries pages.
      _ = try await SlowQueryServerTests.push(client, SlowQueryServerTests.demoLog())
      // Traces across three services, for the trace pages.
      var traces = DemoTraceGenerator(seed: 7)
      _ = try await SpanIngestor(runtime: runtime).ingest(
        traces.traces(count: 600, from: now - 3_000, span: 2_880), project: 1,
        environment: "production", source: "test")
      // Settle now the calls to databases and external hosts that would otherwise wait
      // out the matcher's 10 s, so the map does not change while the script reads it.
      let later = Int64((now + 60) * 1e6)
      for (project, edges) in runtime.spanEdges.expired(now: later) {
        try await runtime.spanWriter.submit(
          SpanBatch(project: project, spans: [], edges: edges), cost: edges.count)
      }
      let screenshots = Self.repository.appendingPathComponent("docs/screenshots").path
      let script = Self.repository.appendingPathComponent("Tests/Browser/ui_check.py").path
      let (status, output) = try await Self.run(
        "/usr/bin/env",
        ["python3", script, "http://127.0.0.1:\(port)", "admin", TestApp.password, screenshots],
        timeout: 300)
      #expect(status == 0, "ui_check.py failed:\n\(output)")
      #expect(output.contains(" passed, 0 failed"), "\(output)")
    }
  }

  /// Runs a program to completion (or kills it after `timeout` seconds); its exit status
  /// and combined output.
  ///
  /// The output is read on a thread of its own: a blocking read on the concurrency pool
  /// (two threads here) would starve the live server the program talks to.
  static func run(_ path: String, _ arguments: [String], timeout: Double) async throws
    -> (Int32, String)
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = OutputBox()
    let reader = Thread {
      output.data = pipe.fileHandleForReading.readDataToEndOfFile()
      output.done.signal()
    }
    reader.start()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning {
      if Date() > deadline {
        process.terminate()
        break
      }
      try await Task.sleep(for: .milliseconds(100))
    }
    while output.done.wait(timeout: .now()) == .timedOut {
      try await Task.sleep(for: .milliseconds(50))
    }
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output.data, as: UTF8.self))
  }

  /// What the reader thread hands back; written before `done` is signalled, read after.
  final class OutputBox: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
  }
}
