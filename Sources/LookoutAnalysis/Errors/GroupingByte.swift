/// Byte classes shared by ``MessageMasker`` and ``FrameNormalizer``, on UTF-8 code units.
///
/// Bytes of multi-byte sequences (0x80 and up) count as letters, so a token that contains
/// them is kept or masked whole and never split inside a character.
enum GroupingByte {
  /// Whether `byte` is `0`-`9`.
  @inline(__always)
  static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

  /// Whether `byte` is an ASCII letter.
  @inline(__always)
  static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

  /// Whether `byte` is `A`-`Z`.
  @inline(__always)
  static func isUpper(_ byte: UInt8) -> Bool { byte &- 0x41 < 26 }

  /// Whether `byte` is `a`-`z`.
  @inline(__always)
  static func isLower(_ byte: UInt8) -> Bool { byte &- 0x61 < 26 }

  /// Whether `byte` is a hex digit in either case.
  @inline(__always)
  static func isHex(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20) &- 0x61 < 6 }

  /// Whether `byte` belongs to a word: an ASCII letter or digit, or part of a non-ASCII
  /// character.
  @inline(__always)
  static func isWord(_ byte: UInt8) -> Bool { byte >= 0x80 || isDigit(byte) || isLetter(byte) }

  /// Whether `byte` is a space, tab, line feed, carriage return, vertical tab or form feed.
  @inline(__always)
  static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte &- 0x09 < 5 }

  /// `text` without leading and trailing ASCII white space; `text` itself, without copying
  /// its bytes, when it has none (checking both ends is constant time).
  static func trimmed(_ text: String) -> String {
    guard let first = text.utf8.first, let last = text.utf8.last,
      isSpace(first) || isSpace(last)
    else { return text }
    let bytes = Array(text.utf8)
    return String(decoding: trimmed(bytes[...]), as: UTF8.self)
  }

  /// `bytes` without leading and trailing ASCII white space.
  static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var start = bytes.startIndex
    var end = bytes.endIndex
    while start < end, isSpace(bytes[start]) { start += 1 }
    while end > start, isSpace(bytes[end - 1]) { end -= 1 }
    return bytes[start..<end]
  }
}
