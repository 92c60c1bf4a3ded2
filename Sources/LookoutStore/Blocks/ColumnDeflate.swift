import CZlib
import Foundation

/// zlib (RFC 1950) compression of whole column bodies.
enum ColumnDeflate {
  /// Largest body a column may inflate to; a bigger claimed size means a damaged blob.
  static let maximumInflatedSize = 1 << 30

  /// How zlib looks for redundancy; the stream format is the same for all, so decoding
  /// never needs to know which was used.
  enum Strategy {
    /// Matches and Huffman coding: repeated text (user agents, whole URLs).
    case standard
    /// Only long matches, so random-looking text (ids, hex) is not broken into costly
    /// three-byte matches: about 9% smaller on route placeholder values.
    case filtered
    /// Huffman coding alone, for bytes with a skewed distribution and no repeats
    /// (varint durations).
    case huffmanOnly

    var zlibValue: Int32 {
      switch self {
      case .standard: Z_DEFAULT_STRATEGY
      case .filtered: Z_FILTERED
      case .huffmanOnly: Z_HUFFMAN_ONLY
      }
    }
  }

  /// A lower bound, in bytes, for `input` under any Huffman code of single bytes: its
  /// order-0 entropy. Costs one pass, so it tells cheaply when deflate cannot pay.
  static func entropyBound(_ input: [UInt8]) -> Int {
    guard !input.isEmpty else { return 0 }
    var counts = [Int](repeating: 0, count: 256)
    input.withUnsafeBufferPointer { bytes in
      for byte in bytes { counts[Int(byte)] &+= 1 }
    }
    let total = Double(input.count)
    var bits = 0.0
    for count in counts where count > 0 {
      bits -= Double(count) * log2(Double(count) / total)
    }
    return Int(bits / 8)
  }

  /// `input` compressed at `level` (1 fastest ... 9 smallest), or nil if zlib failed.
  static func compress(_ input: [UInt8], level: Int32, strategy: Strategy = .standard)
    -> [UInt8]?
  {
    var stream = z_stream()
    let size = Int32(MemoryLayout<z_stream>.size)
    guard
      deflateInit2_(&stream, level, Z_DEFLATED, 15, 8, strategy.zlibValue, ZLIB_VERSION, size)
        == Z_OK
    else { return nil }
    defer { deflateEnd(&stream) }
    let capacity = Int(deflateBound(&stream, uLong(input.count)))
    var status: Int32 = Z_OK
    var produced = 0
    let output = [UInt8](unsafeUninitializedCapacity: capacity) { out, initialized in
      input.withUnsafeBufferPointer { source in
        stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
        stream.avail_in = uInt(source.count)
        stream.next_out = out.baseAddress
        stream.avail_out = uInt(capacity)
        status = deflate(&stream, Z_FINISH)
      }
      produced = capacity - Int(stream.avail_out)
      initialized = produced
    }
    guard status == Z_STREAM_END else { return nil }
    return output
  }

  /// `input` inflated; throws unless it inflates to exactly `size` bytes.
  static func decompress(_ input: UnsafeRawBufferPointer, size: Int) throws -> [UInt8] {
    // Deflate cannot expand data more than 1032 times: a larger claim is damage, refused
    // before allocating for it.
    guard size <= maximumInflatedSize, size <= input.count * 1032 + 64 else {
      throw BlockStoreError.corruptBlock("inflated size \(size)")
    }
    var status: Int32 = Z_OK
    let output = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      var length = uLong(size)
      status = uncompress(
        buffer.baseAddress, &length, input.baseAddress?.assumingMemoryBound(to: Bytef.self),
        uLong(input.count))
      if status == Z_OK && Int(length) != size { status = Z_DATA_ERROR }
      if status != Z_OK {
        // Hand back fully initialized memory even on failure.
        buffer.initialize(repeating: 0)
      }
      initialized = size
    }
    guard status == Z_OK else { throw BlockStoreError.corruptBlock("zlib status \(status)") }
    return output
  }
}
