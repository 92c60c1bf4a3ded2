/// Appends the primitives of the column formats (bytes, varints, little-endian words,
/// bit-packed runs) to a growing byte array.
struct ColumnBlobWriter {
  /// Everything written so far.
  var bytes: [UInt8] = []

  init(capacity: Int = 64) {
    bytes.reserveCapacity(capacity)
  }

  mutating func byte(_ value: UInt8) {
    bytes.append(value)
  }

  mutating func append(_ other: [UInt8]) {
    bytes.append(contentsOf: other)
  }

  /// LEB128: seven bits per byte, low bits first, high bit set on every byte but the last.
  mutating func varint(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  /// A signed value as the varint of its zigzag form, so that small magnitudes stay short.
  mutating func zigzag(_ value: Int64) {
    varint(Self.zigzag(value))
  }

  /// Eight bytes, little-endian.
  mutating func uint64(_ value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  /// `count` values of `width` bits each, packed low bits first into little-endian bytes;
  /// `value(i)` must fit in `width` bits. Writes exactly `BitPacking.byteCount` bytes.
  mutating func pack(count: Int, width: Int, _ value: (Int) -> UInt64) {
    guard width > 0, count > 0 else { return }
    bytes.reserveCapacity(bytes.count + BitPacking.byteCount(count: count, width: width))
    var word: UInt64 = 0
    var used = 0
    for index in 0..<count {
      let bits = value(index)
      word |= bits << UInt64(used)
      used += width
      if used >= 64 {
        uint64(word)
        used -= 64
        word = used > 0 ? bits >> UInt64(width - used) : 0
      }
    }
    var tail = word
    for _ in 0..<((used + 7) / 8) {
      bytes.append(UInt8(truncatingIfNeeded: tail))
      tail >>= 8
    }
  }

  static func zigzag(_ value: Int64) -> UInt64 {
    UInt64(bitPattern: (value &<< 1) ^ (value >> 63))
  }

  static func varintSize(_ value: UInt64) -> Int {
    value == 0 ? 1 : (70 - value.leadingZeroBitCount) / 7
  }
}
