/// Finds the timestamp a log line starts with, in the forms applications write.
///
/// Optionally after a `[`:
/// - ISO 8601 / RFC 3339 and its relatives: `2024-06-05T10:11:12.345Z`,
///   `2024-06-05 10:11:12,345` (Python's logging), `2024/06/05 10:11:12` (Go, nginx's error
///   log), with a fraction after `.` or `,` and an optional zone (`Z`, `+02:00`, `+0200`);
/// - the common log format's `05/Jun/2024:10:11:12 +0000`;
/// - syslog's `Jun  5 10:11:12`, which has no year: the year of `now`, or the one before
///   when that would put the line more than a day in the future.
///
/// A time without a zone is read as UTC.
///
/// ```swift
/// LogTimestampParser.parse(Array("2024-06-05 00:00:00,5 INFO hi".utf8), now: now)
/// // (1_717_545_600_500_000, 21)
/// ```
public enum LogTimestampParser {
  /// The time at the start of `line`, µs since epoch, and the index just after it.
  ///
  /// - Parameters:
  ///   - line: the line's first bytes (40 are enough).
  ///   - now: µs since epoch, the year of syslog times.
  public static func parse(_ line: [UInt8], now: Int64) -> (micros: Int64, end: Int)? {
    var cursor = Cursor(bytes: line)
    _ = cursor.skip(UInt8(ascii: "["))
    let start = cursor.index
    if let parsed = iso(&cursor) { return parsed }
    cursor.index = start
    if let parsed = commonLog(&cursor) { return parsed }
    cursor.index = start
    return syslog(&cursor, now: now)
  }

  /// Whether `line` starts with a timestamp (the default start of a multi-line entry).
  public static func startsWithTimestamp(_ line: [UInt8]) -> Bool {
    parse(Array(line.prefix(40)), now: 0) != nil
  }

  struct Cursor {
    let bytes: [UInt8]
    var index = 0

    mutating func number(_ width: Int) -> Int? {
      guard index + width <= bytes.count else { return nil }
      var value = 0
      for offset in 0..<width {
        let byte = bytes[index + offset]
        guard byte >= 48, byte <= 57 else { return nil }
        value = value * 10 + Int(byte - 48)
      }
      index += width
      return value
    }

    mutating func skip(_ byte: UInt8) -> Bool {
      guard index < bytes.count, bytes[index] == byte else { return false }
      index += 1
      return true
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }
  }

  private static func iso(_ cursor: inout Cursor) -> (micros: Int64, end: Int)? {
    guard let year = cursor.number(4), let separator = cursor.current,
      separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/")
    else { return nil }
    cursor.index += 1
    guard let month = cursor.number(2), cursor.skip(separator), let day = cursor.number(2),
      cursor.skip(UInt8(ascii: "T")) || cursor.skip(UInt8(ascii: " ")),
      let time = clock(&cursor)
    else { return nil }
    // A zone right after the time; a space then a zone is not read (it may be the message).
    var offset = 0
    if cursor.skip(UInt8(ascii: "Z")) {
      offset = 0
    } else if let sign = cursor.current, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
      let mark = cursor.index
      cursor.index += 1
      if let hours = cursor.number(2) {
        _ = cursor.skip(UInt8(ascii: ":"))
        if let minutes = cursor.number(2), hours < 24, minutes < 60 {
          offset = (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
        } else {
          cursor.index = mark
        }
      } else {
        cursor.index = mark
      }
    }
    return finish(
      &cursor, year: year, month: month, day: day, seconds: time.0, fraction: time.1,
      offset: offset)
  }

  private static func commonLog(_ cursor: inout Cursor) -> (micros: Int64, end: Int)? {
    guard let day = cursor.number(2), cursor.skip(UInt8(ascii: "/")),
      let month = monthName(&cursor),
      cursor.skip(UInt8(ascii: "/")), let year = cursor.number(4), cursor.skip(UInt8(ascii: ":")),
      let time = clock(&cursor), cursor.skip(32),
      let sign = cursor.current, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-")
    else { return nil }
    cursor.index += 1
    guard let hours = cursor.number(2), let minutes = cursor.number(2) else { return nil }
    let offset = (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
    return finish(
      &cursor, year: year, month: month, day: day, seconds: time.0, fraction: time.1,
      offset: offset)
  }

  private static func syslog(_ cursor: inout Cursor, now: Int64) -> (micros: Int64, end: Int)? {
    guard let month = monthName(&cursor), cursor.skip(32) else { return nil }
    _ = cursor.skip(32)
    let day: Int
    if let two = cursor.number(2) {
      day = two
    } else if let one = cursor.number(1) {
      day = one
    } else {
      return nil
    }
    guard cursor.skip(32), let time = clock(&cursor) else { return nil }
    let year = civilYear(now)
    let mark = cursor.index
    guard
      let thisYear = finish(
        &cursor, year: year, month: month, day: day, seconds: time.0, fraction: time.1,
        offset: 0)
    else { return nil }
    if thisYear.micros > now + 86_400_000_000 {
      cursor.index = mark
      return finish(
        &cursor, year: year - 1, month: month, day: day, seconds: time.0, fraction: time.1,
        offset: 0)
    }
    return thisYear
  }

  /// `HH:MM:SS` with an optional fraction after `.` or `,`: seconds of the day and µs.
  private static func clock(_ cursor: inout Cursor) -> (Int, Int64)? {
    guard let hour = cursor.number(2), cursor.skip(UInt8(ascii: ":")),
      let minute = cursor.number(2),
      cursor.skip(UInt8(ascii: ":")), let second = cursor.number(2), hour < 24, minute < 60,
      second <= 60
    else { return nil }
    var fraction: Int64 = 0
    let mark = cursor.index
    if cursor.skip(UInt8(ascii: ".")) || cursor.skip(UInt8(ascii: ",")) {
      var digits = 0
      while let byte = cursor.current, byte >= 48, byte <= 57 {
        if digits < 6 { fraction = fraction * 10 + Int64(byte - 48) }
        digits += 1
        cursor.index += 1
      }
      if digits == 0 {
        cursor.index = mark
      } else {
        for _ in digits..<max(digits, 6) { fraction *= 10 }
      }
    }
    return (hour * 3600 + minute * 60 + min(second, 59), fraction)
  }

  private static func monthName(_ cursor: inout Cursor) -> Int? {
    guard cursor.index + 3 <= cursor.bytes.count else { return nil }
    let name = String(decoding: cursor.bytes[cursor.index..<cursor.index + 3], as: UTF8.self)
    guard let month = months.firstIndex(of: name) else { return nil }
    cursor.index += 3
    return month + 1
  }

  private static let months = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]

  private static func finish(
    _ cursor: inout Cursor, year: Int, month: Int, day: Int, seconds: Int, fraction: Int64,
    offset: Int
  ) -> (micros: Int64, end: Int)? {
    guard (1...12).contains(month), (1...31).contains(day) else { return nil }
    _ = cursor.skip(UInt8(ascii: "]"))
    let days = SentryTimestamp.daysFromCivil(year: year, month: month, day: day)
    let total = Int64(days) * 86_400 + Int64(seconds) - Int64(offset)
    return (total * 1_000_000 + fraction, cursor.index)
  }

  /// The proleptic Gregorian year of `micros` since epoch.
  static func civilYear(_ micros: Int64) -> Int {
    // Howard Hinnant's civil_from_days, year only.
    let days = Int(micros / 86_400_000_000) + 719_468
    let era = (days >= 0 ? days : days - 146_096) / 146_097
    let dayOfEra = days - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    return yearOfEra + era * 400 + (monthIndex >= 10 ? 1 : 0)
  }
}
