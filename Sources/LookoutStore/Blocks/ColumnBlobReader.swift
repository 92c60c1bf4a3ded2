/// Reads the primitives written by ``ColumnBlobWriter`` from borrowed bytes, checking every
/// length against what is left so that damaged blobs throw instead of trapping.
struct ColumnBlobReader {
  private let base: UnsafeRawBufferPointer
  /// Position of the next byte to read.
  private(set) var offset = 0

  init(_ bytes: UnsafeRawBufferPointer) {
    base = bytes
  }

  /// Bytes not yet read.
  var remaining: Int { base.count - offset }

  mutating func byte() throws -> UInt8 {
    guard offset < base.count else { throw Self.truncated }
    defer { offset += 1 }
    return base[offset]
  }

  mutating func varint() throws -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      let next = try byte()
      guard shift < 64 else { throw BlockStoreError.corruptBlock("varint too long") }
      result |= UInt64(next & 0x7f) << shift
      if next < 0x80 { return result }
      shift += 7
    }
  }

  mutating func zigzag() throws -> Int64 {
    let raw = try varint()
    return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
  }

  /// `count` varints, each passed through `transform`, in one tight loop: the body of
  /// varint-offsets columns.
  mutating func varints<Value>(count: Int, _ transform: (UInt64) throws -> Value) throws
    -> [Value]
  {
    var values: [Value] = []
    values.reserveCapacity(count)
    var position = offset
    let end = base.count
    for _ in 0..<count {
      var result: UInt64 = 0
      var shift: UInt64 = 0
      while true {
        guard position < end else { throw Self.truncated }
        let next = base[position]
        position += 1
        guard shift < 64 else { throw BlockStoreError.corruptBlock("varint too long") }
        result |= UInt64(next & 0x7f) << shift
        if next < 0x80 { break }
        shift += 7
      }
      values.append(try transform(result))
    }
    offset = position
    return values
  }

  /// A varint that counts something, checked against `limit`.
  mutating func count(limit: Int) throws -> Int {
    let raw = try varint()
    guard raw <= UInt64(limit) else {
      throw BlockStoreError.corruptBlock("count \(raw) above limit \(limit)")
    }
    return Int(raw)
  }

  mutating func uint64() throws -> UInt64 {
    let raw = try bytes(8)
    return UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
  }

  /// The next `count` bytes, borrowed from the underlying buffer.
  mutating func bytes(_ count: Int) throws -> UnsafeRawBufferPointer {
    guard count >= 0, count <= remaining else { throw Self.truncated }
    defer { offset += count }
    return UnsafeRawBufferPointer(rebasing: base[offset..<(offset + count)])
  }

  /// The bytes of `count` values bit-packed at `width` bits.
  mutating func packed(count: Int, width: Int) throws -> UnsafeRawBufferPointer {
    guard (0...64).contains(width) else {
      throw BlockStoreError.corruptBlock("bit width \(width)")
    }
    return try bytes(BitPacking.byteCount(count: count, width: width))
  }

  private static let truncated = BlockStoreError.corruptBlock("column data ends early")
}
