/// Why one access-log line could not be decoded.
///
/// Columns are 1-based byte offsets into the line. Each case has a sentence for the Ingest
/// health page and the HTTP error body (``description``).
public enum NginxDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The line is empty or only whitespace.
  case emptyLine
  /// The line is longer than the decoder's limit (bytes).
  case lineTooLong(limit: Int)
  /// The line does not have the format's literal text where the format puts it.
  case literalMismatch(expected: String, column: Int)
  /// A quoted variable has no closing quote.
  case unterminatedQuote(variable: String, column: Int)
  /// The format ended but the line goes on.
  case trailingData(column: Int)
  /// `$status` is not a 1-3 digit number.
  case badStatus(value: String)
  /// A time variable does not hold a valid time.
  case badTime(variable: String, value: String)
  /// A numeric variable (`$request_time`, `$body_bytes_sent`, ...) is not a number.
  case badNumber(variable: String, value: String)
  /// A JSON line is not one well-formed JSON object.
  case invalidJSON(column: Int, reason: String)

  /// A sentence for reports.
  public var description: String {
    switch self {
    case .emptyLine: "empty line"
    case .lineTooLong(let limit): "line longer than \(limit) bytes"
    case .literalMismatch(let expected, let column):
      "expected \(Self.quoted(expected)) at column \(column) "
        + "(the line does not match the log_format)"
    case .unterminatedQuote(let variable, let column):
      "no closing quote for $\(variable) opened at column \(column)"
    case .trailingData(let column):
      "unexpected text at column \(column) after the end of the log_format"
    case .badStatus(let value): "status \(Self.quoted(value)) is not a 3-digit code"
    case .badTime(let variable, let value): "$\(variable) \(Self.quoted(value)) is not a valid time"
    case .badNumber(let variable, let value): "$\(variable) \(Self.quoted(value)) is not a number"
    case .invalidJSON(let column, let reason): "invalid JSON at column \(column): \(reason)"
    }
  }

  /// The text in backquotes, with control characters shown as `\xXX`.
  private static func quoted(_ text: String) -> String {
    var shown = ""
    for scalar in text.unicodeScalars {
      if scalar.value < 32 {
        shown += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
      } else {
        shown.unicodeScalars.append(scalar)
      }
    }
    return "`\(shown)`"
  }

  /// Makes a value safe and short enough to carry in an error.
  static func excerpt(_ bytes: UnsafeRawBufferPointer, limit: Int = 40) -> String {
    let text = String(
      decoding: UnsafeRawBufferPointer(rebasing: bytes.prefix(limit)), as: UTF8.self)
    return bytes.count > limit ? text + "…" : text
  }
}
