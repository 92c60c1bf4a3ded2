import CBrotli

extension ContentDecoding {
  /// How many bytes a decompressor writes per step: the granularity of the size check.
  static let chunkSize = 64 * 1024

  /// Decompresses a whole brotli stream, refusing output past `limit`.
  ///
  /// Streams through `BrotliDecoderDecompressStream` into a fixed chunk and checks the
  /// total after every chunk, so at most `limit` bytes are ever held.
  ///
  /// - Throws: ``ContentDecodingError/tooLarge(limit:)``,
  ///   ``ContentDecodingError/malformed(encoding:reason:)`` for damaged, truncated or
  ///   trailing data, ``ContentDecodingError/decoderUnavailable(_:)``.
  static func decompressBrotli(_ bytes: [UInt8], limit: Int) throws(ContentDecodingError)
    -> [UInt8]
  {
    guard let state = BrotliDecoderCreateInstance(nil, nil, nil) else {
      throw .decoderUnavailable("cannot create a brotli decoder")
    }
    defer { BrotliDecoderDestroyInstance(state) }
    let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
    defer { chunk.deallocate() }
    var output: [UInt8] = []
    try bytes.withUnsafeBufferPointer { (input) throws(ContentDecodingError) in
      var availableIn = input.count
      var nextIn = input.baseAddress
      while true {
        var availableOut = chunk.count
        var nextOut = chunk.baseAddress
        let result = BrotliDecoderDecompressStream(
          state, &availableIn, &nextIn, &availableOut, &nextOut, nil)
        let produced = chunk.count - availableOut
        guard output.count + produced <= limit else { throw .tooLarge(limit: limit) }
        output.append(contentsOf: chunk[..<produced])
        switch result {
        case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
          continue
        case BROTLI_DECODER_RESULT_SUCCESS:
          guard availableIn == 0 else {
            throw .malformed(encoding: "br", reason: "data after the end of the stream")
          }
          return
        case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
          throw .malformed(encoding: "br", reason: "truncated stream")
        default:
          let code = BrotliDecoderGetErrorCode(state)
          let reason = BrotliDecoderErrorString(code).map { String(cString: $0) }
          throw .malformed(encoding: "br", reason: reason ?? "error \(code.rawValue)")
        }
      }
    }
    return output
  }
}
