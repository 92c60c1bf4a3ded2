import Foundation
import LookoutCore
import SwiftProtobuf

/// Decodes the body of an OTLP/HTTP logs export (`POST /v1/logs`) into log records.
///
/// Both encodings go through one mapping (``OTLPLogMapper``): times to microseconds (the
/// observed time when the record has none, the time of receipt when neither is set),
/// severity numbers to ``LogSeverity`` (the severity text when the number is unset), the
/// body to text (strings as they are, maps and lists as JSON), ids to lowercase hex.
/// Attribute conventions are those of ``LogRecord``. JSON follows OTLP's rules, as for
/// traces: hex ids, enums as integers or names, 64-bit integers as strings or numbers,
/// unknown keys ignored.
///
/// ```swift
/// guard let encoding = OTLPEncoding(contentType: contentType) else { /* 415 */ }
/// let decoded = try OTLPLogDecoder.decode(body, encoding: encoding, receivedAt: now)
/// let answer = OTLPResponse.logs(
///   rejectedLogRecords: decoded.rejected, errorMessage: decoded.errorMessage, encoding: encoding)
/// ```
public enum OTLPLogDecoder {
  /// Decodes one export body (already decompressed).
  ///
  /// - Parameters:
  ///   - body: the request body.
  ///   - encoding: from the request's `Content-Type`.
  ///   - receivedAt: µs since epoch, the time of records that carry none.
  ///   - limits: how much of each record to keep.
  /// - Returns: the records kept, in order, and the count and reason of those rejected
  ///   (ids of the wrong length).
  /// - Throws: ``LogDecodeError`` when the body as a whole cannot be read.
  public static func decode(
    _ body: [UInt8], encoding: OTLPEncoding, receivedAt: Int64, limits: LogLimits = LogLimits()
  ) throws(LogDecodeError) -> DecodedLogs {
    var mapper: OTLPLogMapper
    switch encoding {
    case .protobuf:
      mapper = OTLPLogMapper(limits: limits, receivedAt: receivedAt)
      mapper.map(try protobufRequest(body))
    case .json:
      let document: JSONValue
      do {
        document = try JSONParser.parse(body)
      } catch {
        throw .invalidJSON(reason: error.description)
      }
      var reader = OTLPJSONLogReader()
      let request = try reader.read(document)
      mapper = OTLPLogMapper(limits: limits, receivedAt: receivedAt, rejections: reader.rejections)
      mapper.map(request)
    }
    return mapper.rejections.batch(mapper.records)
  }

  static func protobufRequest(_ body: [UInt8]) throws(LogDecodeError)
    -> OTLPLogMapper.Request
  {
    do {
      return try OTLPLogMapper.Request(
        serializedBytes: body, options: OTLPTraceDecoder.protobufOptions)
    } catch let error as BinaryDecodingError {
      throw .invalidProtobuf(reason: reason(error))
    } catch {
      throw .invalidProtobuf(reason: String(describing: error))
    }
  }

  static func reason(_ error: BinaryDecodingError) -> String {
    switch error {
    case .truncated: "the data ends inside a field"
    case .invalidUTF8: "a string field is not valid UTF-8"
    case .malformedProtobuf: "malformed field (bad tag, wire type or length)"
    case .messageDepthLimit: "messages nest too deeply"
    case .trailingGarbage: "unexpected data after the message"
    default: String(describing: error)
    }
  }
}
