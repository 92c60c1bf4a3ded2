import Foundation
import Testing

@testable import LookoutIngest

/// Prints OTLP trace decode throughput; asserts nothing about speed (the machine varies).
///
/// Meaningful only in a release build run alone:
/// `swift test -c release --no-parallel --filter OTLPThroughput`. Time is the thread's CPU
/// time, so other processes do not count.
@Suite("OTLPThroughput")
struct OTLPThroughputTests {
  static func threadCPUSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
  }

  #if DEBUG
    static let repeats = 1  // a debug build only shows that the measurement runs
  #else
    static let repeats = 200
  #endif

  /// The best of `repeats` runs of `work`, in CPU seconds.
  static func best(_ work: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<repeats {
      let start = threadCPUSeconds()
      try work()
      best = min(best, threadCPUSeconds() - start)
    }
    return best
  }

  @Test func protobufRequestOf512Spans() throws {
    let body = try OTLPRequestBuilder.encoded(OTLPRequestBuilder.realistic(spans: 512))
    var decoded = 0
    let whole = try Self.best {
      decoded = try OTLPTraceDecoder.decode(body, encoding: .protobuf).spans.count
    }
    #expect(decoded == 512)
    // The two halves: swift-protobuf's parsing alone, then the mapping alone.
    var request = OTLPSpanMapper.Request()
    let parse = try Self.best {
      request = try body.withUnsafeBytes { try OTLPTraceDecoder.protobufRequest($0) }
    }
    let map = Self.best {
      var mapper = OTLPSpanMapper(limits: OTLPLimits())
      mapper.map(request)
      decoded = mapper.spans.count
    }
    #expect(decoded == 512)
    let perSpan = { (seconds: Double) in String(format: "%.2f", seconds / 512 * 1e6) }
    print(
      "OTLP protobuf decode, 512 spans x 10 attributes (\(body.count) bytes): "
        + "\(Int(512 / whole)) spans/s, \(perSpan(whole)) µs/span "
        + "(protobuf parse \(perSpan(parse)) µs, mapping \(perSpan(map)) µs; best of "
        + "\(Self.repeats), thread CPU time)")
  }

  @Test func jsonRequestOf512Spans() throws {
    let request = OTLPRequestBuilder.realistic(spans: 512)
    // Proto3 JSON of the request, with ids rewritten as OTLP's hex is not needed here:
    // base64 ids of the right length are accepted too.
    let body: [UInt8] = try request.jsonUTF8Bytes()
    var decoded = 0
    let whole = try Self.best {
      decoded = try OTLPTraceDecoder.decode(body, encoding: .json).spans.count
    }
    #expect(decoded == 512)
    print(
      "OTLP JSON decode, 512 spans x 10 attributes (\(body.count) bytes): "
        + "\(Int(512 / whole)) spans/s, \(String(format: "%.2f", whole / 512 * 1e6)) µs/span "
        + "(best of \(Self.repeats), thread CPU time)")
  }
}
