/// Parses the times nginx logs straight to microseconds since the epoch, from the digits,
/// with no calendar or formatter objects.
enum NginxTimeParser {
  /// `$time_local`: `05/Jun/2024:09:00:00 +0900`.
  static func timeLocal(_ text: UnsafeRawBufferPointer) -> Int64? {
    guard text.count == 26, text[2] == UInt8(ascii: "/"), text[6] == UInt8(ascii: "/"),
      text[11] == UInt8(ascii: ":"), text[14] == UInt8(ascii: ":"),
      text[17] == UInt8(ascii: ":"), text[20] == UInt8(ascii: " "),
      let day = digits(text, 0, 2), let month = month(text[3], text[4], text[5]),
      let year = digits(text, 7, 4), let hour = digits(text, 12, 2),
      let minute = digits(text, 15, 2), let second = digits(text, 18, 2),
      let offset = utcOffset(text, from: 21)
    else { return nil }
    return epoch(year, month, day, hour, minute, second, fraction: 0, offset: offset)
  }

  /// `$time_iso8601` (`2024-06-05T09:00:00+09:00`), also with `Z`, a space for `T`, an
  /// offset without colon, or a fraction of a second.
  static func iso8601(_ text: UnsafeRawBufferPointer) -> Int64? {
    guard text.count >= 19, text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"),
      text[10] == UInt8(ascii: "T") || text[10] == UInt8(ascii: " "),
      text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":"),
      let year = digits(text, 0, 4), let month = digits(text, 5, 2),
      let day = digits(text, 8, 2), let hour = digits(text, 11, 2),
      let minute = digits(text, 14, 2), let second = digits(text, 17, 2)
    else { return nil }
    var index = 19
    var fraction = 0
    if index < text.count, text[index] == UInt8(ascii: ".") || text[index] == UInt8(ascii: ",") {
      index += 1
      var scale = 100_000
      let start = index
      while index < text.count, let digit = digit(text[index]) {
        fraction += digit * scale
        scale /= 10
        index += 1
      }
      guard index > start else { return nil }
    }
    let offset: Int
    if index == text.count {
      offset = 0  // no zone: taken as UTC
    } else if text[index] == UInt8(ascii: "Z") || text[index] == UInt8(ascii: "z") {
      guard index + 1 == text.count else { return nil }
      offset = 0
    } else {
      guard let parsed = utcOffset(text, from: index) else { return nil }
      offset = parsed
    }
    return epoch(year, month, day, hour, minute, second, fraction: fraction, offset: offset)
  }

  /// Any time a JSON log may hold under a `time` key: ISO 8601, `$time_local`, or epoch
  /// seconds (with fraction), milliseconds or microseconds told apart by magnitude.
  static func anyTime(_ text: UnsafeRawBufferPointer) -> Int64? {
    if text.count >= 19, text[4] == UInt8(ascii: "-") { return iso8601(text) }
    if text.count == 26, text[2] == UInt8(ascii: "/") { return timeLocal(text) }
    if text.contains(UInt8(ascii: ".")) { return NginxValueParsers.microseconds(text) }
    guard let number = NginxValueParsers.integer(text) else { return nil }
    switch number {
    case ..<100_000_000_000: return number * 1_000_000  // seconds (until year 5138)
    case ..<100_000_000_000_000: return number * 1000  // milliseconds
    default: return number  // microseconds
    }
  }

  /// `[+-]hhmm` or `[+-]hh:mm` ending the text, in seconds east of UTC.
  private static func utcOffset(_ text: UnsafeRawBufferPointer, from start: Int) -> Int? {
    let length = text.count - start
    guard length == 5 || length == 6 else { return nil }
    let sign: Int
    switch text[start] {
    case UInt8(ascii: "+"): sign = 1
    case UInt8(ascii: "-"): sign = -1
    default: return nil
    }
    let minuteStart = length == 6 ? start + 4 : start + 3
    guard length == 5 || text[start + 3] == UInt8(ascii: ":"),
      let hours = digits(text, start + 1, 2), let minutes = digits(text, minuteStart, 2),
      hours < 24, minutes < 60
    else { return nil }
    return sign * (hours * 3600 + minutes * 60)
  }

  /// Microseconds since the epoch of a civil time at a UTC offset, or nil when a field is
  /// out of range.
  static func epoch(
    _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int,
    fraction: Int, offset: Int
  ) -> Int64? {
    guard (1...12).contains(month), day >= 1, hour < 24, minute < 60, second <= 60 else {
      return nil
    }
    let isLeapYear = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let monthDays =
      month == 2
      ? (isLeapYear ? 29 : 28) : (month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31)
    guard day <= monthDays else { return nil }
    // Days from civil, after Howard Hinnant's public-domain algorithm.
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    let days = era * 146_097 + dayOfEra - 719_468
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
    return Int64(seconds) * 1_000_000 + Int64(fraction)
  }

  /// `count` decimal digits at `start` as a number.
  @inline(__always)
  private static func digits(_ text: UnsafeRawBufferPointer, _ start: Int, _ count: Int) -> Int? {
    var result = 0
    for index in start..<(start + count) {
      guard let digit = digit(text[index]) else { return nil }
      result = result * 10 + digit
    }
    return result
  }

  @inline(__always)
  private static func digit(_ byte: UInt8) -> Int? {
    let value = byte &- UInt8(ascii: "0")
    return value < 10 ? Int(value) : nil
  }

  /// The month number of an English three-letter abbreviation (`Jun` -> 6).
  private static func month(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Int? {
    // Case-folded and packed, so one switch over integers decides.
    let key = UInt32(first | 0x20) << 16 | UInt32(second | 0x20) << 8 | UInt32(third | 0x20)
    switch key {
    case 0x6A_616E: return 1  // jan
    case 0x66_6562: return 2  // feb
    case 0x6D_6172: return 3  // mar
    case 0x61_7072: return 4  // apr
    case 0x6D_6179: return 5  // may
    case 0x6A_756E: return 6  // jun
    case 0x6A_756C: return 7  // jul
    case 0x61_7567: return 8  // aug
    case 0x73_6570: return 9  // sep
    case 0x6F_6374: return 10  // oct
    case 0x6E_6F76: return 11  // nov
    case 0x64_6563: return 12  // dec
    default: return nil
    }
  }
}
