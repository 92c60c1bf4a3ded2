import LookoutCore

/// Log attributes as one text value per entry, the form the `attributes` column stores:
/// `␞key␟value␞key␟value␞` (␞ U+001E, ␟ U+001F), in the record's order, repeated keys kept.
///
/// It is ``SpanAttributeText``'s form without the sorting, so its needles
/// (``SpanAttributeText/needle(key:value:)``, ``SpanAttributeText/keyNeedle(_:)``) and
/// ``SpanAttributeText/value(of:in:)`` (the first value) work on it unchanged.
///
/// ```swift
/// let text = LogAttributeText.encode([LogAttribute("label.job", "api")])
/// LogAttributeText.decode(text)  // [LogAttribute("label.job", "api")]
/// ```
public enum LogAttributeText {
  /// The stored text of `attributes`; "" when there are none.
  public static func encode(_ attributes: [LogAttribute]) -> String {
    guard !attributes.isEmpty else { return "" }
    var text = "\u{1E}"
    text.reserveCapacity(attributes.reduce(2) { $0 + $1.key.utf8.count + $1.value.utf8.count + 2 })
    for attribute in attributes {
      text += clean(attribute.key)
      text += "\u{1F}"
      text += clean(attribute.value)
      text += "\u{1E}"
    }
    return text
  }

  /// The attributes of a stored text, in order.
  public static func decode(_ text: String) -> [LogAttribute] {
    guard !text.isEmpty else { return [] }
    var attributes: [LogAttribute] = []
    for pair in text.split(separator: "\u{1E}", omittingEmptySubsequences: true) {
      guard let separator = pair.firstIndex(of: "\u{1F}") else { continue }
      attributes.append(
        LogAttribute(String(pair[..<separator]), String(pair[pair.index(after: separator)...])))
    }
    return attributes
  }

  /// The keys of a stored text, in order.
  public static func keys(_ text: String) -> [Substring] {
    text.split(separator: "\u{1E}").compactMap { pair in
      pair.firstIndex(of: "\u{1F}").map { pair[..<$0] }
    }
  }

  private static func clean(_ text: String) -> String {
    // A byte scan: the separators are single UTF-8 bytes that occur in no other character.
    guard text.utf8.contains(where: { $0 == 0x1E || $0 == 0x1F }) else { return text }
    return String(
      String.UnicodeScalarView(
        text.unicodeScalars.map { $0 == "\u{1E}" || $0 == "\u{1F}" ? "\u{FFFD}" : $0 }))
  }
}
