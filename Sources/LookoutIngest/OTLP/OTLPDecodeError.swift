/// Why an OTLP export body cannot be read at all; the server answers 400 (no retry).
///
/// A span with bad ids is not an error: it is rejected and counted in
/// ``OTLPTraceBatch/rejectedSpans`` while the rest of the request is kept.
public enum OTLPDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The body is not valid Protocol Buffers binary.
  case invalidProtobuf(reason: String)
  /// The body is not valid JSON (or nests too deeply).
  case invalidJSON(reason: String)
  /// The body is well-formed but not an `ExportTraceServiceRequest`.
  case notATraceRequest(reason: String)

  /// A sentence for logs and error bodies.
  public var description: String {
    switch self {
    case .invalidProtobuf(let reason): "body is not valid protobuf: \(reason)"
    case .invalidJSON(let reason): "body is not valid JSON: \(reason)"
    case .notATraceRequest(let reason): "body is not an OTLP trace export: \(reason)"
    }
  }
}
