/// The parts of a PostgreSQL log message the decoders read: the severity, the
/// `duration: ... ms  statement: ...` text, and `parameters: $1 = '...'`.
enum PostgresMessage {
  /// How a severity relates to a statement entry.
  enum Severity: Equatable {
    /// `LOG`: may be a duration.
    case log
    /// `DETAIL`: may hold the parameters of the message before it.
    case detail
    /// `HINT`, `CONTEXT`, `STATEMENT`, `QUERY`, `LOCATION`: more of the message before.
    case part
    /// `ERROR`, `WARNING`, `FATAL`, ...: a message of its own.
    case other
  }

  /// What a `duration:` message timed.
  enum Kind: Equatable {
    /// `statement: ...` (simple protocol).
    case statement
    /// `execute <name>: ...` (extended protocol; parameters follow in DETAIL).
    case execute
    /// `parse`/`bind` steps, `plan:` of auto_explain, a bare duration: not recorded.
    case skipped
  }

  /// A parsed `duration: 12.345 ms  statement: SELECT ...`.
  struct Duration {
    /// The duration, or nil when its number is unreadable.
    var microseconds: Int64?
    var kind: Kind
    /// Where the statement text starts (for ``Kind/skipped``, the end of the message).
    var textStart: Int
  }

  /// The severity at `index` (`LOG:  `) and the index of the message text after it.
  static func severity(_ line: UnsafeRawBufferPointer, at index: Int) -> (
    severity: Severity, textStart: Int
  )? {
    var end = index
    while end < line.count, line[end] &- 65 < 26 || line[end] &- 48 < 10 { end += 1 }
    guard end > index, end + 3 <= line.count, line[end] == UInt8(ascii: ":"),
      line[end + 1] == 32, line[end + 2] == 32
    else { return nil }
    let word = UnsafeRawBufferPointer(rebasing: line[index..<end])
    let severity: Severity
    switch word.count {
    case 3 where SlowLogBytes.equals(word, "LOG"): severity = .log
    case 4 where SlowLogBytes.equals(word, "HINT"): severity = .part
    case 4 where SlowLogBytes.equals(word, "INFO"): severity = .other
    case 5
    where SlowLogBytes.equals(word, "DEBUG") || SlowLogBytes.equals(word, "ERROR")
      || SlowLogBytes.equals(word, "FATAL") || SlowLogBytes.equals(word, "PANIC"):
      severity = .other
    case 5 where SlowLogBytes.equals(word, "QUERY"): severity = .part
    case 6 where SlowLogBytes.equals(word, "DETAIL"): severity = .detail
    case 6 where SlowLogBytes.equals(word, "NOTICE") || SlowLogBytes.hasPrefix(word, "DEBUG"):
      severity = .other
    case 7 where SlowLogBytes.equals(word, "WARNING"): severity = .other
    case 7 where SlowLogBytes.equals(word, "CONTEXT"): severity = .part
    case 8 where SlowLogBytes.equals(word, "LOCATION"): severity = .part
    case 9 where SlowLogBytes.equals(word, "STATEMENT"): severity = .part
    default: return nil
    }
    return (severity, end + 3)
  }

  /// Reads `duration: 12.345 ms` and what follows it, from `start` of a message.
  ///
  /// - Returns: nil when the message is not a duration.
  static func duration(_ text: UnsafeRawBufferPointer, from start: Int) -> Duration? {
    guard SlowLogBytes.hasPrefix(text, "duration: ", at: start) else { return nil }
    var index = start + 10
    let numberStart = index
    while index < text.count, text[index] != 32 { index += 1 }
    let number = UnsafeRawBufferPointer(rebasing: text[numberStart..<index])
    guard SlowLogBytes.hasPrefix(text, " ms", at: index),
      let micros = SlowLogNumbers.microseconds(fromMilliseconds: number)
    else { return Duration(microseconds: nil, kind: .skipped, textStart: text.count) }
    index += 3
    if SlowLogBytes.hasPrefix(text, "  statement: ", at: index) {
      return Duration(microseconds: micros, kind: .statement, textStart: index + 13)
    }
    let kind: Kind
    if SlowLogBytes.hasPrefix(text, "  execute ", at: index) {
      kind = .execute
    } else if SlowLogBytes.hasPrefix(text, "  parse ", at: index)
      || SlowLogBytes.hasPrefix(text, "  bind ", at: index)
    {
      kind = .skipped
    } else {
      return Duration(microseconds: micros, kind: .skipped, textStart: text.count)
    }
    // `execute <unnamed>: `, `execute S_1: `, `execute fetch from S_1/C_2: `.
    let colon = SlowLogBytes.firstIndex(of: ": ", in: text, from: index + 2)
    return Duration(microseconds: micros, kind: kind, textStart: colon.map { $0 + 2 } ?? text.count)
  }

  /// The values of `parameters: $1 = '42', $2 = NULL` as written (`'42'`, `NULL`;
  /// `'abc...'` when `log_parameter_max_length` cut it).
  ///
  /// - Parameter text: the DETAIL text from `parameters:` on, continuation lines joined.
  static func parameters(_ text: UnsafeRawBufferPointer) -> [String] {
    var values: [String] = []
    var index = 11  // "parameters:"
    while true {
      index = SlowLogBytes.skipBlanks(text, from: index)
      guard index < text.count, text[index] == UInt8(ascii: "$") else { return values }
      guard let equals = SlowLogBytes.firstIndex(of: " = ", in: text, from: index) else {
        return values
      }
      let valueStart = equals + 3
      var end = valueStart
      if end < text.count, text[end] == UInt8(ascii: "'") {
        end += 1
        while end < text.count {
          if text[end] == UInt8(ascii: "'") {
            if end + 1 < text.count, text[end + 1] == UInt8(ascii: "'") {
              end += 2
              continue
            }
            end += 1
            break
          }
          end += 1
        }
      } else {
        while end < text.count, text[end] != UInt8(ascii: ",") { end += 1 }
      }
      values.append(SlowLogBytes.string(UnsafeRawBufferPointer(rebasing: text[valueStart..<end])))
      guard end < text.count, text[end] == UInt8(ascii: ",") else { return values }
      index = end + 1
    }
  }
}
