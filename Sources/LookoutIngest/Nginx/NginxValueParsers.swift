/// Byte-level parsers for the values nginx writes: numbers, seconds, upstream lists and
/// escaped text. All work on the bytes of one value and allocate nothing.
enum NginxValueParsers {
  /// Whether the value means "not logged": `-` (or empty, as `escape=json` writes it).
  static func isMissing(_ value: UnsafeRawBufferPointer) -> Bool {
    value.isEmpty || (value.count == 1 && value[0] == UInt8(ascii: "-"))
  }

  /// A 1-3 digit status code.
  static func status(_ value: UnsafeRawBufferPointer) -> Int? {
    guard (1...3).contains(value.count) else { return nil }
    var result = 0
    for byte in value {
      let digit = byte &- UInt8(ascii: "0")
      guard digit < 10 else { return nil }
      result = result * 10 + Int(digit)
    }
    return result
  }

  /// A non-negative integer of at most 18 digits.
  static func integer(_ value: UnsafeRawBufferPointer) -> Int64? {
    guard (1...18).contains(value.count) else { return nil }
    var result: Int64 = 0
    for byte in value {
      let digit = byte &- UInt8(ascii: "0")
      guard digit < 10 else { return nil }
      result = result * 10 + Int64(digit)
    }
    return result
  }

  /// Seconds with an optional fraction (`0.034`, `12`, `1717545600.123`) in microseconds;
  /// digits past the sixth decimal are dropped.
  static func microseconds(_ value: UnsafeRawBufferPointer) -> Int64? {
    var seconds: Int64 = 0
    var fraction: Int64 = 0
    var fractionDigits = 0
    var integerDigits = 0
    var index = 0
    while index < value.count {
      let digit = value[index] &- UInt8(ascii: "0")
      guard digit < 10 else { break }
      seconds = seconds * 10 + Int64(digit)
      integerDigits += 1
      index += 1
    }
    guard integerDigits > 0, integerDigits <= 12 else { return nil }
    if index < value.count {
      guard value[index] == UInt8(ascii: "."), index + 1 < value.count else { return nil }
      index += 1
      while index < value.count {
        let digit = value[index] &- UInt8(ascii: "0")
        guard digit < 10 else { return nil }
        if fractionDigits < 6 {
          fraction = fraction * 10 + Int64(digit)
          fractionDigits += 1
        }
        index += 1
      }
    }
    while fractionDigits < 6 {
      fraction *= 10
      fractionDigits += 1
    }
    return seconds * 1_000_000 + fraction
  }

  /// The sum of an upstream list (`0.010, 0.020 : 0.005`) in microseconds.
  ///
  /// `, ` separates the servers tried for one request and ` : ` internal redirects; each
  /// took time, so the parts add up. `-` parts (and parts that are not numbers) are
  /// skipped; nil when no part is a number.
  static func upstreamMicroseconds(_ value: UnsafeRawBufferPointer) -> Int64? {
    var total: Int64 = 0
    var found = false
    var start = 0
    var index = 0
    while index <= value.count {
      let atSeparator =
        index == value.count || value[index] == UInt8(ascii: " ")
        || value[index] == UInt8(ascii: ",") || value[index] == UInt8(ascii: ":")
      if atSeparator {
        if index > start,
          let part = microseconds(UnsafeRawBufferPointer(rebasing: value[start..<index]))
        {
          total += part
          found = true
        }
        start = index + 1
      }
      index += 1
    }
    return found ? total : nil
  }

  /// The index of the first `\` in the value, if any.
  static func firstBackslash(_ value: UnsafeRawBufferPointer) -> Int? {
    ByteSearch.firstIndex(of: UInt8(ascii: "\\"), in: value, from: 0)
  }

  /// Appends the value with nginx's escapes undone.
  ///
  /// `escape=default`: `\xXX` becomes the byte; `\` before any other byte (a raw `\"` or
  /// `\\` some writers use) becomes that byte. `escape=json`: JSON string escapes, with
  /// `\uXXXX` (and surrogate pairs) written as UTF-8.
  static func unescape(
    _ value: UnsafeRawBufferPointer, escape: NginxLogFormat.Escape, into output: inout [UInt8]
  ) {
    guard escape != .none else {
      output.append(contentsOf: value)
      return
    }
    output.reserveCapacity(output.count + value.count)
    var index = 0
    while index < value.count {
      let byte = value[index]
      guard byte == UInt8(ascii: "\\"), index + 1 < value.count else {
        output.append(byte)
        index += 1
        continue
      }
      let next = value[index + 1]
      if escape == .json {
        index += unescapeJSON(value, at: index, into: &output)
      } else if next == UInt8(ascii: "x"), index + 3 < value.count,
        let high = hexValue(value[index + 2]), let low = hexValue(value[index + 3])
      {
        output.append(high << 4 | low)
        index += 4
      } else {
        output.append(next)
        index += 2
      }
    }
  }

  /// Undoes one JSON escape at `index` (a `\`); returns how many bytes it took.
  private static func unescapeJSON(
    _ value: UnsafeRawBufferPointer, at index: Int, into output: inout [UInt8]
  ) -> Int {
    let next = value[index + 1]
    switch next {
    case UInt8(ascii: "b"): output.append(8)
    case UInt8(ascii: "f"): output.append(12)
    case UInt8(ascii: "n"): output.append(10)
    case UInt8(ascii: "r"): output.append(13)
    case UInt8(ascii: "t"): output.append(9)
    case UInt8(ascii: "u"):
      guard let unit = hex4(value, at: index + 2) else {
        output.append(next)
        return 2
      }
      var scalar = unit
      var taken = 6
      if (0xD800..<0xDC00).contains(unit) {
        if index + 7 < value.count, value[index + 6] == UInt8(ascii: "\\"),
          value[index + 7] == UInt8(ascii: "u"), let low = hex4(value, at: index + 8),
          (0xDC00..<0xE000).contains(low)
        {
          scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
          taken = 12
        } else {
          scalar = 0xFFFD
        }
      } else if (0xDC00..<0xE000).contains(unit) {
        scalar = 0xFFFD
      }
      output.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}")!)
      return taken
    default: output.append(next)
    }
    return 2
  }

  /// Four hex digits at `index` as a number.
  private static func hex4(_ value: UnsafeRawBufferPointer, at index: Int) -> UInt32? {
    guard index + 4 <= value.count else { return nil }
    var result: UInt32 = 0
    for offset in 0..<4 {
      guard let digit = hexValue(value[index + offset]) else { return nil }
      result = result << 4 | UInt32(digit)
    }
    return result
  }

  /// The value of one hex digit.
  static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
