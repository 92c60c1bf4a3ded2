import CZlib

extension ContentDecoding {
  /// Inflates a `deflate` body: zlib-wrapped as RFC 9110 says, or raw deflate as some
  /// clients send it (and gzip, for clients that mislabel it).
  ///
  /// - Throws: ``ContentDecodingError/tooLarge(limit:)``,
  ///   ``ContentDecodingError/malformed(encoding:reason:)``.
  static func inflateDeflate(_ bytes: [UInt8], limit: Int) throws(ContentDecodingError)
    -> [UInt8]
  {
    guard isGzip(bytes) || hasZlibHeader(bytes) else { return try inflateRaw(bytes, limit: limit) }
    do {
      return try inflateZlibOrGzip(bytes, encoding: "deflate", limit: limit)
    } catch {
      // A raw stream may start with two bytes that pass the zlib header check.
      guard case .malformed = error, !isGzip(bytes) else { throw error }
      do {
        return try inflateRaw(bytes, limit: limit)
      } catch .malformed {
        throw error
      }
    }
  }

  /// Whether `bytes` start with a zlib header: method 8 (deflate), a window of at most
  /// 32 KiB, and a check value that makes the first two bytes a multiple of 31.
  static func hasZlibHeader(_ bytes: [UInt8]) -> Bool {
    guard bytes.count >= 2 else { return false }
    let method = bytes[0]
    let flags = bytes[1]
    return method & 0x0F == 8 && method >> 4 <= 7 && (UInt16(method) << 8 | UInt16(flags)) % 31 == 0
  }

  /// Inflates raw deflate data (RFC 1951, no header), refusing output past `limit`.
  static func inflateRaw(_ bytes: [UInt8], limit: Int) throws(ContentDecodingError) -> [UInt8] {
    guard bytes.count <= Int(UInt32.max) else { throw .tooLarge(limit: limit) }
    // zlib keeps a pointer to the stream: it must not move, so it lives on the heap.
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    defer {
      stream.deinitialize(count: 1)
      stream.deallocate()
    }
    let code = inflateInit2_(stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    guard code == Z_OK else { throw .decoderUnavailable("zlib initialization failed (\(code))") }
    defer { inflateEnd(stream) }
    let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
    defer { chunk.deallocate() }
    var output: [UInt8] = []
    try bytes.withUnsafeBufferPointer { (input) throws(ContentDecodingError) in
      stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
      stream.pointee.avail_in = UInt32(input.count)
      while true {
        stream.pointee.next_out = chunk.baseAddress
        stream.pointee.avail_out = UInt32(chunk.count)
        let code = inflate(stream, Z_NO_FLUSH)
        let produced = chunk.count - Int(stream.pointee.avail_out)
        guard output.count + produced <= limit else { throw .tooLarge(limit: limit) }
        output.append(contentsOf: chunk[..<produced])
        switch code {
        case Z_STREAM_END:
          return
        case Z_OK where stream.pointee.avail_out == 0:
          continue
        case Z_OK:
          // All input consumed with room to spare: the stream needs more than was sent.
          throw .malformed(encoding: "deflate", reason: "truncated stream")
        case Z_BUF_ERROR where stream.pointee.avail_in == 0:
          throw .malformed(encoding: "deflate", reason: "truncated stream")
        default:
          let message = stream.pointee.msg.map { String(cString: $0) }
          throw .malformed(encoding: "deflate", reason: message ?? "zlib error \(code)")
        }
      }
    }
    return output
  }
}
