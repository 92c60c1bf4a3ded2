/// Trace and span ids as integers: the form blocks store and scans compare.
///
/// ```swift
/// let key = TraceKey(hex: "4bf92f3577b34da6a3ce929d0e0e4736")!
/// key.hex  // "4bf92f3577b34da6a3ce929d0e0e4736"
/// ```
public struct TraceKey: Sendable, Hashable {
  /// The first 8 bytes, big-endian, as a bit pattern.
  public var high: Int64
  /// The last 8 bytes.
  public var low: Int64

  public init(high: Int64, low: Int64) {
    self.high = high
    self.low = low
  }

  /// The key of a 32-digit hex trace id (either case); nil for anything else.
  public init?(hex: String) {
    let utf8 = hex.utf8
    guard utf8.count == 32, let high = SpanHex.parse(utf8.prefix(16)),
      let low = SpanHex.parse(utf8.dropFirst(16))
    else { return nil }
    self.high = Int64(bitPattern: high)
    self.low = Int64(bitPattern: low)
  }

  /// 32 lowercase hex digits.
  public var hex: String {
    SpanHex.format(UInt64(bitPattern: high)) + SpanHex.format(UInt64(bitPattern: low))
  }
}

/// Hex conversion of 64-bit span ids.
public enum SpanHex {
  /// The value of up to 16 hex digits (either case); nil for other characters or lengths.
  public static func parse(_ digits: some Collection<UInt8>) -> UInt64? {
    guard !digits.isEmpty, digits.count <= 16 else { return nil }
    var value: UInt64 = 0
    for byte in digits {
      let nibble: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte &- UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte &- UInt8(ascii: "a") &+ 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte &- UInt8(ascii: "A") &+ 10
      default: return nil
      }
      value = value << 4 | UInt64(nibble)
    }
    return value
  }

  /// A 16-digit span id as its stored integer; nil when not 16 hex digits.
  public static func spanID(_ hex: String) -> Int64? {
    guard hex.utf8.count == 16, let value = parse(hex.utf8) else { return nil }
    return Int64(bitPattern: value)
  }

  /// 16 lowercase hex digits, zero-padded.
  public static func format(_ value: UInt64) -> String {
    let digits = Array("0123456789abcdef".utf8)
    return String(unsafeUninitializedCapacity: 16) { buffer in
      for index in 0..<16 {
        buffer[index] = digits[Int((value >> UInt64(60 - 4 * index)) & 0xF)]
      }
      return 16
    }
  }

  /// The hex form of a stored span id; "" for 0 (no parent).
  public static func spanHex(_ value: Int64) -> String {
    value == 0 ? "" : format(UInt64(bitPattern: value))
  }
}
