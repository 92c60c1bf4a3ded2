import Foundation

/// OTLP attribute values as SpanRecord's attribute strings.
///
/// - strings as they are; booleans `true` / `false`; integers in decimal;
/// - doubles as the shortest text that reads back to the same value, in JSON number form:
///   integral values up to 2^53 without a fraction (`2`, `-3`), others as Swift's shortest
///   round-trip form with the exponent's leading zeros removed (`0.25`, `1e-7`,
///   `1.5e+300`); not-a-number and infinities as `NaN`, `Infinity`, `-Infinity` (proto3
///   JSON's spelling);
/// - bytes as standard base64 with padding;
/// - arrays and key-value lists as compact JSON text (`["a",1,true]`, `{"k":"v"}`),
///   with bytes as base64 strings, non-finite doubles as strings and unset values as
///   `null`;
/// - an unset value as the empty string.
enum OTLPAttributeText {
  /// The text of one value.
  static func text(_ value: Opentelemetry_Proto_Common_V1_AnyValue) -> String {
    switch value.value {
    case .stringValue(let text): text
    case .boolValue(let flag): flag ? "true" : "false"
    case .intValue(let number): String(number)
    case .doubleValue(let number): self.number(number)
    case .bytesValue(let bytes): bytes.base64EncodedString()
    case .arrayValue, .kvlistValue: json(value)
    case nil: ""
    }
  }

  /// `text` cut to at most `limit` UTF-8 bytes, at the start of a character.
  static func truncated(_ text: String, toUTF8Bytes limit: Int) -> String {
    let utf8 = text.utf8
    guard utf8.count > limit else { return text }
    var end = utf8.index(utf8.startIndex, offsetBy: limit)
    // Back off over continuation bytes (10xxxxxx) to the first byte of a scalar.
    while end > utf8.startIndex, utf8[end] & 0xC0 == 0x80 {
      end = utf8.index(before: end)
    }
    return String(text[..<end])
  }

  /// A double in the form described on the type.
  static func number(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
    if value.rounded(.towardZero) == value, value.magnitude <= 9_007_199_254_740_992 {
      return String(Int64(value))
    }
    let text = value.description
    guard let exponent = text.firstIndex(where: { $0 == "e" }) else { return text }
    // "1e-07" -> "1e-7": the digits after the sign, without leading zeros.
    let signEnd = text.index(exponent, offsetBy: 2)
    let digits = text[signEnd...].drop(while: { $0 == "0" })
    return String(text[..<signEnd]) + digits
  }

  /// The value written as compact JSON.
  static func json(_ value: Opentelemetry_Proto_Common_V1_AnyValue) -> String {
    var output = ""
    write(value, to: &output)
    return output
  }

  // Recursion depth is bounded by the decoders: protobuf's message depth limit and the
  // JSON parser's nesting limit.
  private static func write(
    _ value: Opentelemetry_Proto_Common_V1_AnyValue, to output: inout String
  ) {
    switch value.value {
    case .stringValue(let text): JSONValue.writeString(text, to: &output)
    case .boolValue(let flag): output += flag ? "true" : "false"
    case .intValue(let number): output += String(number)
    case .doubleValue(let number):
      if number.isFinite {
        output += self.number(number)
      } else {
        JSONValue.writeString(self.number(number), to: &output)
      }
    case .bytesValue(let bytes): JSONValue.writeString(bytes.base64EncodedString(), to: &output)
    case .arrayValue(let array):
      output += "["
      for (index, element) in array.values.enumerated() {
        if index > 0 { output += "," }
        write(element, to: &output)
      }
      output += "]"
    case .kvlistValue(let list):
      output += "{"
      for (index, pair) in list.values.enumerated() {
        if index > 0 { output += "," }
        JSONValue.writeString(pair.key, to: &output)
        output += ":"
        write(pair.value, to: &output)
      }
      output += "}"
    case nil: output += "null"
    }
  }
}
