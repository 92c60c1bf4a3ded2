/// A set of bytes as a 256-bit mask.
struct ByteSet: Sendable, Equatable {
  var bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

  static func == (lhs: ByteSet, rhs: ByteSet) -> Bool {
    lhs.bits == rhs.bits
  }

  @inline(__always) func contains(_ byte: UInt8) -> Bool {
    let bit = UInt64(1) << UInt64(byte & 63)
    switch byte >> 6 {
    case 0: return bits.0 & bit != 0
    case 1: return bits.1 & bit != 0
    case 2: return bits.2 & bit != 0
    default: return bits.3 & bit != 0
    }
  }

  mutating func insert(_ byte: UInt8) {
    let bit = UInt64(1) << UInt64(byte & 63)
    switch byte >> 6 {
    case 0: bits.0 |= bit
    case 1: bits.1 |= bit
    case 2: bits.2 |= bit
    default: bits.3 |= bit
    }
  }

  mutating func insert(_ range: ClosedRange<UInt8>) {
    for byte in range { insert(byte) }
  }

  mutating func formUnion(_ other: ByteSet) {
    bits = (
      bits.0 | other.bits.0, bits.1 | other.bits.1, bits.2 | other.bits.2, bits.3 | other.bits.3
    )
  }

  /// The ASCII bytes not in the set (bytes 0x80 and up are never in a complement: non-ASCII
  /// characters are matched as whole UTF-8 sequences instead).
  var asciiComplement: ByteSet {
    ByteSet(bits: (~bits.0, ~bits.1, 0, 0))
  }

  init() {}

  init(bits: (UInt64, UInt64, UInt64, UInt64)) {
    self.bits = bits
  }

  init(_ bytes: some Sequence<UInt8>) {
    for byte in bytes { insert(byte) }
  }

  static let digits = ByteSet(UInt8(ascii: "0")...UInt8(ascii: "9"))
  static let word: ByteSet = {
    var set = ByteSet(UInt8(ascii: "a")...UInt8(ascii: "z"))
    set.insert(UInt8(ascii: "A")...UInt8(ascii: "Z"))
    set.formUnion(digits)
    set.insert(UInt8(ascii: "_"))
    return set
  }()
  static let space = ByteSet([9, 10, 11, 12, 13, 32])
  static let continuation = ByteSet(0x80...0xBF)
}
