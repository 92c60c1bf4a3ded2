/// Timestamp parsing on raw bytes for the slow-log decoders; results are microseconds
/// since the Unix epoch.
enum SlowLogTime {
  /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
  static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// A MySQL `# Time:` value: `2024-06-05T00:00:00.123456Z` (MySQL 5.7+, also with a
  /// `+02:00` offset, a space for `T`, or no zone) or `071218 11:48:27` / `081127  8:51:20`
  /// (MySQL 5.1-5.6 and MariaDB, local time).
  ///
  /// - Parameters:
  ///   - bytes: the value, leading blanks skipped; text after the time is ignored.
  ///   - localOffset: seconds east of UTC of times written without a zone.
  /// - Returns: the instant, or nil when the bytes hold no time.
  static func mysql(_ bytes: UnsafeRawBufferPointer, localOffset: Int) -> Int64? {
    var index = 0
    while index < bytes.count, bytes[index] == 32 { index += 1 }
    if index + 10 <= bytes.count, bytes[index + 4] == UInt8(ascii: "-") {
      return iso(bytes, from: index, localOffset: localOffset)?.time
    }
    // YYMMDD, blanks, H:MM:SS or HH:MM:SS.
    guard let yymmdd = SlowLogNumbers.digits(bytes, index, 6) else { return nil }
    index += 6
    guard index < bytes.count, bytes[index] == 32 else { return nil }
    while index < bytes.count, bytes[index] == 32 { index += 1 }
    guard let clock = clock(bytes, from: index) else { return nil }
    let yy = yymmdd / 10000
    let year = yy < 70 ? 2000 + yy : 1900 + yy
    let month = yymmdd / 100 % 100
    let day = yymmdd % 100
    guard (1...12).contains(month), (1...31).contains(day) else { return nil }
    let seconds = days(year: year, month: month, day: day) * 86_400 + clock.seconds
    return (seconds - Int64(localOffset)) * 1_000_000
  }

  /// `YYYY-MM-DD[T ]HH:MM:SS[.f...][Z|±hh[:mm]|±hhmm]` starting at `start`.
  ///
  /// - Returns: the instant and the index after what was read.
  static func iso(_ bytes: UnsafeRawBufferPointer, from start: Int, localOffset: Int) -> (
    time: Int64, end: Int
  )? {
    guard start + 19 <= bytes.count, let year = SlowLogNumbers.digits(bytes, start, 4),
      bytes[start + 4] == UInt8(ascii: "-"),
      let month = SlowLogNumbers.digits(bytes, start + 5, 2),
      bytes[start + 7] == UInt8(ascii: "-"),
      let day = SlowLogNumbers.digits(bytes, start + 8, 2),
      bytes[start + 10] == UInt8(ascii: "T") || bytes[start + 10] == 32,
      let clock = clock(bytes, from: start + 11), clock.end - start - 11 == 8,
      (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    var index = clock.end
    var micros: Int64 = 0
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      var scale: Int64 = 100_000
      while index < bytes.count, let digit = SlowLogNumbers.digit(bytes[index]) {
        micros += digit * scale
        scale /= 10
        index += 1
      }
    }
    var offset = Int64(localOffset)
    if index < bytes.count {
      if bytes[index] == UInt8(ascii: "Z") {
        offset = 0
        index += 1
      } else if let zone = numericOffset(bytes, from: index) {
        offset = zone.seconds
        index = zone.end
      }
    }
    let seconds = days(year: year, month: month, day: day) * 86_400 + clock.seconds - offset
    return (seconds * 1_000_000 + micros, index)
  }

  /// `±hh`, `±hhmm` or `±hh:mm` at `start`, as seconds east of UTC.
  static func numericOffset(_ bytes: UnsafeRawBufferPointer, from start: Int) -> (
    seconds: Int64, end: Int
  )? {
    guard start < bytes.count else { return nil }
    let sign: Int64
    switch bytes[start] {
    case UInt8(ascii: "+"): sign = 1
    case UInt8(ascii: "-"): sign = -1
    default: return nil
    }
    guard let hours = SlowLogNumbers.digits(bytes, start + 1, 2) else { return nil }
    var index = start + 3
    var minutes: Int64 = 0
    if index < bytes.count, bytes[index] == UInt8(ascii: ":") { index += 1 }
    if let value = SlowLogNumbers.digits(bytes, index, 2) {
      minutes = value
      index += 2
    } else if index > start + 3 {
      index -= 1
    }
    return (sign * (hours * 3600 + minutes * 60), index)
  }

  /// `H:MM:SS` or `HH:MM:SS` at `start`, as seconds of the day.
  static func clock(_ bytes: UnsafeRawBufferPointer, from start: Int) -> (
    seconds: Int64, end: Int
  )? {
    var index = start
    var hours: Int64 = 0
    var hourDigits = 0
    while index < bytes.count, hourDigits < 2, let digit = SlowLogNumbers.digit(bytes[index]) {
      hours = hours * 10 + digit
      hourDigits += 1
      index += 1
    }
    guard hourDigits > 0, index < bytes.count, bytes[index] == UInt8(ascii: ":"),
      let minutes = SlowLogNumbers.digits(bytes, index + 1, 2),
      index + 3 < bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
      let seconds = SlowLogNumbers.digits(bytes, index + 4, 2),
      hours < 24, minutes < 60, seconds < 61
    else { return nil }
    return (hours * 3600 + minutes * 60 + seconds, index + 6)
  }
}
