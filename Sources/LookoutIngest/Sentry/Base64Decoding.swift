/// Decodes base64 (RFC 4648), standard or URL-safe alphabet, with or without `=` padding;
/// ASCII whitespace anywhere is ignored, as in bodies wrapped by old clients.
enum Base64Decoding {
  /// The decoded bytes, or nil when `text` holds other characters or a stray length.
  static func decode(_ text: [UInt8]) -> [UInt8]? {
    var output: [UInt8] = []
    output.reserveCapacity(text.count / 4 * 3)
    var accumulator: UInt32 = 0
    var pending = 0
    var padding = 0
    for byte in text {
      let value: UInt8
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - UInt8(ascii: "A")
      case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - UInt8(ascii: "a") + 26
      case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0") + 52
      case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
      case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
      case UInt8(ascii: "="):
        padding += 1
        continue
      case 0x20, 0x09, 0x0A, 0x0D:
        continue
      default:
        return nil
      }
      // Data after padding is not base64.
      guard padding == 0 else { return nil }
      accumulator = accumulator << 6 | UInt32(value)
      pending += 1
      if pending == 4 {
        output.append(UInt8(truncatingIfNeeded: accumulator >> 16))
        output.append(UInt8(truncatingIfNeeded: accumulator >> 8))
        output.append(UInt8(truncatingIfNeeded: accumulator))
        accumulator = 0
        pending = 0
      }
    }
    switch pending {
    case 0:
      guard padding == 0 else { return nil }
    case 2:
      guard padding == 0 || padding == 2 else { return nil }
      output.append(UInt8(truncatingIfNeeded: accumulator >> 4))
    case 3:
      guard padding <= 1 else { return nil }
      output.append(UInt8(truncatingIfNeeded: accumulator >> 10))
      output.append(UInt8(truncatingIfNeeded: accumulator >> 2))
    default:
      return nil
    }
    return output
  }
}
