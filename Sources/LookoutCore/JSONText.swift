/// JSON text written by hand, where a whole encoder would cost more than the text: the
/// Sentry endpoints' answer, chart data embedded in pages, JSON lines on standard output.
public enum JSONText {
  /// `text` as a JSON string literal, quotes included: `"`, `\` and control characters
  /// escaped, and U+2028 / U+2029, which end a line in JavaScript, as `\u2028` / `\u2029`
  /// so the literal can sit inside a `<script>`.
  public static func quoted(_ text: String) -> String {
    var out = "\""
    out.reserveCapacity(text.utf8.count + 2)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{2028}": out += "\\u2028"
      case "\u{2029}": out += "\\u2029"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
