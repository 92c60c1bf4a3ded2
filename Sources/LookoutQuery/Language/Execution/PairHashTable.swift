/// An open-addressing hash table from pairs of 64-bit integers to dense 32-bit ids, for
/// grouping: one multiply-and-shift per probe instead of a SipHash per row.
///
/// Group keys come from query data, so a hostile key set could collide on purpose; the
/// table stays correct then (linear probing) and the scan budget still bounds the time.
struct PairHashTable: Sendable {
  private var firsts: [Int64]
  private var seconds: [Int64]
  private var ids: [Int32]
  private var mask: Int
  /// The number of pairs stored; ids run from 0 to `count - 1`.
  private(set) var count = 0

  init(capacity: Int = 1024) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    firsts = [Int64](repeating: 0, count: size)
    seconds = [Int64](repeating: 0, count: size)
    ids = [Int32](repeating: -1, count: size)
    mask = size - 1
  }

  @inline(__always) private static func slot(_ first: Int64, _ second: Int64, _ mask: Int) -> Int {
    let mixed =
      (UInt64(bitPattern: first) &* 0x9E37_79B9_7F4A_7C15)
      ^ (UInt64(bitPattern: second) &* 0xC2B2_AE3D_27D4_EB4F)
    return Int(truncatingIfNeeded: (mixed ^ (mixed >> 29)) &* 0xBF58_476D_1CE4_E5B9 >> 20) & mask
  }

  /// The id of `(first, second)`, adding it with the next id when new; `inserted` says which.
  @inline(__always) mutating func id(_ first: Int64, _ second: Int64) -> (id: Int32, inserted: Bool)
  {
    if (count + 1) * 2 > ids.count { grow() }
    var index = PairHashTable.slot(first, second, mask)
    while true {
      let id = ids[index]
      if id < 0 {
        firsts[index] = first
        seconds[index] = second
        ids[index] = Int32(count)
        count += 1
        return (Int32(count - 1), true)
      }
      if firsts[index] == first && seconds[index] == second { return (id, false) }
      index = (index + 1) & mask
    }
  }

  private mutating func grow() {
    let oldFirsts = firsts
    let oldSeconds = seconds
    let oldIds = ids
    let size = ids.count * 2
    firsts = [Int64](repeating: 0, count: size)
    seconds = [Int64](repeating: 0, count: size)
    ids = [Int32](repeating: -1, count: size)
    mask = size - 1
    for index in oldIds.indices where oldIds[index] >= 0 {
      var target = PairHashTable.slot(oldFirsts[index], oldSeconds[index], mask)
      while ids[target] >= 0 { target = (target + 1) & mask }
      firsts[target] = oldFirsts[index]
      seconds[target] = oldSeconds[index]
      ids[target] = oldIds[index]
    }
  }
}
