import Foundation
import SwiftProtobuf

/// Decodes the body of an OTLP/HTTP trace export (`POST /v1/traces`) into spans.
///
/// Both encodings go through the same mapping (see ``OTLPTraceBatch`` for what is kept
/// and rejected): ids become lowercase hex, times microseconds (duration 0 when the end is
/// missing or before the start), attribute values text (rules in `OTLPAttributeText`),
/// resource attributes `resource.<key>` on every span, `service.name` and
/// `deployment.environment[.name]` the span's service and environment.
///
/// ```swift
/// guard let encoding = OTLPEncoding(contentType: contentType) else { /* 415 */ }
/// let batch = try OTLPTraceDecoder.decode(body, encoding: encoding)
/// let answer = OTLPResponse.traces(
///   rejectedSpans: batch.rejectedSpans, errorMessage: batch.errorMessage, encoding: encoding)
/// ```
public enum OTLPTraceDecoder {
  /// Decodes one export body (already decompressed).
  ///
  /// - Parameters:
  ///   - body: the request body.
  ///   - encoding: from the request's `Content-Type`.
  ///   - limits: how much of each span to keep.
  /// - Returns: the spans kept, in order, and the count and reason of those rejected.
  /// - Throws: ``OTLPDecodeError`` when the body as a whole cannot be read.
  public static func decode(
    _ body: [UInt8], encoding: OTLPEncoding, limits: OTLPLimits = OTLPLimits()
  ) throws(OTLPDecodeError) -> OTLPTraceBatch {
    try body.withUnsafeBufferPointer { (buffer) throws(OTLPDecodeError) in
      try decode(UnsafeRawBufferPointer(buffer), encoding: encoding, limits: limits)
    }
  }

  /// Decodes one export body held in `body` (a request buffer's readable bytes).
  ///
  /// - Throws: ``OTLPDecodeError`` when the body as a whole cannot be read.
  public static func decode(
    _ body: UnsafeRawBufferPointer, encoding: OTLPEncoding, limits: OTLPLimits = OTLPLimits()
  ) throws(OTLPDecodeError) -> OTLPTraceBatch {
    switch encoding {
    case .protobuf:
      var reader = OTLPProtobufTraceReader(limits: limits)
      do {
        try reader.read(body)
      } catch {
        throw .invalidProtobuf(reason: reason(error))
      }
      return reader.batch
    case .json:
      let document: JSONValue
      do {
        document = try JSONParser.parse(body)
      } catch {
        throw .invalidJSON(reason: error.description)
      }
      var reader = OTLPJSONTraceReader()
      let request = try reader.read(document)
      var mapper = OTLPSpanMapper(limits: limits, rejections: reader.rejections)
      mapper.map(request)
      return mapper.batch
    }
  }

  /// The protobuf options: unknown fields (trace_state, flags, newer additions) are
  /// skipped rather than kept.
  static let protobufOptions: BinaryDecodingOptions = {
    var options = BinaryDecodingOptions()
    options.discardUnknownFields = true
    return options
  }()

  /// The body decoded by swift-protobuf into the generated messages: the reference
  /// ``OTLPProtobufTraceReader`` is tested against (and the throughput test measures).
  static func protobufRequest(_ body: UnsafeRawBufferPointer) throws(OTLPDecodeError)
    -> OTLPSpanMapper.Request
  {
    guard let base = body.baseAddress, !body.isEmpty else { return OTLPSpanMapper.Request() }
    // Borrowed, not copied: the buffer outlives the decoding, which copies what it keeps.
    let bytes = Data(
      bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: body.count,
      deallocator: .none)
    do {
      return try OTLPSpanMapper.Request(serializedBytes: bytes, options: protobufOptions)
    } catch let error as BinaryDecodingError {
      throw .invalidProtobuf(reason: reason(error))
    } catch {
      throw .invalidProtobuf(reason: String(describing: error))
    }
  }

  private static func reason(_ error: ProtobufWireReader.Failure) -> String {
    switch error {
    case .truncated: reason(BinaryDecodingError.truncated)
    case .invalidUTF8: reason(BinaryDecodingError.invalidUTF8)
    case .malformedProtobuf: reason(BinaryDecodingError.malformedProtobuf)
    case .messageDepthLimit: reason(BinaryDecodingError.messageDepthLimit)
    }
  }

  private static func reason(_ error: BinaryDecodingError) -> String {
    switch error {
    case .truncated: "the data ends inside a field"
    case .invalidUTF8: "a string field is not valid UTF-8"
    case .malformedProtobuf: "malformed field (bad tag, wire type or length)"
    case .messageDepthLimit: "messages nest deeper than \(protobufOptions.messageDepthLimit) levels"
    case .trailingGarbage: "unexpected data after the message"
    default: String(describing: error)
    }
  }
}
