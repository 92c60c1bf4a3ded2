/// The 64-bit FNV-1a hashes the route templater keys its learning state by.
///
/// Deterministic across processes (unlike `Hasher`), so learned state could be persisted and
/// merged between nodes. A collision would only make two positions share statistics; at 64
/// bits and a few thousand positions its probability is negligible.
enum PathHash {
  /// FNV-1a offset basis: the hash of nothing.
  static let empty: UInt64 = 0xcbf2_9ce4_8422_2325
  private static let prime: UInt64 = 0x100_0000_01b3

  /// Continues `hash` over `bytes[range]`.
  @inline(__always)
  static func combine(_ hash: UInt64, _ bytes: [UInt8], _ range: Range<Int>) -> UInt64 {
    var result = hash
    for index in range { result = (result ^ UInt64(bytes[index])) &* prime }
    return result
  }

  /// Continues `hash` over `bytes[range]`.
  @inline(__always)
  static func combine(_ hash: UInt64, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>)
    -> UInt64
  {
    var result = hash
    for index in range { result = (result ^ UInt64(bytes[index])) &* prime }
    return result
  }

  /// The key of the segment position that follows `prefix` in a path of `segmentCount`
  /// segments; the count is part of the key so paths of different lengths learn apart.
  @inline(__always)
  static func positionKey(prefix: UInt64, segmentCount: Int) -> UInt64 {
    // splitmix64's finaliser spreads the count over all bits.
    var value = prefix ^ (UInt64(truncatingIfNeeded: segmentCount) &* 0x9e37_79b9_7f4a_7c15)
    value = (value ^ (value >> 30)) &* 0xbf58_476d_1ce4_e5b9
    value = (value ^ (value >> 27)) &* 0x94d0_49bb_1331_11eb
    return value ^ (value >> 31)
  }
}
