/// A small open-addressing map from 64-bit hashes to values, for the templater's hot path.
///
/// The keys are already hashes (FNV-1a, mixed), so the table skips `Hasher` (SipHash), which
/// would otherwise dominate the cost of templating a path. Linear probing, load factor at
/// most 1/2, Fibonacci hashing for the slot. Key 0 marks an empty slot, so a key of 0 is
/// stored as 1: two keys sharing a slot that way is as unlikely as any 64-bit collision.
struct HashKeyedTable<Value: Sendable>: Sendable {
  private var keys: [UInt64]
  private var values: [Value?]
  /// Right shift that turns a 64-bit product into a slot index.
  private var shift: UInt64
  /// Number of keys stored.
  private(set) var count = 0

  /// Creates an empty table with room for `capacity` keys before it grows.
  init(capacity: Int = 8) {
    var slots = 16
    while slots < capacity * 2 { slots *= 2 }
    keys = [UInt64](repeating: 0, count: slots)
    values = [Value?](repeating: nil, count: slots)
    shift = UInt64(64 - slots.trailingZeroBitCount)
  }

  /// The value stored for `key`.
  @inline(__always)
  func value(for key: UInt64) -> Value? {
    let key = key == 0 ? 1 : key
    var slot = self.slot(key)
    while true {
      let stored = keys[slot]
      if stored == key { return values[slot] }
      if stored == 0 { return nil }
      slot = (slot + 1) & (keys.count - 1)
    }
  }

  /// Stores `value` for `key`, replacing any previous value.
  mutating func set(_ value: Value, for key: UInt64) {
    if (count + 1) * 2 > keys.count { grow() }
    let key = key == 0 ? 1 : key
    var slot = self.slot(key)
    while true {
      let stored = keys[slot]
      if stored == key {
        values[slot] = value
        return
      }
      if stored == 0 {
        keys[slot] = key
        values[slot] = value
        count += 1
        return
      }
      slot = (slot + 1) & (keys.count - 1)
    }
  }

  /// Removes every key, keeping the allocated slots.
  mutating func removeAll() {
    guard count > 0 else { return }
    for slot in keys.indices {
      keys[slot] = 0
      values[slot] = nil
    }
    count = 0
  }

  /// Every stored pair, in slot order.
  var pairs: [(key: UInt64, value: Value)] {
    var result: [(key: UInt64, value: Value)] = []
    result.reserveCapacity(count)
    for slot in keys.indices where keys[slot] != 0 {
      if let value = values[slot] { result.append((keys[slot], value)) }
    }
    return result
  }

  @inline(__always)
  private func slot(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9e37_79b9_7f4a_7c15) >> shift)
  }

  private mutating func grow() {
    let old = pairs
    self = HashKeyedTable(capacity: keys.count)
    for (key, value) in old { set(value, for: key) }
  }
}
