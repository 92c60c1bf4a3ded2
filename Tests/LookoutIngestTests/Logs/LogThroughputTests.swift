import Foundation
import LookoutCore
import Testing

@testable import LookoutIngest

/// Prints log decode throughput; asserts nothing about speed (the machine varies).
///
/// Meaningful only in a release build run alone:
/// `swift test -c release --no-parallel --filter LogThroughput`. Time is the thread's CPU
/// time, so other processes do not count.
@Suite("LogThroughput")
struct LogThroughputTests {
  static func threadCPUSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
  }

  #if DEBUG
    static let repeats = 1  // a debug build only shows that the measurement runs
  #else
    static let repeats = 50
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

  static func report(_ what: String, count: Int, bytes: Int, seconds: Double) {
    print(
      "\(what): \(Int(Double(count) / seconds)) records/s, "
        + String(
          format: "%.2f µs/record, %.0f MB/s", seconds / Double(count) * 1e6,
          Double(bytes) / seconds / 1e6)
        + " (\(count) records, \(bytes) bytes; best of \(repeats), thread CPU time)")
  }

  static let now: Int64 = 1_717_545_700_000_000

  /// Lines like an application writes: a time, a level, a message with numbers and ids.
  static func line(_ index: Int) -> String {
    let levels = ["INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG"]
    return "2024-06-05T10:00:\(String(format: "%02d", index % 60)).\(100 + index % 900)Z "
      + "\(levels[index % levels.count]) [worker-\(index % 8)] processed order \(10_000 + index) "
      + "for customer c-\(index % 97) in \(index % 300) ms"
  }

  @Test func otlpProtobufRequestOf512Records() throws {
    var scope = Opentelemetry_Proto_Logs_V1_ScopeLogs()
    scope.scope.name = "app.orders"
    scope.logRecords = (0..<512).map { index in
      var record = Opentelemetry_Proto_Logs_V1_LogRecord()
      record.timeUnixNano = 1_717_545_600_000_000_000 + UInt64(index) * 1_000_000
      record.observedTimeUnixNano = record.timeUnixNano + 500_000
      record.severityNumber = .info
      record.severityText = "INFO"
      record.body.stringValue = Self.line(index)
      record.attributes = [
        OTLPRequestBuilder.pair("code.file.path", "/app/orders/service.py"),
        OTLPRequestBuilder.pair("code.function.name", "process"),
        OTLPRequestBuilder.pair("code.line.number", .intValue(120 + Int64(index % 40))),
        OTLPRequestBuilder.pair("order.id", .intValue(10_000 + Int64(index))),
      ]
      record.traceID = OTLPRequestBuilder.bytes("4bf92f3577b34da6a3ce929d0e0e4736")
      record.spanID = withUnsafeBytes(of: UInt64(index + 1).bigEndian) { Data($0) }
      return record
    }
    var resource = Opentelemetry_Proto_Logs_V1_ResourceLogs()
    resource.resource.attributes = [
      OTLPRequestBuilder.pair("service.name", "orders"),
      OTLPRequestBuilder.pair("deployment.environment", "production"),
      OTLPRequestBuilder.pair("host.name", "web-1"),
    ]
    resource.scopeLogs = [scope]
    var request = Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceRequest()
    request.resourceLogs = [resource]
    let body: [UInt8] = try request.serializedBytes()
    var decoded = 0
    let seconds = try Self.best {
      decoded = try OTLPLogDecoder.decode(body, encoding: .protobuf, receivedAt: Self.now)
        .records.count
    }
    #expect(decoded == 512)
    Self.report(
      "OTLP logs protobuf decode, 4 attributes + 2 resource", count: 512, bytes: body.count,
      seconds: seconds)
  }

  static func lokiPush(entries: Int) throws -> [UInt8] {
    var request = Logproto_PushRequest()
    request.streams = (0..<4).map { streamIndex in
      var stream = Logproto_StreamAdapter()
      stream.labels =
        #"{job="worker", service_name="orders", env="production", pod="p-\#(streamIndex)"}"#
      stream.entries = (0..<entries / 4).map { index in
        var entry = Logproto_EntryAdapter()
        entry.timestamp.seconds = 1_717_545_600 + Int64(index / 100)
        entry.timestamp.nanos = Int32(index % 100) * 10_000_000
        entry.line = Self.line(index * 4 + streamIndex)
        return entry
      }
      return stream
    }
    return try request.serializedBytes()
  }

  @Test func lokiProtobufSnappyPushOf1000Entries() throws {
    let body = LogTestSupport.snappy(try Self.lokiPush(entries: 1000))
    var decoded = 0
    let seconds = try Self.best {
      decoded = try LokiPushDecoder.decodeProtobuf(body, receivedAt: Self.now).records.count
    }
    #expect(decoded == 1000)
    Self.report(
      "Loki protobuf+snappy decode (literal-only snappy)", count: 1000, bytes: body.count,
      seconds: seconds)
  }

  @Test func lokiJSONPushOf1000Entries() throws {
    var text = #"{"streams":["#
    for streamIndex in 0..<4 {
      if streamIndex > 0 { text += "," }
      text +=
        #"{"stream":{"job":"worker","service_name":"orders","pod":"p-\#(streamIndex)"},"values":["#
      for index in 0..<250 {
        if index > 0 { text += "," }
        text += #"["\#(1_717_545_600_000_000_000 + index * 1_000_000)","\#(Self.line(index))"]"#
      }
      text += "]}"
    }
    text += "]}"
    let body = Array(text.utf8)
    var decoded = 0
    let seconds = try Self.best {
      decoded = try LokiPushDecoder.decodeJSON(body, receivedAt: Self.now).records.count
    }
    #expect(decoded == 1000)
    Self.report("Loki JSON decode", count: 1000, bytes: body.count, seconds: seconds)
  }

  @Test func plainLinesJoinedAndDecoded() throws {
    let lines = (0..<10_000).map { Self.line($0) }
    let decoder = LogLineDecoder(format: .plain, source: "/var/log/worker.log")
    var decoded = 0
    let seconds = try Self.best {
      var joiner = try LogLineJoiner()
      var records: [LogRecord] = []
      records.reserveCapacity(lines.count)
      for line in lines {
        if let entry = joiner.push(line) {
          records.append(decoder.decode(entry.text, receivedAt: Self.now))
        }
      }
      if let last = joiner.flush() {
        records.append(decoder.decode(last.text, receivedAt: Self.now))
      }
      decoded = records.count
    }
    #expect(decoded == 10_000)
    Self.report(
      "plain file lines, joined and decoded", count: 10_000,
      bytes: lines.reduce(0) { $0 + $1.utf8.count + 1 }, seconds: seconds)
  }

  @Test func jsonLinesDecoded() {
    let lines = (0..<10_000).map { index in
      #"{"ts":"2024-06-05T10:00:00.\#(100 + index % 900)Z","level":"info","msg":"processed order \#(10_000 + index)","order":\#(index),"customer":"c-\#(index % 97)"}"#
    }
    let decoder = LogLineDecoder(format: .json, source: "/var/log/worker.jsonl")
    var decoded = 0
    let seconds = Self.best {
      decoded = lines.map { decoder.decode($0, receivedAt: Self.now) }.count
    }
    #expect(decoded == 10_000)
    Self.report(
      "JSON file lines decoded", count: 10_000,
      bytes: lines.reduce(0) { $0 + $1.utf8.count + 1 }, seconds: seconds)
  }
}
