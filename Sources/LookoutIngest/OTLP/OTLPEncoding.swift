/// How an OTLP/HTTP body is encoded, chosen by its `Content-Type`.
///
/// ```swift
/// let encoding = OTLPEncoding(contentType: "application/json; charset=utf-8")  // .json
/// ```
public enum OTLPEncoding: Sendable, Hashable {
  /// Protocol Buffers binary (`application/x-protobuf`).
  case protobuf
  /// OTLP's JSON mapping (`application/json`): hex ids, enums as integers.
  case json

  /// Reads a `Content-Type` header value; parameters (`; charset=utf-8`) and case are
  /// ignored. `application/protobuf`, the registered name, is accepted too.
  ///
  /// - Returns: nil for any other media type (the server answers 415).
  public init?(contentType: String) {
    let mediaType =
      contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
      .first ?? ""
    switch mediaType.trimmingSpaces.lowercased() {
    case "application/x-protobuf", "application/protobuf": self = .protobuf
    case "application/json": self = .json
    default: return nil
    }
  }

  /// The `Content-Type` of a body in this encoding, for answers.
  public var contentType: String {
    switch self {
    case .protobuf: "application/x-protobuf"
    case .json: "application/json"
    }
  }
}
