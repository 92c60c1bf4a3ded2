/// The fixed rules that mask the variable parts of one URL path segment, before any learning.
///
/// A whole segment becomes a placeholder when it is:
/// - all ASCII digits: `{id}`, except a plausible compact date `YYYYMMDD` (years 1900-2099,
///   months 01-12, days 01-31), which becomes `{date}`;
/// - a UUID `8-4-4-4-12` of hex digits, either case: `{uuid}`;
/// - a date `YYYY-MM-DD` (same ranges): `{date}`;
/// - a hex hash: at least 8 hex digits with at least one decimal digit *and* one letter
///   `a-f`, so English words such as `deadbeef` or `facade` are never masked; or at least 12
///   letters `a-f` and nothing else, which no word is but one random 48-bit hash in 130,000
///   is: `{hex}`.
///
/// Otherwise the segment is cut into tokens at the delimiters `- _ . ~ , ; : = @ + !` and a
/// token is masked only when it is *long*: a UUID or a dashed date anywhere, a hex hash of 8 or
/// more (`app.3f9a2b7c1d0e.js` -> `app.{hex}.js`), or a run of 8 or more digits (`{date}` or
/// `{id}`, `upload-1717545600.png` -> `upload-{id}.png`). Short digit runs inside a segment are
/// kept (`v2-12345`, `taro-works-123`, `ipv6`, `2fa`): they are too often part of a name, and
/// the ones that vary are caught by learning (``RouteTemplater``) instead. Percent escapes
/// (`%2F`) are copied as they are and never start a token.
enum PathSegmentRules {
  /// Placeholder for numbers.
  static let id: [UInt8] = Array("{id}".utf8)
  /// Placeholder for UUIDs.
  static let uuid: [UInt8] = Array("{uuid}".utf8)
  /// Placeholder for dates.
  static let date: [UInt8] = Array("{date}".utf8)
  /// Placeholder for hex hashes.
  static let hex: [UInt8] = Array("{hex}".utf8)

  /// Appends the templated form of `bytes[start..<end]` to `output`.
  ///
  /// - Returns: `true` when the whole segment became one placeholder, `false` when it is text
  ///   (possibly with placeholders inside).
  @discardableResult
  static func write(
    _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into output: inout [UInt8]
  ) -> Bool {
    if let whole = wholePlaceholder(bytes, start, end) {
      output.append(contentsOf: whole)
      return true
    }
    if !mayHideToken(bytes, start, end) {
      // The common case: nothing inside can be masked, so copy the segment in one go.
      output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
      return false
    }
    var index = start
    while index < end {
      let byte = bytes[index]
      if byte == UInt8(ascii: "%") {
        let stop = Swift.min(index + 3, end)
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<stop]))
        index = stop
        continue
      }
      if isDelimiter(byte) {
        output.append(byte)
        index += 1
        continue
      }
      if end - index >= 36 && isUUID(bytes, index) && isBoundary(bytes, index + 36, end) {
        output.append(contentsOf: uuid)
        index += 36
        continue
      }
      if end - index >= 10 && isDashedDate(bytes, index) && isBoundary(bytes, index + 10, end) {
        output.append(contentsOf: date)
        index += 10
        continue
      }
      var tokenEnd = index + 1
      while tokenEnd < end && !isDelimiter(bytes[tokenEnd]) && bytes[tokenEnd] != UInt8(ascii: "%")
      {
        tokenEnd += 1
      }
      if tokenEnd - index >= 8, let mask = longTokenPlaceholder(bytes, index, tokenEnd) {
        output.append(contentsOf: mask)
      } else {
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<tokenEnd]))
      }
      index = tokenEnd
    }
    return false
  }

  /// The placeholder replacing the whole segment, or `nil` when the segment is text.
  static func wholePlaceholder(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
    -> [UInt8]?
  {
    let length = end - start
    guard length > 0 else { return nil }
    if allDigits(bytes, start, end) {
      return length == 8 && isCompactDate(bytes, start) ? date : id
    }
    if length == 36 && isUUID(bytes, start) { return uuid }
    if length == 10 && isDashedDate(bytes, start) { return date }
    if length >= 8 && isHexHash(bytes, start, end) { return hex }
    return nil
  }

  /// Whether a token of 8 bytes or more, or a dashed date, may be inside the segment; `false`
  /// means the segment is copied as it is.
  private static func mayHideToken(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
    -> Bool
  {
    guard end - start >= 8 else { return false }
    var run = 0
    var dashes = 0
    for index in start..<end {
      let byte = bytes[index]
      if isDelimiter(byte) || byte == UInt8(ascii: "%") {
        if byte == UInt8(ascii: "-") { dashes += 1 }
        run = 0
      } else {
        run += 1
        if run >= 8 { return true }
      }
    }
    return dashes >= 2 && end - start >= 10
  }

  @inline(__always)
  static func isDelimiter(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"),
      UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "="),
      UInt8(ascii: "@"), UInt8(ascii: "+"), UInt8(ascii: "!"):
      return true
    default:
      return false
    }
  }

  @inline(__always)
  static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

  @inline(__always)
  static func isHexLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 6 }

  private static func isBoundary(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, _ end: Int)
    -> Bool
  {
    index == end || isDelimiter(bytes[index]) || bytes[index] == UInt8(ascii: "%")
  }

  private static func allDigits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
    -> Bool
  {
    for index in start..<end where !isDigit(bytes[index]) { return false }
    return true
  }

  /// A masked form for a token of 8 or more bytes, or `nil` to keep it.
  private static func longTokenPlaceholder(
    _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int
  ) -> [UInt8]? {
    if allDigits(bytes, start, end) {
      return end - start == 8 && isCompactDate(bytes, start) ? date : id
    }
    return isHexHash(bytes, start, end) ? hex : nil
  }

  /// Nothing but hex digits, with at least one digit and one letter, or 12 letters or more.
  private static func isHexHash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
    -> Bool
  {
    var digits = false
    var letters = false
    for index in start..<end {
      let byte = bytes[index]
      if isDigit(byte) {
        digits = true
      } else if isHexLetter(byte) {
        letters = true
      } else {
        return false
      }
    }
    return letters && (digits || end - start >= 12)
  }

  /// `8-4-4-4-12` hex digits starting at `start` (the caller checks the length).
  private static func isUUID(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
    for offset in 0..<36 {
      let byte = bytes[start + offset]
      switch offset {
      case 8, 13, 18, 23:
        if byte != UInt8(ascii: "-") { return false }
      default:
        if !isDigit(byte) && !isHexLetter(byte) { return false }
      }
    }
    return true
  }

  /// `YYYY-MM-DD` starting at `start` (the caller checks the length).
  private static func isDashedDate(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
    guard bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-"),
      allDigits(bytes, start, start + 4), allDigits(bytes, start + 5, start + 7),
      allDigits(bytes, start + 8, start + 10)
    else { return false }
    return isPlausibleDate(
      year: number(bytes, start, 4), month: number(bytes, start + 5, 2),
      day: number(bytes, start + 8, 2))
  }

  /// `YYYYMMDD` starting at `start`, all digits (the caller checks both).
  private static func isCompactDate(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
    isPlausibleDate(
      year: number(bytes, start, 4), month: number(bytes, start + 4, 2),
      day: number(bytes, start + 6, 2))
  }

  private static func isPlausibleDate(year: Int, month: Int, day: Int) -> Bool {
    (1900...2099).contains(year) && (1...12).contains(month) && (1...31).contains(day)
  }

  private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int)
    -> Int
  {
    var value = 0
    for index in start..<(start + length) { value = value * 10 + Int(bytes[index] &- 48) }
    return value
  }
}
