/// Why a log push body cannot be read at all; the server answers 400 (no retry).
///
/// A single bad record is not an error: it is rejected and counted in
/// ``DecodedLogs/rejected`` while the rest of the request is kept.
public enum LogDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The body is not valid Protocol Buffers binary.
  case invalidProtobuf(reason: String)
  /// The body is not valid JSON (or nests too deeply).
  case invalidJSON(reason: String)
  /// The body is well-formed but not the expected request (an OTLP trace export sent to
  /// `/v1/logs`, a Loki body without `streams`).
  case notALogsRequest(reason: String)
  /// A Loki stream's label string cannot be read (`{a="b"`).
  case invalidLabels(labels: String, reason: String)
  /// The snappy compression of a Loki protobuf body is broken.
  case snappy(SnappyError)

  /// A sentence for logs and error bodies.
  public var description: String {
    switch self {
    case .invalidProtobuf(let reason): "body is not valid protobuf: \(reason)"
    case .invalidJSON(let reason): "body is not valid JSON: \(reason)"
    case .notALogsRequest(let reason): "body is not a log push: \(reason)"
    case .invalidLabels(let labels, let reason):
      "stream labels \(labels.prefix(200)) cannot be read: \(reason)"
    case .snappy(let error): "body is not valid snappy: \(error)"
    }
  }
}
