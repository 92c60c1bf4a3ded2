/// Float encodings of ``ColumnCodec``: raw bit patterns, Gorilla XOR, or one constant.
/// The format is described on ``ColumnCodec``.
extension ColumnCodec {
  enum FloatTag: UInt8 {
    case raw = 0
    case gorilla = 1
    case constant = 2
  }

  static func encodeFloat64Body(_ values: [Double]) -> [UInt8] {
    var writer = ColumnBlobWriter(capacity: values.count * 8 + 9)
    let first = values.first?.bitPattern ?? 0
    if values.allSatisfy({ $0.bitPattern == first }) {
      writer.byte(FloatTag.constant.rawValue)
      writer.uint64(first)
      return writer.bytes
    }
    let stream = gorilla(values)
    if stream.count < values.count * 8 {
      writer.byte(FloatTag.gorilla.rawValue)
      writer.append(stream)
    } else {
      writer.byte(FloatTag.raw.rawValue)
      for value in values { writer.uint64(value.bitPattern) }
    }
    return writer.bytes
  }

  static func decodeFloat64Body(_ reader: inout ColumnBlobReader, count: Int) throws -> [Double] {
    let tag = try reader.byte()
    switch FloatTag(rawValue: tag) {
    case .constant:
      return Array(repeating: Double(bitPattern: try reader.uint64()), count: count)
    case .raw:
      let raw = try reader.bytes(count * 8)
      return (0..<count).map {
        Double(
          bitPattern: UInt64(
            littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)))
      }
    case .gorilla:
      return try ungorilla(try reader.bytes(reader.remaining), count: count)
    case nil:
      throw BlockStoreError.corruptBlock("float tag \(tag)")
    }
  }

  /// The Gorilla XOR bit stream of `values` (at least one).
  private static func gorilla(_ values: [Double]) -> [UInt8] {
    var stream = MSBBitWriter()
    var previous = values[0].bitPattern
    stream.write(previous, count: 64)
    var windowLeading = -1
    var windowTrailing = 0
    for value in values.dropFirst() {
      let bits = value.bitPattern
      let xor = bits ^ previous
      previous = bits
      if xor == 0 {
        stream.write(0, count: 1)
        continue
      }
      let leading = min(xor.leadingZeroBitCount, 31)
      let trailing = xor.trailingZeroBitCount
      if windowLeading >= 0 && leading >= windowLeading && trailing >= windowTrailing {
        stream.write(0b10, count: 2)
        stream.write(xor >> UInt64(windowTrailing), count: 64 - windowLeading - windowTrailing)
      } else {
        let length = 64 - leading - trailing
        stream.write(0b11, count: 2)
        stream.write(UInt64(leading), count: 5)
        stream.write(UInt64(length - 1), count: 6)
        stream.write(xor >> UInt64(trailing), count: length)
        (windowLeading, windowTrailing) = (leading, trailing)
      }
    }
    return stream.finish()
  }

  private static func ungorilla(_ bytes: UnsafeRawBufferPointer, count: Int) throws -> [Double] {
    guard count > 0 else { return [] }
    var stream = MSBBitReader(bytes)
    var values: [Double] = []
    values.reserveCapacity(count)
    var previous = try stream.read(64)
    values.append(Double(bitPattern: previous))
    var windowLeading = 0
    var windowTrailing = 0
    for _ in 1..<count {
      if try stream.read(1) == 1 {
        if try stream.read(1) == 1 {
          windowLeading = Int(try stream.read(5))
          let length = Int(try stream.read(6)) + 1
          guard windowLeading + length <= 64 else {
            throw BlockStoreError.corruptBlock("gorilla window")
          }
          windowTrailing = 64 - windowLeading - length
        }
        let length = 64 - windowLeading - windowTrailing
        previous ^= try stream.read(length) << UInt64(windowTrailing)
      }
      values.append(Double(bitPattern: previous))
    }
    return values
  }
}

/// Writes bit fields most significant bit first, as the Gorilla paper lays them out.
private struct MSBBitWriter {
  private var bytes: [UInt8] = []
  private var word: UInt64 = 0
  private var used = 0

  /// Appends the low `count` bits of `value` (`count` in 0...64).
  mutating func write(_ value: UInt64, count: Int) {
    guard count > 0 else { return }
    let bits = count == 64 ? value : value & ((1 << UInt64(count)) - 1)
    let free = 64 - used
    if count < free {
      word |= bits << UInt64(free - count)
      used += count
    } else {
      let overflow = count - free
      word |= bits >> UInt64(overflow)
      flush()
      word = overflow > 0 ? bits << UInt64(64 - overflow) : 0
      used = overflow
    }
  }

  mutating func finish() -> [UInt8] {
    var tail = word
    for _ in 0..<((used + 7) / 8) {
      bytes.append(UInt8(truncatingIfNeeded: tail >> 56))
      tail <<= 8
    }
    return bytes
  }

  private mutating func flush() {
    withUnsafeBytes(of: word.bigEndian) { bytes.append(contentsOf: $0) }
    word = 0
  }
}

/// Reads bit fields written by ``MSBBitWriter``, throwing past the end.
private struct MSBBitReader {
  private let bytes: UnsafeRawBufferPointer
  private var position = 0

  init(_ bytes: UnsafeRawBufferPointer) {
    self.bytes = bytes
  }

  /// The next `count` bits (`count` in 1...64) as the low bits of the result.
  mutating func read(_ count: Int) throws -> UInt64 {
    guard position + count <= bytes.count * 8 else {
      throw BlockStoreError.corruptBlock("float stream ends early")
    }
    if count > 56 {
      let high = try read(count - 32)
      return high << 32 | (try read(32))
    }
    let byteIndex = position >> 3
    let shift = UInt64(position & 7)
    var window: UInt64
    if byteIndex + 8 <= bytes.count {
      window = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: byteIndex, as: UInt64.self))
    } else {
      window = 0
      for offset in 0..<8 {
        window <<= 8
        if byteIndex + offset < bytes.count { window |= UInt64(bytes[byteIndex + offset]) }
      }
    }
    position += count
    return (window << shift) >> UInt64(64 - count)
  }
}
