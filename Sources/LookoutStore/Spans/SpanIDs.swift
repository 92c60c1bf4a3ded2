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
    // Every stored span parses its trace id: on the string's bytes, not through its
    // UTF-8 view's indices.
    let halves = SpanHex.withBytes(of: hex) { bytes -> (UInt64, UInt64)? in
      guard bytes.count == 32, let high = SpanHex.parse(bytes[0..<16]),
        let low = SpanHex.parse(bytes[16..<32])
      else { return nil }
      return (high, low)
    }
    guard let (high, low) = halves else { return nil }
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
    let value = withBytes(of: hex) { bytes in bytes.count == 16 ? parse(bytes) : nil }
    return value.map { Int64(bitPattern: $0) }
  }

  /// `body` applied to the UTF-8 bytes of `text`.
  static func withBytes<T>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
    if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
    return Array(text.utf8).withUnsafeBufferPointer(body)
  }

  /// 16 lowercase hex digits, zero-padded.
  public static func format(_ value: UInt64) -> String {
    String(unsafeUninitializedCapacity: 16) { buffer in
      for index in 0..<16 {
        let nibble = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * index)) & 0xF
        buffer[index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
      }
      return 16
    }
  }

  /// The hex form of a stored span id; "" for 0 (no parent).
  public static func spanHex(_ value: Int64) -> String {
    value == 0 ? "" : format(UInt64(bitPattern: value))
  }
}
