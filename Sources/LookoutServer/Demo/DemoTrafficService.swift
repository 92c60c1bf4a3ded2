import AsyncAlgorithms
import Foundation
import Logging
import LookoutCore
import LookoutIngest
import ServiceLifecycle

/// Writes demo traffic for `lookout serve --demo`: six hours of history at start, then a
/// live stream every second, in `production` (and a thinner stream in `dev`).
struct DemoTrafficService: Service {
  let runtime: LookoutRuntime
  let logger: Logger
  var requestsPerSecond: Double = 20
  var historySeconds: Double = 6 * 3600

  func run() async throws {
    var generator = DemoTrafficGenerator(seed: UInt64(Date().timeIntervalSince1970))
    let ingestor = NginxIngestor(runtime: runtime)
    let decoder = NginxBatchDecoder(format: .timed)
    let now = Date().timeIntervalSince1970
    // History in one-minute slices at a quarter of the live rate keeps start-up quick.
    var minute = now - historySeconds
    while minute < now, !Task.isCancelled {
      let count = Int(requestsPerSecond * 60 / 4)
      try await write(
        generator.lines(count: count, from: minute, span: 60), decoder, ingestor, "production")
      try await write(
        generator.lines(count: count / 10, from: minute, span: 60), decoder, ingestor, "dev")
      minute += 60
    }
    logger.info("demo traffic: history written, streaming live")
    for await _ in AsyncTimerSequence(interval: .seconds(1), clock: .continuous)
      .cancelOnGracefulShutdown()
    {
      let second = Date().timeIntervalSince1970 - 1
      // The rate drifts slowly so the requests/s chart is not flat.
      let count = Int(requestsPerSecond * (1 + 0.4 * sin(second / 600)))
      try await write(
        generator.lines(count: count, from: second, span: 1), decoder, ingestor, "production")
      if Int(second) % 5 == 0 {
        try await write(generator.lines(count: 3, from: second, span: 1), decoder, ingestor, "dev")
      }
    }
  }

  private func write(
    _ lines: [String], _ decoder: NginxBatchDecoder, _ ingestor: NginxIngestor,
    _ environment: String
  ) async throws {
    let batch = decoder.decode(Array(lines.joined(separator: "\n").utf8))
    do {
      _ = try await ingestor.ingest(
        batch, context: SourceContext(project: 1, environment: environment), source: "demo")
    } catch {
      logger.warning("demo traffic not written", metadata: ["error": "\(error)"])
    }
  }
}
