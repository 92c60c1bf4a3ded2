import Foundation

/// SplitMix64: a small, fast, seeded random generator, so generated data (demo traffic,
/// randomized tests) repeats exactly for a seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// Creates a generator; the same seed gives the same sequence.
  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in the open interval (0, 1), so `log(unit())` is always finite.
  public mutating func unit() -> Double {
    (Double(next() >> 11) + 0.5) / Double(1 << 53)
  }

  /// Standard normal (Box-Muller).
  public mutating func gaussian() -> Double {
    (-2 * Foundation.log(unit())).squareRoot() * Foundation.cos(2 * Double.pi * unit())
  }
}
