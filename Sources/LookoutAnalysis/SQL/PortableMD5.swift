/// MD5 (RFC 1321), written out here because LookoutAnalysis depends on nothing but
/// LookoutCore; SQL class ids are MD5-based to line up with pt-query-digest's.
///
/// Used to identify fingerprints, not to protect anything. The 64 steps are spelled out, as
/// in RFC 1321's reference code, because a loop over tables of constants ran several times
/// slower; a digest of a typical fingerprint (two blocks) takes a few hundred nanoseconds.
/// Checked against the RFC 1321 test suite in the tests.
enum PortableMD5 {
  /// The 16-byte digest of `bytes` as two big-endian halves: `high` holds digest bytes
  /// 0-7 and `low` bytes 8-15, so the usual hex spelling is `high`'s 16 digits then `low`'s.
  static func digest(_ bytes: UnsafeBufferPointer<UInt8>) -> (high: UInt64, low: UInt64) {
    var state: (UInt32, UInt32, UInt32, UInt32) = (
      0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476
    )
    let count = bytes.count
    let fullBlocks = count / 64
    if let base = bytes.baseAddress {
      for block in 0..<fullBlocks { compress(&state, UnsafeRawPointer(base + block * 64)) }
    }
    // The tail, the 0x80 marker and the bit length fill one or two more blocks.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
      let tailCount = count - fullBlocks * 64
      for index in 0..<tailCount { tail[index] = bytes[fullBlocks * 64 + index] }
      tail[tailCount] = 0x80
      let blocks = tailCount < 56 ? 1 : 2
      for index in (tailCount + 1)..<(blocks * 64 - 8) { tail[index] = 0 }
      let bitLength = UInt64(count) &* 8
      for index in 0..<8 {
        tail[blocks * 64 - 8 + index] = UInt8(truncatingIfNeeded: bitLength >> UInt64(index * 8))
      }
      let base = UnsafeRawPointer(tail.baseAddress!)
      for block in 0..<blocks { compress(&state, base + block * 64) }
    }
    return (
      high: UInt64(state.0.byteSwapped) << 32 | UInt64(state.1.byteSwapped),
      low: UInt64(state.2.byteSwapped) << 32 | UInt64(state.3.byteSwapped)
    )
  }

  /// Mixes the 64-byte block at `block` into `state`.
  private static func compress(
    _ state: inout (UInt32, UInt32, UInt32, UInt32), _ block: UnsafeRawPointer
  ) {
    let x0 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
    let x1 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
    let x2 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
    let x3 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
    let x4 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
    let x5 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
    let x6 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
    let x7 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
    let x8 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
    let x9 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 36, as: UInt32.self))
    let x10 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 40, as: UInt32.self))
    let x11 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 44, as: UInt32.self))
    let x12 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 48, as: UInt32.self))
    let x13 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 52, as: UInt32.self))
    let x14 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 56, as: UInt32.self))
    let x15 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 60, as: UInt32.self))
    var a = state.0
    var b = state.1
    var c = state.2
    var d = state.3
    f(&a, b, c, d, x0, 7, 0xd76a_a478)
    f(&d, a, b, c, x1, 12, 0xe8c7_b756)
    f(&c, d, a, b, x2, 17, 0x2420_70db)
    f(&b, c, d, a, x3, 22, 0xc1bd_ceee)
    f(&a, b, c, d, x4, 7, 0xf57c_0faf)
    f(&d, a, b, c, x5, 12, 0x4787_c62a)
    f(&c, d, a, b, x6, 17, 0xa830_4613)
    f(&b, c, d, a, x7, 22, 0xfd46_9501)
    f(&a, b, c, d, x8, 7, 0x6980_98d8)
    f(&d, a, b, c, x9, 12, 0x8b44_f7af)
    f(&c, d, a, b, x10, 17, 0xffff_5bb1)
    f(&b, c, d, a, x11, 22, 0x895c_d7be)
    f(&a, b, c, d, x12, 7, 0x6b90_1122)
    f(&d, a, b, c, x13, 12, 0xfd98_7193)
    f(&c, d, a, b, x14, 17, 0xa679_438e)
    f(&b, c, d, a, x15, 22, 0x49b4_0821)
    g(&a, b, c, d, x1, 5, 0xf61e_2562)
    g(&d, a, b, c, x6, 9, 0xc040_b340)
    g(&c, d, a, b, x11, 14, 0x265e_5a51)
    g(&b, c, d, a, x0, 20, 0xe9b6_c7aa)
    g(&a, b, c, d, x5, 5, 0xd62f_105d)
    g(&d, a, b, c, x10, 9, 0x0244_1453)
    g(&c, d, a, b, x15, 14, 0xd8a1_e681)
    g(&b, c, d, a, x4, 20, 0xe7d3_fbc8)
    g(&a, b, c, d, x9, 5, 0x21e1_cde6)
    g(&d, a, b, c, x14, 9, 0xc337_07d6)
    g(&c, d, a, b, x3, 14, 0xf4d5_0d87)
    g(&b, c, d, a, x8, 20, 0x455a_14ed)
    g(&a, b, c, d, x13, 5, 0xa9e3_e905)
    g(&d, a, b, c, x2, 9, 0xfcef_a3f8)
    g(&c, d, a, b, x7, 14, 0x676f_02d9)
    g(&b, c, d, a, x12, 20, 0x8d2a_4c8a)
    h(&a, b, c, d, x5, 4, 0xfffa_3942)
    h(&d, a, b, c, x8, 11, 0x8771_f681)
    h(&c, d, a, b, x11, 16, 0x6d9d_6122)
    h(&b, c, d, a, x14, 23, 0xfde5_380c)
    h(&a, b, c, d, x1, 4, 0xa4be_ea44)
    h(&d, a, b, c, x4, 11, 0x4bde_cfa9)
    h(&c, d, a, b, x7, 16, 0xf6bb_4b60)
    h(&b, c, d, a, x10, 23, 0xbebf_bc70)
    h(&a, b, c, d, x13, 4, 0x289b_7ec6)
    h(&d, a, b, c, x0, 11, 0xeaa1_27fa)
    h(&c, d, a, b, x3, 16, 0xd4ef_3085)
    h(&b, c, d, a, x6, 23, 0x0488_1d05)
    h(&a, b, c, d, x9, 4, 0xd9d4_d039)
    h(&d, a, b, c, x12, 11, 0xe6db_99e5)
    h(&c, d, a, b, x15, 16, 0x1fa2_7cf8)
    h(&b, c, d, a, x2, 23, 0xc4ac_5665)
    i(&a, b, c, d, x0, 6, 0xf429_2244)
    i(&d, a, b, c, x7, 10, 0x432a_ff97)
    i(&c, d, a, b, x14, 15, 0xab94_23a7)
    i(&b, c, d, a, x5, 21, 0xfc93_a039)
    i(&a, b, c, d, x12, 6, 0x655b_59c3)
    i(&d, a, b, c, x3, 10, 0x8f0c_cc92)
    i(&c, d, a, b, x10, 15, 0xffef_f47d)
    i(&b, c, d, a, x1, 21, 0x8584_5dd1)
    i(&a, b, c, d, x8, 6, 0x6fa8_7e4f)
    i(&d, a, b, c, x15, 10, 0xfe2c_e6e0)
    i(&c, d, a, b, x6, 15, 0xa301_4314)
    i(&b, c, d, a, x13, 21, 0x4e08_11a1)
    i(&a, b, c, d, x4, 6, 0xf753_7e82)
    i(&d, a, b, c, x11, 10, 0xbd3a_f235)
    i(&c, d, a, b, x2, 15, 0x2ad7_d2bb)
    i(&b, c, d, a, x9, 21, 0xeb86_d391)
    state.0 &+= a
    state.1 &+= b
    state.2 &+= c
    state.3 &+= d
  }

  /// Round 1 step: `a = b + ((a + F(b, c, d) + x + t) <<< s)`, `F = (b & c) | (~b & d)`.
  @inline(__always)
  private static func f(
    _ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ x: UInt32, _ s: UInt32,
    _ t: UInt32
  ) {
    a = b &+ rotate(a &+ ((b & c) | (~b & d)) &+ x &+ t, s)
  }

  /// Round 2 step, with `G = (b & d) | (c & ~d)`.
  @inline(__always)
  private static func g(
    _ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ x: UInt32, _ s: UInt32,
    _ t: UInt32
  ) {
    a = b &+ rotate(a &+ ((b & d) | (c & ~d)) &+ x &+ t, s)
  }

  /// Round 3 step, with `H = b ^ c ^ d`.
  @inline(__always)
  private static func h(
    _ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ x: UInt32, _ s: UInt32,
    _ t: UInt32
  ) {
    a = b &+ rotate(a &+ (b ^ c ^ d) &+ x &+ t, s)
  }

  /// Round 4 step, with `I = c ^ (b | ~d)`.
  @inline(__always)
  private static func i(
    _ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ x: UInt32, _ s: UInt32,
    _ t: UInt32
  ) {
    a = b &+ rotate(a &+ (c ^ (b | ~d)) &+ x &+ t, s)
  }

  /// `value` rotated left by `count` bits (0 < count < 32).
  @inline(__always)
  private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
    value &<< count | value &>> (32 &- count)
  }
}
