import CZlib

/// Streaming gunzip over zlib, with a cap on the decompressed size.
///
/// Accepts gzip and zlib streams (zlib detects which), and gzip files of several members
/// (`cat a.gz b.gz`). Output beyond ``limit`` bytes throws
/// ``GzipError/decompressedTooLarge(limit:)`` before it is buffered, so a small body cannot
/// expand into gigabytes. Use it for `.gz` log files and `Content-Encoding: gzip` bodies.
///
/// ```swift
/// var decoder = try GzipDecoder(limit: 256 << 20)
/// for chunk in chunks { try decoder.decompress(chunk, into: &text) }
/// try decoder.finish()
/// ```
///
/// The decoder owns its zlib stream and cannot be copied; it may be moved to another task.
public struct GzipDecoder: ~Copyable, @unchecked Sendable {
  // `@unchecked`: the z_stream is owned by this non-copyable value alone and is only
  // touched by its mutating methods, so it is never shared between tasks.

  /// The default cap on decompressed bytes (64 MiB).
  public static let defaultLimit = 64 << 20

  /// The cap on decompressed bytes.
  public let limit: Int
  /// Bytes produced so far.
  public private(set) var totalOut = 0
  /// Whether the stream's end was reached (more gzip members may still follow).
  public private(set) var isFinished = false

  private let stream: UnsafeMutablePointer<z_stream>
  private let chunk: UnsafeMutableBufferPointer<UInt8>
  private static let chunkSize = 64 * 1024

  /// Creates a decoder.
  ///
  /// - Parameter limit: the most decompressed bytes accepted.
  /// - Throws: ``GzipError/initializationFailed(code:)`` when zlib cannot start.
  public init(limit: Int = defaultLimit) throws(GzipError) {
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    // 15 + 32: the largest window, and detect gzip or zlib from the header.
    let code = inflateInit2_(stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    guard code == Z_OK else {
      stream.deinitialize(count: 1)
      stream.deallocate()
      throw .initializationFailed(code: code)
    }
    self.stream = stream
    self.chunk = .allocate(capacity: Self.chunkSize)
    self.limit = limit
  }

  deinit {
    inflateEnd(stream)
    stream.deinitialize(count: 1)
    stream.deallocate()
    chunk.deallocate()
  }

  /// Decompresses the next piece of input, appending the output.
  ///
  /// - Parameters:
  ///   - input: compressed bytes, in stream order; any split is fine.
  ///   - output: receives the decompressed bytes.
  /// - Throws: ``GzipError/decompressedTooLarge(limit:)`` past the cap,
  ///   ``GzipError/corrupt(_:)`` on damaged data.
  public mutating func decompress(
    _ input: UnsafeRawBufferPointer, into output: inout [UInt8]
  ) throws(GzipError) {
    guard let base = input.baseAddress, !input.isEmpty else { return }
    var offset = 0
    while offset < input.count {
      // avail_in is 32-bit; feed huge inputs in slices.
      let length = min(input.count - offset, Int(UInt32.max))
      stream.pointee.next_in = UnsafeMutablePointer(
        mutating: (base + offset).assumingMemoryBound(to: Bytef.self))
      stream.pointee.avail_in = UInt32(length)
      try inflateAvailable(into: &output)
      offset += length - Int(stream.pointee.avail_in)
      if stream.pointee.avail_in > 0 { break }  // trailing bytes after the last member
    }
  }

  /// Decompresses the next piece of input and returns its output.
  ///
  /// - Throws: as ``decompress(_:into:)``.
  public mutating func decompress(_ input: [UInt8]) throws(GzipError) -> [UInt8] {
    var output: [UInt8] = []
    try input.withUnsafeBufferPointer { (bytes) throws(GzipError) in
      try decompress(UnsafeRawBufferPointer(bytes), into: &output)
    }
    return output
  }

  /// Checks that the input ended at the end of a stream.
  ///
  /// - Throws: ``GzipError/truncated`` when the last stream is unfinished.
  public func finish() throws(GzipError) {
    guard isFinished else { throw .truncated }
  }

  /// Inflates everything zlib can from the current input.
  private mutating func inflateAvailable(into output: inout [UInt8]) throws(GzipError) {
    while true {
      if isFinished {
        // Another gzip member may follow (its magic may be split across two inputs);
        // anything else after the stream is ignored, as gzip(1) ignores trailing garbage.
        let available = stream.pointee.avail_in
        guard available >= 1, stream.pointee.next_in[0] == 0x1F,
          available == 1 || stream.pointee.next_in[1] == 0x8B
        else {
          return
        }
        inflateReset(stream)
        isFinished = false
      }
      stream.pointee.next_out = chunk.baseAddress
      stream.pointee.avail_out = UInt32(chunk.count)
      let code = inflate(stream, Z_NO_FLUSH)
      let produced = chunk.count - Int(stream.pointee.avail_out)
      guard totalOut + produced <= limit else { throw .decompressedTooLarge(limit: limit) }
      totalOut += produced
      output.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[..<produced]))
      switch code {
      case Z_STREAM_END:
        isFinished = true
        if stream.pointee.avail_in == 0 { return }
      case Z_OK:
        if stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 { return }
      case Z_BUF_ERROR:
        // No progress possible: zlib needs more input than it has.
        guard stream.pointee.avail_in > 0 else { return }
        throw .corrupt("no progress")
      default:
        throw .corrupt(stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(code)")
      }
    }
  }
}

/// Decompresses a whole gzip (or zlib) buffer.
///
/// - Parameters:
///   - bytes: the compressed data.
///   - limit: the most decompressed bytes accepted.
/// - Throws: ``GzipError`` when the data is damaged, truncated or expands past `limit`.
public func gunzip(_ bytes: [UInt8], limit: Int = GzipDecoder.defaultLimit) throws(GzipError)
  -> [UInt8]
{
  var decoder = try GzipDecoder(limit: limit)
  let output = try decoder.decompress(bytes)
  try decoder.finish()
  return output
}

/// Whether the bytes start with the gzip magic number (`1f 8b`).
public func isGzip(_ bytes: some Collection<UInt8>) -> Bool {
  var iterator = bytes.makeIterator()
  return iterator.next() == 0x1F && iterator.next() == 0x8B
}
