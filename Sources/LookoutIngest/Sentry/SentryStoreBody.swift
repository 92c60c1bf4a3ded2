/// Reads the body of the legacy store endpoint (`POST /api/{project_id}/store/`): plain
/// JSON, or base64 of zlib-deflated JSON as old SDKs send it.
///
/// A body whose first non-whitespace byte is `{` is JSON and returned as it is; anything
/// else is base64-decoded and inflated (zlib, or gzip) within the limit. Whether the result
/// is a valid event is ``SentryEventDecoder``'s call.
///
/// ```swift
/// let json = try SentryStoreBody.json(from: body, limit: 1 << 20)
/// let event = try SentryEventDecoder.decode(json, receivedAt: nowMicros)
/// ```
public enum SentryStoreBody {
  /// The event JSON a store body carries.
  ///
  /// - Parameters:
  ///   - body: the body after any `Content-Encoding` was undone.
  ///   - limit: the most bytes the JSON may have, plain or inflated.
  /// - Returns: the JSON bytes.
  /// - Throws: ``SentryStoreBodyError``.
  public static func json(from body: [UInt8], limit: Int = 20 << 20) throws(SentryStoreBodyError)
    -> [UInt8]
  {
    guard let first = body.first(where: { !isWhitespace($0) }) else { throw .empty }
    if first == UInt8(ascii: "{") {
      guard body.count <= limit else { throw .tooLarge(limit: limit) }
      return body
    }
    guard let compressed = Base64Decoding.decode(body), !compressed.isEmpty else {
      throw .invalidBase64
    }
    do {
      return try gunzip(compressed, limit: limit)
    } catch {
      switch error {
      case .decompressedTooLarge: throw .tooLarge(limit: limit)
      default: throw .malformedCompression(reason: error.description)
      }
    }
  }

  private static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }
}
