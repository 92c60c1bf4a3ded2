/// PostgreSQL log times: `2024-06-05 12:00:00.123 UTC` (`%m`, csvlog), `... 12:00:00 CEST`
/// (`%t`), `1717588800.123` (`%n`).
enum PostgresTime {
  /// UTC offsets, in minutes, of the zone abbreviations `log_timezone` commonly prints.
  /// Ambiguous ones (`IST`, `CST` of China) follow PostgreSQL's default `timezone_abbreviations`.
  private static let abbreviations: [String: Int64] = [
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "WET": 0, "WEST": 60, "BST": 60, "CET": 60,
    "CEST": 120, "MET": 60, "MEST": 120, "EET": 120, "EEST": 180, "MSK": 180, "IST": 120,
    "SAST": 120, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420,
    "MDT": -360, "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
    "NST": -210, "NDT": -150, "AST": -240, "ADT": -180, "JST": 540, "KST": 540, "HKT": 480,
    "SGT": 480, "AWST": 480, "ACST": 570, "ACDT": 630, "AEST": 600, "AEDT": 660,
    "NZST": 720, "NZDT": 780, "WIB": 420, "PKT": 300,
  ]

  /// The end of a `%m`/`%t`/`%s` value starting at `start` (date, time, zone), or nil.
  static func prefixTimeEnd(_ line: UnsafeRawBufferPointer, from start: Int) -> Int? {
    guard start + 19 <= line.count, line[start + 4] == UInt8(ascii: "-"),
      line[start + 10] == 32, line[start + 13] == UInt8(ascii: ":")
    else { return nil }
    var index = start + 19
    if index < line.count, line[index] == UInt8(ascii: ".") {
      index += 1
      while index < line.count, SlowLogNumbers.digit(line[index]) != nil { index += 1 }
    }
    guard index < line.count, line[index] == 32 else { return nil }
    let zoneStart = index + 1
    index = zoneStart
    while index < line.count, isZoneByte(line[index]) { index += 1 }
    return index > zoneStart ? index : nil
  }

  /// The instant of a `%m`, `%t` or csvlog time.
  ///
  /// - Parameters:
  ///   - text: the value, zone included.
  ///   - fallbackOffset: seconds east of UTC for zone abbreviations not known here.
  static func instant(_ text: UnsafeRawBufferPointer, fallbackOffset: Int) -> Int64? {
    guard let local = SlowLogTime.iso(text, from: 0, localOffset: 0), local.end < text.count,
      text[local.end] == 32
    else { return nil }
    let zone = UnsafeRawBufferPointer(rebasing: text[(local.end + 1)...])
    if let numeric = SlowLogTime.numericOffset(zone, from: 0), numeric.end == zone.count {
      return local.time - numeric.seconds * 1_000_000
    }
    let name = SlowLogBytes.string(zone)
    let offset = abbreviations[name].map { $0 * 60 } ?? Int64(fallbackOffset)
    return local.time - offset * 1_000_000
  }

  /// The instant of a `%n` value (`1717588800.123`, seconds since the epoch).
  static func epoch(_ text: UnsafeRawBufferPointer) -> Int64? {
    SlowLogNumbers.microseconds(fromSeconds: text, limit: 1 << 40)
  }

  @inline(__always)
  private static func isZoneByte(_ byte: UInt8) -> Bool {
    (byte | 0x20) &- 97 < 26 || byte &- 48 < 10 || byte == UInt8(ascii: "+")
      || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "/")
      || byte == UInt8(ascii: "_")
  }
}
