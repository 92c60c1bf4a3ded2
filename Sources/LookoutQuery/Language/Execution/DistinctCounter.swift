import Foundation

/// Counts distinct values exactly up to ``exactLimit`` (by 64-bit hash), then estimates with
/// a HyperLogLog of 4096 registers (standard error about 1.6%).
struct DistinctCounter: Sendable {
  /// Distinct values kept exactly before switching to the estimate.
  static let exactLimit = 10_000
  private static let precision = 12
  private var exact: Set<UInt64>? = []
  private var registers: [UInt8] = []

  mutating func insert(_ hash: UInt64) {
    if exact != nil {
      exact?.insert(hash)
      if let set = exact, set.count > DistinctCounter.exactLimit {
        registers = [UInt8](repeating: 0, count: 1 << DistinctCounter.precision)
        for value in set { record(value) }
        exact = nil
      }
    } else {
      record(hash)
    }
  }

  private mutating func record(_ hash: UInt64) {
    let index = Int(hash >> UInt64(64 - DistinctCounter.precision))
    let rest = hash << UInt64(DistinctCounter.precision)
    let rank = UInt8(Swift.min(rest.leadingZeroBitCount, 64 - DistinctCounter.precision) + 1)
    if rank > registers[index] { registers[index] = rank }
  }

  mutating func merge(_ other: DistinctCounter) {
    if let set = other.exact {
      for value in set { insert(value) }
      return
    }
    if let set = exact {
      registers = other.registers
      exact = nil
      for value in set { record(value) }
      return
    }
    for index in registers.indices where other.registers[index] > registers[index] {
      registers[index] = other.registers[index]
    }
  }

  /// The count: exact below the limit, else the HyperLogLog estimate.
  var count: Int64 {
    if let exact { return Int64(exact.count) }
    let m = Double(registers.count)
    let sum = registers.reduce(0.0) { $0 + 1 / Double(UInt64(1) << UInt64($1)) }
    let estimate = 0.7213 / (1 + 1.079 / m) * m * m / sum
    let zeros = registers.filter { $0 == 0 }.count
    if estimate <= 2.5 * m, zeros > 0 { return Int64((m * log(m / Double(zeros))).rounded()) }
    return Int64(estimate.rounded())
  }

  /// A well-mixed 64-bit hash of a value, stable across runs.
  static func hash(_ value: QueryValue) -> UInt64 {
    switch value {
    case .null: return mix(0)
    case .int(let v): return mix(UInt64(bitPattern: v))
    case .double(let v):
      if v == v.rounded(), v.magnitude < 9e15 { return mix(UInt64(bitPattern: Int64(v))) }
      return mix(v.bitPattern ^ 0x5555)
    case .bool(let v): return mix(v ? 0xB001 : 0xB000)
    case .string(let s): return hash(s)
    }
  }

  /// FNV-1a over the UTF-8 bytes, then mixed.
  static func hash(_ text: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
      h ^= UInt64(byte)
      h = h &* 0x100_0000_01B3
    }
    return mix(h ^ 0xABCD)
  }

  /// The finalizer of SplitMix64: spreads every input bit over the output.
  static func mix(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
