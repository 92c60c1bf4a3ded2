import Foundation
import LookoutCore
import LookoutIngest
import Testing

/// Prints X-Ray and Zipkin decode throughput on the real SDK fixtures; asserts nothing
/// about speed (the machine varies).
///
/// Meaningful only in a release build run alone:
/// `swift test -c release --no-parallel --filter TraceIngestThroughput`. Time is the
/// thread's CPU time, so other processes do not count.
@Suite("TraceIngestThroughput")
struct TraceIngestThroughputTests {
  #if DEBUG
    static let iterations = 200  // a debug build only shows that the measurement runs
  #else
    static let iterations = 20_000
  #endif

  /// Best thread CPU seconds of three runs of `body`.
  static func bestOfThree(_ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<3 {
      var start = timespec()
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
      try body()
      var end = timespec()
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
      best = min(
        best, Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9)
    }
    return best
  }

  static func report(_ label: String, bytes: Int?, spans: Int, seconds: Double) {
    let n = Double(iterations)
    let rate = bytes.map { ", \(Int(n * Double($0) / seconds / 1e6)) MB/s" } ?? ""
    print(
      "\(label): \(Int(n / seconds)) documents/s, \(Int(n * Double(spans) / seconds)) spans/s"
        + "\(rate) (best of 3 × \(iterations), thread CPU)")
  }

  @Test func xrayDecodeAndAssemble() throws {
    let bytes = try TestSupport.fixture("xray/sdk-checkout-00.datagram")
    let decoder = XRayDocumentDecoder()
    var spans = 0
    let decodeSeconds = try Self.bestOfThree {
      for _ in 0..<Self.iterations {
        spans = try decoder.decode(XRayDatagram(bytes).document).spans.count
      }
    }
    #expect(spans == 4)
    Self.report("x-ray datagram decode", bytes: bytes.count, spans: spans, seconds: decodeSeconds)

    // Each iteration a new trace, as on a busy server; the assembler is what stays.
    let document = try decoder.decode(XRayDatagram(bytes).document)
    let documents = (0..<Self.iterations).map { index in
      var copy = document
      let hex = String(index + 1, radix: 16)
      copy.traceID = String(repeating: "0", count: 32 - hex.count) + hex
      for span in copy.spans.indices { copy.spans[span].traceID = copy.traceID }
      return copy
    }
    var emitted = 0
    let assembleSeconds = Self.bestOfThree {
      var assembler = XRayAssembler()
      emitted = 0
      for (index, document) in documents.enumerated() {
        emitted += assembler.add(document, now: Int64(index)).count
      }
    }
    #expect(emitted == 4 * Self.iterations)
    Self.report("x-ray assemble", bytes: nil, spans: 4, seconds: assembleSeconds)
  }

  @Test func zipkinDecode() throws {
    let body = try TestSupport.fixture("zipkin/otel-spans.json")
    let decoder = ZipkinDecoder()
    var spans = 0
    let seconds = try Self.bestOfThree {
      for _ in 0..<Self.iterations {
        spans = try decoder.decode(body, receivedAt: 0).spans.count
      }
    }
    #expect(spans == 3)
    Self.report("zipkin decode", bytes: body.count, spans: spans, seconds: seconds)
  }
}
