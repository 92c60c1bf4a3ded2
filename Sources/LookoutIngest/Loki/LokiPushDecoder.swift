import Foundation
import LookoutCore
import SwiftProtobuf

/// Decodes the body of a Loki push (`POST /loki/api/v1/push`) into log records: JSON, or
/// protobuf compressed with snappy's block format (what promtail, Grafana Agent / Alloy
/// and the Loki clients send).
///
/// JSON: `{"streams":[{"stream":{labels},"values":[["<ns>","<line>",{metadata}]]}]}`,
/// where the time is a string (or a number) of nanoseconds since the epoch and the
/// metadata object is optional; the older form
/// `{"streams":[{"labels":"{a=\"b\"}","entries":[{"ts":"<RFC 3339>","line":"…"}]}]}` is
/// read too. Protobuf: `PushRequest{streams[StreamAdapter{labels "{a=\"b\"}",
/// entries[EntryAdapter{timestamp, line, structuredMetadata}]}]}`, labels parsed by
/// ``LokiLabelParser``. How labels and metadata become fields: ``LokiStreamMapper``.
///
/// An entry with an unreadable time, or in a stream whose labels cannot be read, is
/// rejected and counted; the other entries are kept.
///
/// ```swift
/// let decoded = try LokiPushDecoder.decodeProtobuf(body, receivedAt: now)
/// ```
public enum LokiPushDecoder {
  /// Decodes a JSON push body (already gunzipped).
  ///
  /// - Parameters:
  ///   - body: the request body.
  ///   - receivedAt: µs since epoch, the observed time of every record.
  ///   - limits: how much of each record to keep.
  /// - Throws: ``LogDecodeError`` when the body is not JSON or has no `streams` array.
  public static func decodeJSON(
    _ body: [UInt8], receivedAt: Int64, limits: LogLimits = LogLimits()
  ) throws(LogDecodeError) -> DecodedLogs {
    let document: JSONValue
    do {
      document = try JSONParser.parse(body)
    } catch {
      throw .invalidJSON(reason: error.description)
    }
    guard let members = document.members else {
      throw .notALogsRequest(reason: "the JSON document is not an object")
    }
    guard let streams = members.last(where: { $0.key == "streams" })?.value.array else {
      throw .notALogsRequest(reason: "it has no \"streams\" array")
    }
    var records: [LogRecord] = []
    var rejections = LogRejections()
    for stream in streams {
      LokiJSONStream.read(
        stream, receivedAt: receivedAt, limits: limits, into: &records, rejections: &rejections)
    }
    return rejections.batch(records)
  }

  /// Decodes a protobuf push body: snappy block format around a `PushRequest`.
  ///
  /// - Parameters:
  ///   - body: the request body, snappy-compressed.
  ///   - receivedAt: µs since epoch, the observed time of every record.
  ///   - limits: how much of each record to keep.
  ///   - maxDecompressedBytes: the largest uncompressed body accepted.
  /// - Throws: ``LogDecodeError/snappy(_:)`` for broken compression (or a claimed size
  ///   over the limit), ``LogDecodeError/invalidProtobuf(reason:)`` for what is inside.
  public static func decodeProtobuf(
    _ body: [UInt8], receivedAt: Int64, limits: LogLimits = LogLimits(),
    maxDecompressedBytes: Int = SnappyDecoder.defaultLimit
  ) throws(LogDecodeError) -> DecodedLogs {
    let raw: [UInt8]
    do {
      raw = try SnappyDecoder.decompress(body, limit: maxDecompressedBytes)
    } catch {
      throw .snappy(error)
    }
    let request: Logproto_PushRequest
    do {
      request = try Logproto_PushRequest(
        serializedBytes: raw, options: OTLPTraceDecoder.protobufOptions)
    } catch let error as BinaryDecodingError {
      throw .invalidProtobuf(reason: OTLPLogDecoder.reason(error))
    } catch {
      throw .invalidProtobuf(reason: String(describing: error))
    }
    var records: [LogRecord] = []
    var rejections = LogRejections()
    for stream in request.streams {
      let labels: [LogAttributePair]
      do {
        labels = try LokiLabelParser.parse(stream.labels)
      } catch {
        for _ in stream.entries { rejections.reject(because: error.description) }
        continue
      }
      let mapper = LokiStreamMapper(labels: labels, limits: limits, receivedAt: receivedAt)
      for entry in stream.entries {
        guard let nanoseconds = nanoseconds(entry) else {
          rejections.reject(
            because: "an entry of stream \(stream.labels.prefix(200)) has no valid timestamp")
          continue
        }
        records.append(
          mapper.record(
            nanoseconds: nanoseconds, line: entry.line,
            metadata: entry.structuredMetadata.map {
              LogAttributePair(name: $0.name, value: $0.value)
            }))
      }
    }
    return rejections.batch(records)
  }

  /// The entry's time in ns since epoch; nil when absent, negative or out of range.
  private static func nanoseconds(_ entry: Logproto_EntryAdapter) -> Int64? {
    guard entry.hasTimestamp else { return nil }
    let seconds = entry.timestamp.seconds
    let nanos = Int64(entry.timestamp.nanos)
    guard seconds >= 0, (0..<1_000_000_000).contains(nanos) else { return nil }
    let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    guard !overflow, scaled <= Int64.max - nanos else { return nil }
    return scaled + nanos
  }
}

/// Reads one stream of a Loki JSON push.
enum LokiJSONStream {
  static func read(
    _ value: JSONValue, receivedAt: Int64, limits: LogLimits, into records: inout [LogRecord],
    rejections: inout LogRejections
  ) {
    guard let members = value.members else {
      return rejections.reject(because: "a stream is not a JSON object")
    }
    var labels: [LogAttributePair] = []
    var entries: [JSONValue] = []
    var labelProblem: String?
    for member in members {
      switch member.key {
      case "stream":
        labels = (member.value.members ?? []).compactMap { pair in
          pair.value.text.map { LogAttributePair(name: pair.key, value: $0) }
        }
      case "labels":
        guard let text = member.value.string else { continue }
        do {
          labels = try LokiLabelParser.parse(text)
        } catch {
          labelProblem = error.description
        }
      case "values", "entries": entries = member.value.array ?? []
      default: continue
      }
    }
    if let labelProblem {
      for _ in entries { rejections.reject(because: labelProblem) }
      return
    }
    let mapper = LokiStreamMapper(labels: labels, limits: limits, receivedAt: receivedAt)
    for entry in entries {
      switch self.entry(entry) {
      case .success(let (nanoseconds, line, metadata)):
        records.append(mapper.record(nanoseconds: nanoseconds, line: line, metadata: metadata))
      case .failure(let problem):
        rejections.reject(because: problem.reason)
      }
    }
  }

  struct Problem: Error {
    var reason: String
  }

  /// `["<ns>", "<line>", {metadata}]`, or `{"ts": "<RFC 3339>", "line": "…"}`.
  static func entry(_ value: JSONValue) -> Result<(Int64, String, [LogAttributePair]), Problem> {
    if let members = value.members {
      let time = members.last { $0.key == "ts" || $0.key == "timestamp" }?.value
      guard let line = members.last(where: { $0.key == "line" })?.value.string else {
        return .failure(Problem(reason: "an entry has no \"line\" string"))
      }
      guard let time, let nanoseconds = nanoseconds(time) else {
        return .failure(
          Problem(reason: "entry time \"\(describe(time))\" is not a valid timestamp"))
      }
      return .success((nanoseconds, line, []))
    }
    guard let elements = value.array, elements.count >= 2 else {
      return .failure(Problem(reason: "an entry is not a [time, line] array"))
    }
    guard let nanoseconds = nanoseconds(elements[0]) else {
      return .failure(
        Problem(
          reason: "entry time \"\(describe(elements[0]))\" is not nanoseconds since the epoch"))
    }
    guard let line = elements[1].string else {
      return .failure(Problem(reason: "an entry's line is not a string"))
    }
    var metadata: [LogAttributePair] = []
    if elements.count > 2, let pairs = elements[2].members {
      metadata = pairs.compactMap { pair in
        pair.value.text.map { LogAttributePair(name: pair.key, value: $0) }
      }
    }
    return .success((nanoseconds, line, metadata))
  }

  /// Nanoseconds since epoch: a decimal string or integral number, not negative; or an
  /// RFC 3339 string.
  static func nanoseconds(_ value: JSONValue) -> Int64? {
    let text: String
    switch value {
    case .string(let string): text = string
    case .number(let number): text = number
    default: return nil
    }
    if let integer = Int64(text) ?? Double(text).flatMap({ Int64(exactly: $0) }) {
      return integer >= 0 ? integer : nil
    }
    guard let micros = SentryTimestamp.microseconds(rfc3339: text), micros >= 0 else { return nil }
    let (nanoseconds, overflow) = micros.multipliedReportingOverflow(by: 1000)
    return overflow ? nil : nanoseconds
  }

  private static func describe(_ value: JSONValue?) -> String {
    guard let value else { return "(none)" }
    return String((value.text ?? "null").prefix(40))
  }
}
