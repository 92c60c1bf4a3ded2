/// Number parsing on raw bytes for the slow-log decoders: no `String` on the hot path.
enum SlowLogNumbers {
  /// The longest duration accepted, in seconds (about 31 years); MySQL writes larger ones
  /// when the clock went backwards (`18446744073708.796870` is a wrapped negative time).
  static let maxSeconds: Int64 = 1_000_000_000

  /// Decimal seconds (`2`, `0.000286`, `12.5`) as microseconds, rounded half up.
  ///
  /// - Parameters:
  ///   - bytes: the number.
  ///   - limit: the most whole seconds accepted.
  /// - Returns: nil when the bytes are not a plain decimal or exceed `limit`.
  @inline(__always)
  static func microseconds(
    fromSeconds bytes: UnsafeRawBufferPointer, limit: Int64 = maxSeconds
  ) -> Int64? {
    scaled(bytes, fractionDigits: 6, maxWhole: limit)
  }

  /// Decimal milliseconds (`12.345`, PostgreSQL `duration:`) as microseconds.
  ///
  /// - Returns: nil when the bytes are not a plain decimal or exceed ``maxSeconds``.
  @inline(__always)
  static func microseconds(fromMilliseconds bytes: UnsafeRawBufferPointer) -> Int64? {
    scaled(bytes, fractionDigits: 3, maxWhole: maxSeconds * 1000)
  }

  /// A decimal `whole[.fraction]` scaled by 10^`fractionDigits` (3 or 6), rounding the
  /// digits past the scale half up.
  private static func scaled(
    _ bytes: UnsafeRawBufferPointer, fractionDigits: Int, maxWhole: Int64
  ) -> Int64? {
    let count = bytes.count
    var index = 0
    var whole: Int64 = 0
    while index < count {
      let digit = bytes[index] &- 48
      guard digit < 10 else { break }
      whole = whole &* 10 &+ Int64(digit)
      index += 1
    }
    // Eighteen digits cannot overflow; more are out of range anyway.
    guard index <= 18, whole <= maxWhole else { return nil }
    var sawDigit = index > 0
    var fraction: Int64 = 0
    var scale = 0
    if index < count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      while index < count {
        let digit = bytes[index] &- 48
        guard digit < 10 else { break }
        if scale < fractionDigits {
          fraction = fraction &* 10 &+ Int64(digit)
        } else if scale == fractionDigits, digit >= 5 {
          fraction += 1
        }
        scale += 1
        index += 1
      }
      sawDigit = sawDigit || scale > 0
    }
    guard sawDigit, index == count else { return nil }
    while scale < fractionDigits {
      fraction &*= 10
      scale += 1
    }
    let multiplier: Int64 = fractionDigits == 6 ? 1_000_000 : 1_000
    return whole * multiplier + fraction
  }

  /// A non-negative decimal integer that fits in `Int64`.
  @inline(__always)
  static func integer(_ bytes: UnsafeRawBufferPointer) -> Int64? {
    guard !bytes.isEmpty, bytes.count <= 18 else {
      return bytes.count > 18 ? longInteger(bytes) : nil
    }
    var value: Int64 = 0
    for byte in bytes {
      guard let digit = digit(byte) else { return nil }
      value = value * 10 + digit
    }
    return value
  }

  private static func longInteger(_ bytes: UnsafeRawBufferPointer) -> Int64? {
    var value: Int64 = 0
    for byte in bytes {
      guard let digit = digit(byte) else { return nil }
      let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times.addingReportingOverflow(digit)
      guard !overflow1, !overflow2 else { return nil }
      value = sum
    }
    return value
  }

  /// The value of an ASCII digit.
  @inline(__always)
  static func digit(_ byte: UInt8) -> Int64? {
    byte &- 48 < 10 ? Int64(byte &- 48) : nil
  }

  /// The value of `count` ASCII digits at `index`, or nil when one is not a digit.
  @inline(__always)
  static func digits(_ bytes: UnsafeRawBufferPointer, _ index: Int, _ count: Int) -> Int64? {
    guard index >= 0, index + count <= bytes.count else { return nil }
    var value: Int64 = 0
    for offset in 0..<count {
      guard let digit = digit(bytes[index + offset]) else { return nil }
      value = value * 10 + digit
    }
    return value
  }
}
