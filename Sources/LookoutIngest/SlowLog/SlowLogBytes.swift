/// Small comparisons of raw bytes with ASCII literals, for the slow-log decoders.
enum SlowLogBytes {
  /// Whether `bytes` holds `literal` at `index`.
  @inline(__always)
  static func hasPrefix(
    _ bytes: UnsafeRawBufferPointer, _ literal: StaticString, at index: Int = 0
  ) -> Bool {
    let count = literal.utf8CodeUnitCount
    guard index >= 0, index + count <= bytes.count else { return false }
    let start = literal.utf8Start
    for offset in 0..<count where bytes[index + offset] != start[offset] {
      return false
    }
    return true
  }

  /// Whether `bytes` is exactly `literal`.
  @inline(__always)
  static func equals(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
    bytes.count == literal.utf8CodeUnitCount && hasPrefix(bytes, literal)
  }

  /// Whether `bytes`, trailing blanks ignored, ends with `literal`.
  static func hasSuffix(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
    var end = bytes.count
    while end > 0, isBlank(bytes[end - 1]) { end -= 1 }
    return hasPrefix(bytes, literal, at: end - literal.utf8CodeUnitCount)
  }

  /// Whether `byte` is a space or a tab.
  @inline(__always)
  static func isBlank(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 }

  /// The index of the first byte at or after `index` that is not a space or tab.
  @inline(__always)
  static func skipBlanks(_ bytes: UnsafeRawBufferPointer, from index: Int) -> Int {
    var index = index
    while index < bytes.count, isBlank(bytes[index]) { index += 1 }
    return index
  }

  /// `bytes[start..<end]` without the blanks around it.
  @inline(__always)
  static func trimmed(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int)
    -> UnsafeRawBufferPointer
  {
    var start = start
    var end = end
    while start < end, isBlank(bytes[start]) { start += 1 }
    while end > start, isBlank(bytes[end - 1]) { end -= 1 }
    return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
  }

  /// The range `start..<end` without the blanks around it.
  @inline(__always)
  static func trimmedRange(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int)
    -> Range<Int>
  {
    var start = start
    var end = end
    while start < end, isBlank(bytes[start]) { start += 1 }
    while end > start, isBlank(bytes[end - 1]) { end -= 1 }
    return start..<end
  }

  /// Whether every byte is blank (or there are none).
  @inline(__always)
  static func isBlankLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
    for byte in bytes where !isBlank(byte) { return false }
    return true
  }

  /// The bytes as a `String`, invalid UTF-8 replaced.
  @inline(__always)
  static func string(_ bytes: UnsafeRawBufferPointer) -> String {
    String(decoding: bytes, as: UTF8.self)
  }

  /// The index of the first `needle` in `bytes` at or after `start`.
  static func firstIndex(
    of needle: StaticString, in bytes: UnsafeRawBufferPointer, from start: Int
  ) -> Int? {
    let needleBytes = UnsafeRawBufferPointer(
      start: needle.utf8Start, count: needle.utf8CodeUnitCount)
    return ByteSearch.firstIndex(of: needleBytes, in: bytes, from: start)
  }
}
