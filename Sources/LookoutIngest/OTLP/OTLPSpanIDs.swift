import Foundation

/// Trace and span ids between their OTLP bytes and SpanRecord's lowercase hex.
enum OTLPSpanIDs {
  /// Bytes in a trace id.
  static let traceIDLength = 16
  /// Bytes in a span id.
  static let spanIDLength = 8

  /// Why `bytes` is not a valid id of `length` bytes (`trace_id is 15 bytes, expected
  /// 16`), or nil when it is one: the right length and not all zeros.
  static func problem(_ bytes: Data, field: String, length: Int) -> String? {
    bytes.withUnsafeBytes { problem($0, field: field, length: length) }
  }

  /// Why borrowed `bytes` are not a valid id (see the `Data` form).
  static func problem(_ bytes: UnsafeRawBufferPointer, field: String, length: Int) -> String? {
    guard bytes.count == length else {
      return "\(field) is \(bytes.count) bytes, expected \(length)"
    }
    guard !isZero(bytes) else { return "\(field) is all zeros" }
    return nil
  }

  /// Whether every byte is zero (an invalid id; for a parent, "no parent").
  static func isZero(_ bytes: Data) -> Bool {
    bytes.withUnsafeBytes { isZero($0) }
  }

  /// Whether every borrowed byte is zero.
  static func isZero(_ bytes: UnsafeRawBufferPointer) -> Bool {
    !bytes.contains(where: { $0 != 0 })
  }

  /// The bytes as lowercase hex.
  static func hex(_ bytes: Data) -> String {
    bytes.withUnsafeBytes { hex($0) }
  }

  /// Borrowed bytes as lowercase hex.
  static func hex(_ buffer: UnsafeRawBufferPointer) -> String {
    String(unsafeUninitializedCapacity: buffer.count * 2) { target in
      var index = 0
      for byte in buffer {
        target[index] = hexDigits[Int(byte >> 4)]
        target[index + 1] = hexDigits[Int(byte & 0x0F)]
        index += 2
      }
      return index
    }
  }

  private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

  /// An id as OTLP JSON writes it: hex digits (either case), or else base64 (standard or
  /// URL-safe, padding optional) of exactly `length` bytes.
  ///
  /// Hex of the right length wins, then base64 of the right length (some proto3 JSON
  /// encoders write bytes fields that way); text that is neither of the right length still
  /// decodes, hex first, so the span is rejected for its length, not for its spelling.
  ///
  /// - Returns: nil when the text is neither hex nor base64.
  static func decodeJSON(_ text: String, length: Int) -> Data? {
    let utf8 = Array(text.utf8)
    let hex = decodeHex(utf8)
    if let hex, hex.count == length { return hex }
    let base64 = Base64Decoding.decode(utf8).map { Data($0) }
    if let base64, base64.count == length { return base64 }
    return hex ?? base64
  }

  /// Hex digits in pairs as bytes; nil for an odd count or another character.
  static func decodeHex(_ utf8: [UInt8]) -> Data? {
    guard utf8.count % 2 == 0 else { return nil }
    var bytes = Data(capacity: utf8.count / 2)
    var index = 0
    while index < utf8.count {
      guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
      bytes.append(high << 4 | low)
      index += 2
    }
    return bytes
  }

  private static func nibble(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
