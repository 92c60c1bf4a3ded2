/// Converts X-Ray trace ids (`1-5f84c7a1-1234567890abcdef12345678`) to the 32 lowercase hex
/// digits of the span model and back.
///
/// ```swift
/// XRayTraceID.hex("1-5f84c7a1-1234567890abcdef12345678")
/// // "5f84c7a11234567890abcdef12345678"
/// ```
public enum XRayTraceID {
  /// The 32-digit hex id: the 8-digit epoch followed by the 24 random digits, lowercased;
  /// nil unless `text` is exactly version `1`, 8 hex digits and 24 hex digits.
  public static func hex(_ text: String) -> String? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0] == "1", parts[1].utf8.count == 8, parts[2].utf8.count == 24,
      let time = lowercaseHex(parts[1]), let random = lowercaseHex(parts[2])
    else { return nil }
    return time + random
  }

  /// The X-Ray form of a 32-digit hex trace id.
  ///
  /// - Precondition: `hex` has 32 characters.
  public static func xray(_ hex: String) -> String {
    precondition(hex.utf8.count == 32, "a trace id has 32 hex digits")
    return "1-" + hex.prefix(8) + "-" + hex.dropFirst(8)
  }

  /// A 16-digit span id, lowercased; nil unless `text` is exactly 16 hex digits.
  public static func spanID(_ text: String) -> String? {
    guard text.utf8.count == 16 else { return nil }
    return lowercaseHex(Substring(text))
  }

  private static func lowercaseHex(_ text: Substring) -> String? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"):
        bytes.append(byte)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): bytes.append(byte + 0x20)
      default: return nil
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
