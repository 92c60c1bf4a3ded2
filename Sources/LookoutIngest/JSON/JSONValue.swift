import LookoutCore

/// A parsed JSON value as the ingest decoders (Sentry, OTLP JSON, X-Ray, Zipkin) read it: objects keep their keys in the order
/// sent, and numbers keep their literal text, so ids and timestamps convert exactly.
///
/// Accessors return nil for the wrong type instead of failing: Sentry's relay and OTLP receivers ignore an
/// optional field of the wrong type, and so do the decoders built on these.
///
/// ```swift
/// let event = try JSONParser.parse(Array(#"{"level":"error"}"#.utf8))
/// event["level"]?.string  // "error"
/// ```
enum JSONValue: Sendable, Hashable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number as written (`1717545600.25`, `-3`, `1e3`), checked against the JSON grammar.
  case number(String)
  /// A string, escapes decoded.
  case string(String)
  /// An array's elements, in order.
  case array([JSONValue])
  /// Members in the order sent; a repeated key keeps every occurrence (lookups take the last).
  case object([Member])

  /// One member of an object.
  struct Member: Sendable, Hashable {
    /// The member's key.
    var key: String
    /// The member's value.
    var value: JSONValue
  }

  /// The value of `key` when this is an object holding it (the last one when repeated).
  subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.last(where: { $0.key == key })?.value
  }

  /// The value at the end of a path of object keys.
  subscript(path first: String, _ rest: String...) -> JSONValue? {
    var value = self[first]
    for key in rest { value = value?[key] }
    return value
  }

  /// The text when this is a string.
  var string: String? {
    guard case .string(let text) = self else { return nil }
    return text
  }

  /// The text when this is a non-empty string.
  var nonEmptyString: String? {
    guard case .string(let text) = self, !text.isEmpty else { return nil }
    return text
  }

  /// The value when this is a boolean.
  var bool: Bool? {
    guard case .bool(let value) = self else { return nil }
    return value
  }

  /// The elements when this is an array.
  var array: [JSONValue]? {
    guard case .array(let elements) = self else { return nil }
    return elements
  }

  /// The members when this is an object.
  var members: [Member]? {
    guard case .object(let members) = self else { return nil }
    return members
  }

  /// The value as an integer when it is an integral number, or a string holding one.
  var integer: Int? {
    switch self {
    case .number(let text): Int(text) ?? Double(text).flatMap { Int(exactly: $0) }
    case .string(let text): Int(text)
    default: nil
    }
  }

  /// Scalars as text: strings as they are, numbers and booleans as written; nil for null,
  /// arrays and objects.
  var scalarText: String? {
    switch self {
    case .string(let text): text
    case .number(let text): text
    case .bool(let value): value ? "true" : "false"
    case .null, .array, .object: nil
    }
  }

  /// Any value but null as text: scalars as ``scalarText``, arrays and objects as compact
  /// JSON.
  var text: String? {
    switch self {
    case .null: nil
    case .array, .object: compactJSON
    default: scalarText
    }
  }

  /// The value written back as compact JSON.
  var compactJSON: String {
    var output = ""
    write(to: &output)
    return output
  }

  private func write(to output: inout String) {
    switch self {
    case .null: output += "null"
    case .bool(let value): output += value ? "true" : "false"
    case .number(let text): output += text
    case .string(let text): Self.writeString(text, to: &output)
    case .array(let elements):
      output += "["
      for (index, element) in elements.enumerated() {
        if index > 0 { output += "," }
        element.write(to: &output)
      }
      output += "]"
    case .object(let members):
      output += "{"
      for (index, member) in members.enumerated() {
        if index > 0 { output += "," }
        Self.writeString(member.key, to: &output)
        output += ":"
        member.value.write(to: &output)
      }
      output += "}"
    }
  }

  /// Appends `text` as a quoted JSON string (``JSONText/quoted(_:)``, the one escaper).
  static func writeString(_ text: String, to output: inout String) {
    output += JSONText.quoted(text)
  }
}
