import LookoutCore

/// Finds the severity of a free-text log line, the way people write it.
///
/// In order: a `level=`, `lvl=`, `severity=` pair (logfmt, Go's slog) or a `"level":"…"`
/// JSON member within the first 1 KiB; else one of the first eight words that is a level
/// name (``LogSeverity/init(name:)``) written in capitals (`ERROR`, `WARNING`), or in any
/// case inside brackets or before a colon (`[error]`, `<warn>`, `info:`). A lowercase word
/// alone in running text (`more info here`) is not a level.
///
/// ```swift
/// LogLevelDetector.detect(in: "2024-06-05 10:11:12,345 - app - ERROR - boom")  // .error
/// ```
public enum LogLevelDetector {
  /// How far into a line the detector looks.
  static let window = 1024
  /// How many leading words may name the level.
  static let words = 8

  /// The severity the line states; nil when it states none.
  public static func detect(in line: some StringProtocol) -> LogSeverity? {
    let bytes = Array(line.utf8.prefix(window))
    if let level = keyValueLevel(bytes) { return level }
    var wordsSeen = 0
    var index = 0
    while index < bytes.count, wordsSeen < words {
      while index < bytes.count, bytes[index] == 32 || bytes[index] == 9 { index += 1 }
      let start = index
      while index < bytes.count, bytes[index] != 32, bytes[index] != 9 { index += 1 }
      guard index > start else { break }
      wordsSeen += 1
      if let level = wordLevel(bytes[start..<index]) { return level }
    }
    return nil
  }

  /// `level=error`, `"level":"error"` and the like.
  private static func keyValueLevel(_ bytes: [UInt8]) -> LogSeverity? {
    for key in keys {
      var from = 0
      while let found = firstIndex(of: key, in: bytes, from: from) {
        from = found + key.count
        // The key must start a word: `xlevel=` is not `level=`.
        if found > 0, isNameByte(bytes[found - 1]) { continue }
        var index = found + key.count
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") { index += 1 }
        while index < bytes.count, bytes[index] == 32 { index += 1 }
        guard index < bytes.count,
          bytes[index] == UInt8(ascii: "=") || bytes[index] == UInt8(ascii: ":")
        else { continue }
        index += 1
        while index < bytes.count, bytes[index] == 32 || bytes[index] == UInt8(ascii: "\"") {
          index += 1
        }
        let start = index
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
        if let level = LogSeverity(name: String(decoding: bytes[start..<index], as: UTF8.self)) {
          return level
        }
      }
    }
    return nil
  }

  /// The first `needle` in `bytes` at or after `start` (lines are short: a plain scan).
  private static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
    guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
    for index in start...(bytes.count - needle.count)
    where bytes[index] == needle[0] && bytes[index..<index + needle.count].elementsEqual(needle) {
      return index
    }
    return nil
  }

  private static let keys: [[UInt8]] = ["level", "lvl", "severity"].map { Array($0.utf8) }

  /// A word naming a level: capitals, or any case when bracketed or followed by a colon.
  private static func wordLevel(_ word: ArraySlice<UInt8>) -> LogSeverity? {
    var start = word.startIndex
    var end = word.endIndex
    var marked = false
    while start < end, "[(<{".utf8.contains(word[start]) {
      start += 1
      marked = true
    }
    while end > start, "])>}:,.;-|".utf8.contains(word[end - 1]) {
      if word[end - 1] != UInt8(ascii: ",") && word[end - 1] != UInt8(ascii: ".") { marked = true }
      end -= 1
    }
    guard end > start, end - start <= 12 else { return nil }
    let name = word[start..<end]
    let capitals = name.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    guard capitals || marked else { return nil }
    return LogSeverity(name: String(decoding: name, as: UTF8.self))
  }

  private static func isNameByte(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
      || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
  }
}
