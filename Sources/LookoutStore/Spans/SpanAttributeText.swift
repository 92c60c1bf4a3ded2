#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Span attributes as one text value per span, the form the `attributes` column stores:
/// `␞key␟value␞key␟value␞` with keys sorted, where ␞ is U+001E and ␟ U+001F.
///
/// Finding `key = value` is then a substring search for `␞key␟value␞` in the block's text,
/// with no parsing; the two separators cannot occur inside keys or values (they become
/// U+FFFD when sent).
///
/// ```swift
/// let text = SpanAttributeText.encode(["http.route": "/orders/{id}"])
/// SpanAttributeText.decode(text)  // ["http.route": "/orders/{id}"]
/// ```
public enum SpanAttributeText {
  static let record: Character = "\u{1E}"
  static let unit: Character = "\u{1F}"

  /// The stored text of `attributes`, keys in UTF-8 byte order; "" when there are none.
  public static func encode(_ attributes: [String: String]) -> String {
    var encoder = Encoder()
    return encoder.encode(attributes)
  }

  /// Encodes attribute sets one after another, reusing its buffers.
  ///
  /// Every span stored goes through here (20 or so attributes each at 100k spans/s), so
  /// the pairs are copied once into a byte buffer and sorted there: no string is copied,
  /// compared through Unicode rules or retained along the way, and no buffer allocated
  /// past the first spans.
  public struct Encoder: Sendable {
    private var bytes: [UInt8] = []
    /// Each pair as `key␟value` in `bytes`: its start, key length and end.
    private var pairs: [(start: Int, keyLength: Int, end: Int)] = []

    public init() {}

    /// The stored text of `attributes` (see ``SpanAttributeText/encode(_:)``).
    public mutating func encode(_ attributes: [String: String]) -> String {
      guard !attributes.isEmpty else { return "" }
      bytes.removeAll(keepingCapacity: true)
      pairs.removeAll(keepingCapacity: true)
      for (key, value) in attributes {
        let start = bytes.count
        SpanAttributeText.appendCleaned(key, to: &bytes)
        let keyLength = bytes.count - start
        bytes.append(0x1F)
        SpanAttributeText.appendCleaned(value, to: &bytes)
        pairs.append((start, keyLength, bytes.count))
      }
      let total = bytes.count + pairs.count + 1
      return bytes.withUnsafeBufferPointer { buffer in
        let base = buffer.baseAddress!
        pairs.sort { left, right in
          let common = min(left.keyLength, right.keyLength)
          let order = memcmp(base + left.start, base + right.start, common)
          if order != 0 || left.keyLength != right.keyLength {
            return order != 0 ? order < 0 : left.keyLength < right.keyLength
          }
          // Keys equal once cleaned (`a␞` and `a␟` both become `a\u{FFFD}`): by value,
          // so the text does not depend on the dictionary's order.
          let leftLength = left.end - left.start
          let rightLength = right.end - right.start
          let tie = memcmp(base + left.start, base + right.start, min(leftLength, rightLength))
          return tie != 0 ? tie < 0 : leftLength < rightLength
        }
        return String(unsafeUninitializedCapacity: total) { output in
          var at = 0
          output[at] = 0x1E
          at += 1
          for pair in pairs {
            let length = pair.end - pair.start
            UnsafeMutableRawPointer(output.baseAddress! + at).copyMemory(
              from: base + pair.start, byteCount: length)
            at += length
            output[at] = 0x1E
            at += 1
          }
          return at
        }
      }
    }
  }

  /// Appends the UTF-8 of `text` with the two separators replaced by U+FFFD.
  fileprivate static func appendCleaned(_ text: String, to bytes: inout [UInt8]) {
    var text = text
    text.withUTF8 { utf8 in
      guard utf8.contains(where: { $0 == 0x1E || $0 == 0x1F }) else {
        bytes.append(contentsOf: utf8)
        return
      }
      for byte in utf8 {
        if byte == 0x1E || byte == 0x1F {
          bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
        } else {
          bytes.append(byte)
        }
      }
    }
  }

  /// The attributes of a stored text.
  public static func decode(_ text: String) -> [String: String] {
    guard !text.isEmpty else { return [:] }
    var attributes: [String: String] = [:]
    for pair in text.split(separator: record) {
      guard let separator = pair.firstIndex(of: unit) else { continue }
      attributes[String(pair[..<separator])] = String(pair[pair.index(after: separator)...])
    }
    return attributes
  }

  /// The needle that finds `key` set to exactly `value` in a stored text.
  public static func needle(key: String, value: String) -> String {
    String(record) + clean(key) + String(unit) + clean(value) + String(record)
  }

  /// The needle that finds `key` with any value (the value follows it).
  public static func keyNeedle(_ key: String) -> String {
    String(record) + clean(key) + String(unit)
  }

  /// The value of `key` in a stored text, without decoding the rest.
  public static func value(of key: String, in text: String) -> Substring? {
    let needle = Array(keyNeedle(key).utf8)
    guard let offset = offset(of: needle, in: text) else { return nil }
    let utf8 = text.utf8
    let start = utf8.index(utf8.startIndex, offsetBy: offset + needle.count)
    let end = utf8[start...].firstIndex(of: 0x1E) ?? utf8.endIndex
    return text[start..<end]
  }

  /// Whether `text` holds the bytes of `needle` (a byte search, as scans need it).
  public static func contains(_ needle: [UInt8], in text: String) -> Bool {
    offset(of: needle, in: text) != nil
  }

  /// The UTF-8 offset of `needle` in `text`.
  static func offset(of needle: [UInt8], in text: String) -> Int? {
    var text = text
    return text.withUTF8 { haystack -> Int? in
      needle.withUnsafeBytes { needle -> Int? in
        guard let first = needle.first, haystack.count >= needle.count,
          let base = haystack.baseAddress, let needleBase = needle.baseAddress
        else { return nil }
        // memchr to each candidate first byte, memcmp for the rest (memmem is a GNU
        // extension Glibc's module does not export).
        let last = haystack.count - needle.count
        var offset = 0
        while offset <= last {
          guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else {
            return nil
          }
          let position = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
          if memcmp(base + position, needleBase, needle.count) == 0 { return position }
          offset = position + 1
        }
        return nil
      }
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
