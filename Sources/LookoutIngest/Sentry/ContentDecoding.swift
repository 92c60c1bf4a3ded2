/// Decodes request bodies by their `Content-Encoding`: `gzip`, `deflate`, `br` and
/// `identity`, never producing more than a given number of bytes.
///
/// Every decompressor streams into a bounded buffer and stops at the limit, so a body of a
/// few hundred bytes that would inflate to gigabytes fails fast with
/// ``ContentDecodingError/tooLarge(limit:)`` instead of allocating. Several encodings
/// (`gzip, br`) are undone in reverse order, as HTTP applies them in the order listed.
///
/// ```swift
/// let json = try ContentDecoding.decode(body, contentEncoding: "br", limit: 20 << 20)
/// ```
public enum ContentDecoding {
  /// Decodes `body` according to a `Content-Encoding` header value.
  ///
  /// - Parameters:
  ///   - body: the body as received.
  ///   - contentEncoding: the header value (case-insensitive; nil, empty or `identity`
  ///     means not encoded; `x-gzip` is `gzip`); `deflate` accepts zlib-wrapped and raw
  ///     deflate data.
  ///   - limit: the most bytes the decoded body may have; an unencoded body longer than
  ///     this is refused too.
  /// - Returns: the decoded bytes.
  /// - Throws: ``ContentDecodingError/tooLarge(limit:)`` past the limit,
  ///   ``ContentDecodingError/malformed(encoding:reason:)`` for damaged data,
  ///   ``ContentDecodingError/unsupportedEncoding(_:)`` for other encodings.
  public static func decode(_ body: [UInt8], contentEncoding: String?, limit: Int)
    throws(ContentDecodingError) -> [UInt8]
  {
    let codings = (contentEncoding ?? "").split(separator: ",").map {
      $0.trimmingSpaces.lowercased()
    }
    var bytes = body
    for coding in codings.reversed() {
      switch coding {
      case "", "identity": break
      case "gzip", "x-gzip": bytes = try inflateZlibOrGzip(bytes, encoding: coding, limit: limit)
      case "deflate": bytes = try inflateDeflate(bytes, limit: limit)
      case "br": bytes = try decompressBrotli(bytes, limit: limit)
      default: throw .unsupportedEncoding(coding)
      }
    }
    guard bytes.count <= limit else { throw .tooLarge(limit: limit) }
    return bytes
  }

  /// Inflates gzip or zlib data through ``gunzip(_:limit:)``, mapping its errors.
  static func inflateZlibOrGzip(_ bytes: [UInt8], encoding: String, limit: Int)
    throws(ContentDecodingError) -> [UInt8]
  {
    do {
      return try gunzip(bytes, limit: limit)
    } catch {
      switch error {
      case .decompressedTooLarge: throw .tooLarge(limit: limit)
      case .corrupt(let reason): throw .malformed(encoding: encoding, reason: reason)
      case .truncated: throw .malformed(encoding: encoding, reason: "truncated stream")
      case .initializationFailed: throw .decoderUnavailable(error.description)
      }
    }
  }
}
