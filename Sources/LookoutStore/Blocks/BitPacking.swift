/// Fixed-width bit packing: value `i` of width `w` occupies bits `[i*w, (i+1)*w)` of a
/// little-endian byte stream (``ColumnBlobWriter/pack(count:width:_:)`` writes it).
///
/// Unpacking reads one unaligned 64-bit word per value and shifts. Widths up to 32 go
/// through a copy of the loop specialized for that width, in groups of 8 values (8 values
/// of `w` bits start on a byte boundary), so that every offset and shift is a constant:
/// about twice as fast as shifting by a variable. Wider values, and the last few whose
/// word would run past the end, take slower general paths.
enum BitPacking {
  /// Bits needed to hold `maxValue`: 0 for 0, 64 for values with the top bit set.
  static func width(_ maxValue: UInt64) -> Int {
    64 - maxValue.leadingZeroBitCount
  }

  /// Bytes taken by `count` values of `width` bits.
  static func byteCount(count: Int, width: Int) -> Int {
    (count * width + 7) / 8
  }

  /// Calls `emit(i, value)` for each of `count` values packed at `width` bits in `packed`,
  /// in order of `i`.
  ///
  /// `packed` must hold at least `byteCount(count:width:)` bytes (``ColumnBlobReader``
  /// checks it). Inlined so that `emit` becomes the body of tight loops.
  @inline(__always)
  static func unpack(
    _ packed: UnsafeRawBufferPointer, count: Int, width: Int, _ emit: (Int, UInt64) -> Void
  ) {
    guard count > 0 else { return }
    guard width > 0, let base = packed.baseAddress else {
      for index in 0..<count { emit(index, 0) }
      return
    }
    let size = packed.count
    // Groups of 8 whose last 8-byte load stays inside: g*w + (7w)/8 + 8 <= size.
    var groups = 0
    if width <= 32 && size >= 8 + ((7 * width) >> 3) {
      groups = Swift.min(count / 8, (size - 8 - ((7 * width) >> 3)) / width + 1)
    }
    if groups > 0 {
      // Each literal width inlines a copy of `unpackGroups` with constant shifts.
      switch width {
      case 1: unpackGroups(base, groups: groups, width: 1, emit)
      case 2: unpackGroups(base, groups: groups, width: 2, emit)
      case 3: unpackGroups(base, groups: groups, width: 3, emit)
      case 4: unpackGroups(base, groups: groups, width: 4, emit)
      case 5: unpackGroups(base, groups: groups, width: 5, emit)
      case 6: unpackGroups(base, groups: groups, width: 6, emit)
      case 7: unpackGroups(base, groups: groups, width: 7, emit)
      case 8: unpackGroups(base, groups: groups, width: 8, emit)
      case 9: unpackGroups(base, groups: groups, width: 9, emit)
      case 10: unpackGroups(base, groups: groups, width: 10, emit)
      case 11: unpackGroups(base, groups: groups, width: 11, emit)
      case 12: unpackGroups(base, groups: groups, width: 12, emit)
      case 13: unpackGroups(base, groups: groups, width: 13, emit)
      case 14: unpackGroups(base, groups: groups, width: 14, emit)
      case 15: unpackGroups(base, groups: groups, width: 15, emit)
      case 16: unpackGroups(base, groups: groups, width: 16, emit)
      case 17: unpackGroups(base, groups: groups, width: 17, emit)
      case 18: unpackGroups(base, groups: groups, width: 18, emit)
      case 19: unpackGroups(base, groups: groups, width: 19, emit)
      case 20: unpackGroups(base, groups: groups, width: 20, emit)
      case 21: unpackGroups(base, groups: groups, width: 21, emit)
      case 22: unpackGroups(base, groups: groups, width: 22, emit)
      case 23: unpackGroups(base, groups: groups, width: 23, emit)
      case 24: unpackGroups(base, groups: groups, width: 24, emit)
      case 25: unpackGroups(base, groups: groups, width: 25, emit)
      case 26: unpackGroups(base, groups: groups, width: 26, emit)
      case 27: unpackGroups(base, groups: groups, width: 27, emit)
      case 28: unpackGroups(base, groups: groups, width: 28, emit)
      case 29: unpackGroups(base, groups: groups, width: 29, emit)
      case 30: unpackGroups(base, groups: groups, width: 30, emit)
      case 31: unpackGroups(base, groups: groups, width: 31, emit)
      default: unpackGroups(base, groups: groups, width: 32, emit)
      }
    }
    let mask: UInt64 = width == 64 ? ~0 : (1 &<< UInt64(width)) &- 1
    let first = groups * 8
    // Values whose 8-byte window lies inside the buffer: i*w/8 + 8 <= size.
    var fast = first
    if width <= 56 && size >= 8 {
      fast = Swift.max(first, Swift.min(count, ((size - 8) * 8 + 7) / width + 1))
    }
    var bit = first * width
    for index in first..<fast {
      let word = UInt64(
        littleEndian: base.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self))
      emit(index, (word &>> UInt64(bit & 7)) & mask)
      bit &+= width
    }
    for index in fast..<count {
      emit(index, slowValue(base, size: size, bit: bit, mask: mask))
      bit += width
    }
  }

  /// `groups` runs of 8 values of `width` (at most 32) bits from `source`; inlined with a
  /// literal width by ``unpack(_:count:width:_:)``.
  @inline(__always)
  private static func unpackGroups(
    _ source: UnsafeRawPointer, groups: Int, width: Int, _ emit: (Int, UInt64) -> Void
  ) {
    let mask: UInt64 = (1 &<< UInt64(width)) &- 1
    var group = source
    var index = 0
    for _ in 0..<groups {
      for lane in 0..<8 {
        let bit = lane &* width
        let word = UInt64(
          littleEndian: group.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self))
        emit(index &+ lane, (word &>> UInt64(bit & 7)) & mask)
      }
      index &+= 8
      group += width
    }
  }

  /// One value read byte by byte, for the end of the buffer and widths above 56.
  private static func slowValue(
    _ base: UnsafeRawPointer, size: Int, bit: Int, mask: UInt64
  ) -> UInt64 {
    let first = bit >> 3
    let shift = UInt64(bit & 7)
    var low: UInt64 = 0
    for offset in 0..<8 where first + offset < size {
      low |= UInt64(base.load(fromByteOffset: first + offset, as: UInt8.self)) << (8 * offset)
    }
    var value = low >> shift
    if shift > 0 && first + 8 < size {
      value |= UInt64(base.load(fromByteOffset: first + 8, as: UInt8.self)) << (64 - shift)
    }
    return value & mask
  }

  /// Greatest common divisor, 0 only when both are 0.
  static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
    var (x, y) = (a, b)
    while y != 0 { (x, y) = (y, x % y) }
    return x
  }
}
