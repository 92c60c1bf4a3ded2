/// Why a legacy store body (`POST /api/{id}/store/`) cannot be read.
///
/// The server answers ``tooLarge(limit:)`` with 413 and the others with 400.
public enum SentryStoreBodyError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The body is empty or only whitespace.
  case empty
  /// The body is neither JSON nor base64.
  case invalidBase64
  /// The base64 content is not zlib (or gzip) data.
  case malformedCompression(reason: String)
  /// The JSON, plain or inflated, would exceed the limit (bytes).
  case tooLarge(limit: Int)

  /// A sentence for logs and error bodies.
  public var description: String {
    switch self {
    case .empty: "empty store body"
    case .invalidBase64: "store body is neither JSON nor base64"
    case .malformedCompression(let reason): "store body is not zlib-compressed JSON: \(reason)"
    case .tooLarge(let limit): "store body JSON exceeds \(limit) bytes"
    }
  }
}
