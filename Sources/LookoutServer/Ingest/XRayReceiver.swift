import AsyncAlgorithms
import Foundation
import Logging
import LookoutCore
import LookoutIngest
import ServiceLifecycle

/// Takes X-Ray daemon datagrams (UDP :2000), decodes and assembles them (streamed
/// subsegments wait for the segment that names their service, in-progress segments for
/// their complete copy) and stores the finished spans in batches: every second, or at once
/// past ``flushSpans``. UDP has no acknowledgement, so a datagram is never waited on.
actor XRayReceiver {
  let runtime: LookoutRuntime
  let logger: Logger
  private var assembler = XRayAssembler()
  private let decoder = XRayDocumentDecoder()
  private var ready: [SpanRecord] = []
  private var flushing = false
  /// Spans that trigger a write without waiting for the next tick.
  let flushSpans = 2_000

  init(runtime: LookoutRuntime, logger: Logger) {
    self.runtime = runtime
    self.logger = logger
  }

  /// One datagram: bad ones are counted (`xray:udp` in ingest statistics) and dropped.
  func receive(_ bytes: [UInt8]) async {
    let document: XRayDocument
    do {
      let datagram = try XRayDatagram(bytes)
      document = try decoder.decode(datagram.document)
    } catch {
      let excerpt = String(decoding: bytes.prefix(120), as: UTF8.self)
      runtime.ingestStats.record(
        source: "xray:udp", lines: 1,
        bad: [
          IngestStats.BadLine(
            BadLineReport.Example(lineNumber: 1, reason: "\(error)", excerpt: excerpt))
        ])
      return
    }
    ready += assembler.add(document, now: Self.now())
    if ready.count >= flushSpans { await flush() }
  }

  /// Releases what waited too long and stores everything finished.
  func tick() async {
    ready += assembler.expire(now: Self.now())
    await flush()
  }

  /// Everything held, for shutdown.
  func drain() async {
    ready += assembler.flush()
    await flush()
  }

  /// Spans held for `traceID` (in-progress ones marked), for the trace view.
  func pendingSpans(traceID: String) -> [SpanRecord] {
    assembler.pendingSpans(traceID: traceID, now: Self.now())
  }

  private func flush() async {
    guard !ready.isEmpty, !flushing else { return }
    flushing = true
    defer { flushing = false }
    while !ready.isEmpty {
      let spans = ready
      ready = []
      let context = runtime.configuration.xrayContext
      do {
        _ = try await SpanIngestor(runtime: runtime).ingest(
          spans, project: context.project, environment: context.environment, source: "xray:udp")
      } catch {
        // The write queue is full: keep the spans for the next tick rather than lose them.
        logger.warning("X-Ray spans not stored yet", metadata: ["error": "\(error)"])
        ready = spans + ready
        return
      }
    }
  }

  static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1e6) }
}

/// Ticks the ``XRayReceiver`` every second and drains it on shutdown.
struct XRayFlushService: Service {
  let receiver: XRayReceiver

  func run() async throws {
    for await _ in AsyncTimerSequence(interval: .seconds(1), clock: .continuous)
      .cancelOnGracefulShutdown()
    {
      await receiver.tick()
    }
    await receiver.drain()
  }
}
