/// Why a request body could not be decoded from its `Content-Encoding`.
///
/// The server answers ``tooLarge(limit:)`` with 413, ``malformed(encoding:reason:)`` with
/// 400, ``unsupportedEncoding(_:)`` with 415 and ``decoderUnavailable(_:)`` with 500.
public enum ContentDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The decoded body would exceed the limit (bytes): a decompression bomb, or simply
  /// too big.
  case tooLarge(limit: Int)
  /// The body is not valid data of its declared encoding.
  case malformed(encoding: String, reason: String)
  /// The `Content-Encoding` is not one the server decodes.
  case unsupportedEncoding(String)
  /// The decompressor could not start (out of memory).
  case decoderUnavailable(String)

  /// Whether the body was refused for its size rather than its content.
  public var isTooLarge: Bool {
    if case .tooLarge = self { return true }
    return false
  }

  /// A sentence for logs and error bodies.
  public var description: String {
    switch self {
    case .tooLarge(let limit): "decoded body exceeds \(limit) bytes"
    case .malformed(let encoding, let reason): "malformed \(encoding) body: \(reason)"
    case .unsupportedEncoding(let name): "unsupported Content-Encoding '\(name)'"
    case .decoderUnavailable(let reason): "decompressor unavailable: \(reason)"
    }
  }
}
