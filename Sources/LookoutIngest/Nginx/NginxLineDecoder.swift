import LookoutCore

/// Decodes one nginx access-log line into a ``RequestRecord``.
///
/// It runs the program compiled from an ``NginxLogFormat`` over the line's bytes: literals
/// must appear where the format puts them, and each variable's value is delimited by its
/// kind (quoted, number, `$time_local`, upstream list) or by the literal after it. Values
/// are unescaped as the format's `escape=` says; `-` means missing (empty text, nil times and
/// sizes, status 0); invalid UTF-8 becomes U+FFFD. A line that starts with `{` is decoded as
/// a JSON object (see ``NginxLogFormat/json``). Leading and trailing whitespace and a CR
/// before the newline are ignored.
///
/// ```swift
/// let decoder = NginxLineDecoder(format: .timed)
/// let record = try decoder.decode(line)  // line: [UInt8], ArraySlice<UInt8> or String
/// print(record.method, record.path, record.status, record.requestTime ?? 0)
/// ```
///
/// Timestamps come from `$msec`, `$time_iso8601` or `$time_local`; a format with none of
/// them yields timestamp 0 (see ``NginxLogFormat/hasTimestamp``).
public struct NginxLineDecoder: Sendable {
  /// The default longest line accepted, in bytes (64 KiB).
  public static let defaultMaxLineLength = 64 * 1024

  /// The format lines are written in.
  public let format: NginxLogFormat
  /// The longest line accepted, in bytes, line terminator included.
  public let maxLineLength: Int

  /// Creates a decoder for a format.
  ///
  /// - Parameters:
  ///   - format: the `log_format` the lines were written with; `.combined` by default.
  ///   - maxLineLength: longer lines fail with ``NginxDecodeError/lineTooLong(limit:)``.
  public init(format: NginxLogFormat = .combined, maxLineLength: Int = defaultMaxLineLength) {
    self.format = format
    self.maxLineLength = maxLineLength
  }

  /// Decodes one line given as raw bytes (with or without its `\n` or `\r\n`).
  ///
  /// - Throws: ``NginxDecodeError`` saying what in the line does not fit the format.
  public func decode(_ line: UnsafeRawBufferPointer) throws(NginxDecodeError) -> RequestRecord {
    guard line.count <= maxLineLength else { throw .lineTooLong(limit: maxLineLength) }
    var end = line.count
    while end > 0, line[end - 1].isWhitespace { end -= 1 }
    var start = 0
    while start < end, line[start] == UInt8(ascii: " ") || line[start] == 9 { start += 1 }
    guard start < end else { throw .emptyLine }
    let trimmed = UnsafeRawBufferPointer(rebasing: line[start..<end])
    let program = format.program
    // A `{` line is JSON unless the format is text that itself begins with a brace.
    if trimmed[0] == UInt8(ascii: "{"), program.isJSON || !program.startsWithBrace {
      return try NginxJSONLineDecoder.decode(trimmed, columnBase: start, program: program)
    }
    guard !program.isJSON else {
      throw .invalidJSON(column: start + 1, reason: "expected a JSON object (`{`)")
    }
    return try NginxTextMatcher.decode(trimmed, columnBase: start, program: program)
  }

  /// Decodes one line given as bytes.
  ///
  /// - Throws: ``NginxDecodeError`` saying what in the line does not fit the format.
  public func decode(_ line: ArraySlice<UInt8>) throws(NginxDecodeError) -> RequestRecord {
    try line.withUnsafeBufferPointer { (bytes) throws(NginxDecodeError) in
      try decode(UnsafeRawBufferPointer(bytes))
    }
  }

  /// Decodes one line given as bytes.
  ///
  /// - Throws: ``NginxDecodeError`` saying what in the line does not fit the format.
  public func decode(_ line: [UInt8]) throws(NginxDecodeError) -> RequestRecord {
    try decode(line[...])
  }

  /// Decodes one line given as text.
  ///
  /// - Throws: ``NginxDecodeError`` saying what in the line does not fit the format.
  public func decode(_ line: String) throws(NginxDecodeError) -> RequestRecord {
    try decode(Array(line.utf8))
  }
}
