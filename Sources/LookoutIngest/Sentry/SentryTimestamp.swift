/// Reads Sentry timestamps into microseconds since the Unix epoch: RFC 3339 strings (with
/// or without fraction and zone; no zone means UTC) or epoch seconds as a number.
///
/// ```swift
/// SentryTimestamp.microseconds(rfc3339: "2024-06-05T00:00:00.5Z")  // 1_717_545_600_500_000
/// SentryTimestamp.microseconds(epochSeconds: "1717545600.5")      // the same
/// ```
enum SentryTimestamp {
  /// The time a JSON value holds: a number of epoch seconds, or a string with an RFC 3339
  /// time or a number; nil for anything else.
  static func microseconds(_ value: JSONValue?) -> Int64? {
    switch value {
    case .number(let text): microseconds(epochSeconds: text)
    case .string(let text): microseconds(rfc3339: text) ?? microseconds(epochSeconds: text)
    default: nil
    }
  }

  /// Epoch seconds written as a decimal number, converted exactly (rounded to the nearest
  /// microsecond); exponent forms go through `Double`.
  static func microseconds(epochSeconds text: String) -> Int64? {
    let utf8 = Array(text.utf8)
    var index = 0
    let negative = utf8.first == UInt8(ascii: "-")
    if negative { index += 1 }
    var seconds: Int64 = 0
    var integerDigits = 0
    while index < utf8.count, let digit = digitValue(utf8[index]) {
      // 12 digits of seconds reach year 33658: enough, and far from overflow.
      guard integerDigits < 12 else { return nil }
      seconds = seconds * 10 + Int64(digit)
      integerDigits += 1
      index += 1
    }
    var fraction: Int64 = 0
    var fractionDigits = 0
    var roundUp = false
    if index < utf8.count, utf8[index] == UInt8(ascii: ".") {
      index += 1
      while index < utf8.count, let digit = digitValue(utf8[index]) {
        if fractionDigits < 6 {
          fraction = fraction * 10 + Int64(digit)
        } else if fractionDigits == 6 {
          roundUp = digit >= 5
        }
        fractionDigits += 1
        index += 1
      }
    }
    guard index == utf8.count, integerDigits + fractionDigits > 0 else {
      guard let value = Double(text), value.isFinite, abs(value) < 1e12 else { return nil }
      return Int64((value * 1_000_000).rounded())
    }
    for _ in fractionDigits..<max(fractionDigits, 6) { fraction *= 10 }
    let magnitude = seconds * 1_000_000 + fraction + (roundUp ? 1 : 0)
    return negative ? -magnitude : magnitude
  }

  /// An RFC 3339 date-time (`T` or a space between date and time; fraction optional;
  /// `Z`, `±HH:MM`, `±HHMM` or no zone, which means UTC); nil when malformed.
  static func microseconds(rfc3339 text: String) -> Int64? {
    let utf8 = Array(text.utf8)
    var index = 0
    func number(_ width: Int) -> Int? {
      guard index + width <= utf8.count else { return nil }
      var value = 0
      for offset in 0..<width {
        guard let digit = digitValue(utf8[index + offset]) else { return nil }
        value = value * 10 + digit
      }
      index += width
      return value
    }
    func skip(_ byte: UInt8) -> Bool {
      guard index < utf8.count, utf8[index] == byte else { return false }
      index += 1
      return true
    }
    guard let year = number(4), skip(UInt8(ascii: "-")), let month = number(2),
      skip(UInt8(ascii: "-")), let day = number(2),
      skip(UInt8(ascii: "T")) || skip(UInt8(ascii: "t")) || skip(UInt8(ascii: " ")),
      let hour = number(2), skip(UInt8(ascii: ":")), let minute = number(2),
      skip(UInt8(ascii: ":")), let second = number(2),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60
    else { return nil }
    var fraction: Int64 = 0
    if skip(UInt8(ascii: ".")) {
      var digits = 0
      while index < utf8.count, let digit = digitValue(utf8[index]) {
        if digits < 6 { fraction = fraction * 10 + Int64(digit) }
        digits += 1
        index += 1
      }
      guard digits > 0 else { return nil }
      for _ in digits..<max(digits, 6) { fraction *= 10 }
    }
    var offsetSeconds = 0
    if skip(UInt8(ascii: "Z")) || skip(UInt8(ascii: "z")) || index == utf8.count {
      offsetSeconds = 0
    } else if index < utf8.count,
      utf8[index] == UInt8(ascii: "+") || utf8[index] == UInt8(ascii: "-")
    {
      let sign = utf8[index] == UInt8(ascii: "-") ? -1 : 1
      index += 1
      guard let hours = number(2) else { return nil }
      _ = skip(UInt8(ascii: ":"))
      guard let minutes = number(2), hours < 24, minutes < 60 else { return nil }
      offsetSeconds = sign * (hours * 3600 + minutes * 60)
    }
    guard index == utf8.count else { return nil }
    let days = daysFromCivil(year: year, month: month, day: day)
    // A leap second (:60) is read as the last microsecond of its minute's :59.
    let secondOfMinute = min(second, 59)
    let seconds =
      Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + secondOfMinute)
      - Int64(offsetSeconds)
    return seconds * 1_000_000 + (second == 60 ? 999_999 : fraction)
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  private static func digitValue(_ byte: UInt8) -> Int? {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
  }
}
