/// Why gzip (or zlib) data could not be decompressed.
public enum GzipError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The output would exceed the cap (bytes): a decompression bomb, or a cap set too low.
  case decompressedTooLarge(limit: Int)
  /// The data is not gzip or zlib, or is damaged (zlib's message).
  case corrupt(String)
  /// The data ends before the end of the compressed stream.
  case truncated
  /// zlib could not set up a stream (out of memory).
  case initializationFailed(code: Int32)

  /// A sentence for logs and error bodies.
  public var description: String {
    switch self {
    case .decompressedTooLarge(let limit): "decompressed data exceeds \(limit) bytes"
    case .corrupt(let message): "corrupt compressed data: \(message)"
    case .truncated: "compressed data ends before the end of the stream"
    case .initializationFailed(let code): "zlib initialization failed (\(code))"
    }
  }
}
