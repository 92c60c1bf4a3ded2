import CZlib

/// zlib (RFC 1950) compression of whole column bodies.
enum ColumnDeflate {
  /// Largest body a column may inflate to; a bigger claimed size means a damaged blob.
  static let maximumInflatedSize = 1 << 30

  /// `input` compressed at `level` (1 fastest ... 9 smallest), or nil if zlib failed.
  static func compress(_ input: [UInt8], level: Int32) -> [UInt8]? {
    var capacity = compressBound(uLong(input.count))
    var output = [UInt8](repeating: 0, count: Int(capacity))
    let status = output.withUnsafeMutableBufferPointer { out in
      input.withUnsafeBufferPointer { source in
        compress2(out.baseAddress, &capacity, source.baseAddress, uLong(source.count), level)
      }
    }
    guard status == Z_OK else { return nil }
    output.removeSubrange(Int(capacity)...)
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
