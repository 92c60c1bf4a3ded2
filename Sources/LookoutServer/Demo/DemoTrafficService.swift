import AsyncAlgorithms
import Foundation
import Logging
import LookoutCore
import LookoutIngest
import ServiceLifecycle

/// Writes demo traffic for `lookout serve --demo`: six hours of history at start, then a
/// live stream every second, in `production` (and a thinner stream in `dev`); and a MySQL
/// slow log with 26 hours of history (so "slower than yesterday" has a yesterday), then a
/// few statements every five seconds; traces across three services (see
/// ``DemoTraceGenerator``), history and live; and application logs of three services (see
/// ``DemoLogGenerator``), 26 hours of history, then a few entries a second.
struct DemoTrafficService: Service {
  let runtime: LookoutRuntime
  let logger: Logger
  var requestsPerSecond: Double = 20
  var tracesPerSecond: Double = 2
  var historySeconds: Double = 6 * 3600

  func run() async throws {
    var generator = DemoTrafficGenerator(seed: UInt64(Date().timeIntervalSince1970))
    let ingestor = NginxIngestor(runtime: runtime)
    let decoder = NginxBatchDecoder(format: .timed)
    let now = Date().timeIntervalSince1970
    // History in one-minute slices at a quarter of the live rate keeps start-up quick.
    var traces = DemoTraceGenerator(seed: UInt64(now))
    var minute = now - historySeconds
    while minute < now, !Task.isCancelled {
      let count = Int(requestsPerSecond * 60 / 4)
      try await write(
        generator.lines(count: count, from: minute, span: 60), decoder, ingestor, "production")
      try await write(
        generator.lines(count: count / 10, from: minute, span: 60), decoder, ingestor, "dev")
      await writeTraces(traces.traces(count: Int(tracesPerSecond * 60 / 4), from: minute, span: 60))
      minute += 60
    }
    var slowLog = DemoSlowLogGenerator(seed: UInt64(now))
    let slowIngestor = SlowQueryIngestor(runtime: runtime)
    var hour = now - 26 * 3600
    while hour < now, !Task.isCancelled {
      let span = min(3600, now - hour)
      try await writeSlowLog(
        slowLog.log(count: Int(span / 6), from: hour, span: span, now: now), slowIngestor)
      hour += span
    }
    var logs = DemoLogGenerator(seed: UInt64(now), now: now)
    hour = now - 26 * 3600
    while hour < now, !Task.isCancelled {
      let span = min(3600, now - hour)
      await writeLogs(logs.records(count: Int(span / 4), from: hour, span: span))
      hour += span
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
      await writeTraces(traces.traces(count: Int(tracesPerSecond), from: second, span: 1))
      await writeLogs(logs.records(count: 2, from: second, span: 1))
      if Int(second) % 5 == 0 {
        try await write(generator.lines(count: 3, from: second, span: 1), decoder, ingestor, "dev")
        try await writeSlowLog(
          slowLog.log(count: 1, from: second - 4, span: 5, now: second), slowIngestor)
      }
    }
  }

  private func writeTraces(_ spans: [SpanRecord]) async {
    do {
      _ = try await SpanIngestor(runtime: runtime).ingest(
        spans, project: 1, environment: "production", source: "demo")
    } catch {
      logger.warning("demo traces not written", metadata: ["error": "\(error)"])
    }
  }

  private func writeLogs(_ records: [LogRecord]) async {
    do {
      _ = try await LogIngestor(runtime: runtime).ingest(
        records, project: 1, environment: "production", source: "demo")
    } catch {
      logger.warning("demo logs not written", metadata: ["error": "\(error)"])
    }
  }

  private func writeSlowLog(_ text: String, _ ingestor: SlowQueryIngestor) async throws {
    var decoder = SlowLogFormat.mysql.makeDecoder()
    var batch = decoder.feed(Array(text.utf8))
    batch.append(decoder.finish())
    do {
      _ = try await ingestor.ingest(
        batch, context: SourceContext(project: 1, environment: "production"), source: "demo")
    } catch {
      logger.warning("demo slow queries not written", metadata: ["error": "\(error)"])
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
