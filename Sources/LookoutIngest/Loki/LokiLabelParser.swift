/// Reads a Loki stream's label string, Prometheus's text form of a label set:
/// `{job="api", env="prod"}`.
///
/// Names are letters, digits, `_`, `.` and `:` (not starting with a digit); values are
/// double-quoted with Go's escapes (`\"`, `\\`, `\n`, `\t`, `\r`, `\a`, `\b`, `\f`, `\v`,
/// `\'`, `\xHH`, `\uXXXX`, `\UXXXXXXXX`); spaces around names, `=` and `,` are allowed, and
/// so is a comma before the closing brace. `{}` is an empty set.
///
/// ```swift
/// let labels = try LokiLabelParser.parse(#"{job="api", msg="say \"hi\""}"#)
/// // [("job", "api"), ("msg", "say \"hi\"")]
/// ```
enum LokiLabelParser {
  /// The longest label string read.
  static let maxBytes = 64 << 10

  /// The labels in their written order.
  ///
  /// - Throws: ``LogDecodeError/invalidLabels(labels:reason:)`` for anything outside the
  ///   grammar, or a string longer than ``maxBytes``.
  static func parse(_ text: String) throws(LogDecodeError) -> [LogAttributePair] {
    let bytes = Array(text.utf8)
    func fail(_ reason: String) -> LogDecodeError {
      .invalidLabels(labels: text, reason: reason)
    }
    guard bytes.count <= maxBytes else { throw fail("longer than \(maxBytes) bytes") }
    var index = 0
    func skipSpaces() {
      while index < bytes.count, bytes[index] == 32 || bytes[index] == 9 { index += 1 }
    }
    skipSpaces()
    guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else {
      throw fail("it does not start with '{'")
    }
    index += 1
    var labels: [LogAttributePair] = []
    while true {
      skipSpaces()
      guard index < bytes.count else { throw fail("no closing '}'") }
      if bytes[index] == UInt8(ascii: "}") {
        index += 1
        break
      }
      let nameStart = index
      while index < bytes.count, isNameByte(bytes[index], first: index == nameStart) {
        index += 1
      }
      guard index > nameStart else { throw fail("expected a label name at byte \(index)") }
      let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
      skipSpaces()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
        throw fail("expected '=' after \(name)")
      }
      index += 1
      skipSpaces()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
        throw fail("the value of \(name) is not a quoted string")
      }
      index += 1
      let value = try quoted(bytes, &index, label: name, fail: fail)
      labels.append(LogAttributePair(name: name, value: value))
      skipSpaces()
      guard index < bytes.count else { throw fail("no closing '}'") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] != UInt8(ascii: "}") {
        throw fail("expected ',' or '}' after the value of \(name)")
      }
    }
    skipSpaces()
    guard index == bytes.count else { throw fail("unexpected text after '}'") }
    return labels
  }

  private static func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "."):
      true
    case UInt8(ascii: "0")...UInt8(ascii: "9"): !first
    default: false
    }
  }

  /// The value of a quoted string whose opening quote is before `index`; leaves `index`
  /// after the closing quote.
  private static func quoted(
    _ bytes: [UInt8], _ index: inout Int, label: String, fail: (String) -> LogDecodeError
  ) throws(LogDecodeError) -> String {
    var value: [UInt8] = []
    while true {
      guard index < bytes.count else { throw fail("the value of \(label) has no closing quote") }
      let byte = bytes[index]
      index += 1
      switch byte {
      case UInt8(ascii: "\""):
        return String(decoding: value, as: UTF8.self)
      case UInt8(ascii: "\\"):
        guard index < bytes.count else { throw fail("the value of \(label) ends in '\\'") }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "'"): value.append(escape)
        case UInt8(ascii: "n"): value.append(10)
        case UInt8(ascii: "t"): value.append(9)
        case UInt8(ascii: "r"): value.append(13)
        case UInt8(ascii: "a"): value.append(7)
        case UInt8(ascii: "b"): value.append(8)
        case UInt8(ascii: "f"): value.append(12)
        case UInt8(ascii: "v"): value.append(11)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
          let width = escape == UInt8(ascii: "x") ? 2 : escape == UInt8(ascii: "u") ? 4 : 8
          guard let code = hex(bytes, index, width) else {
            throw fail("bad \\\(Character(UnicodeScalar(escape))) escape in the value of \(label)")
          }
          index += width
          if escape == UInt8(ascii: "x") {
            value.append(UInt8(code))
          } else {
            guard let scalar = Unicode.Scalar(code) else {
              throw fail("\\u escape of a non-character in the value of \(label)")
            }
            value.append(contentsOf: Array(String(Character(scalar)).utf8))
          }
        default:
          throw fail(
            "unknown escape '\\\(Character(UnicodeScalar(escape)))' in the value of \(label)")
        }
      default:
        value.append(byte)
      }
    }
  }

  private static func hex(_ bytes: [UInt8], _ start: Int, _ width: Int) -> UInt32? {
    guard bytes.count - start >= width else { return nil }
    return HexDigits.parse(bytes[start..<start + width])
  }
}

/// One label or metadata pair as read from a push.
struct LogAttributePair: Sendable, Hashable {
  var name: String
  var value: String
}

/// Hex digits as a number, for escapes.
enum HexDigits {
  /// The value of up to 8 hex digits; nil for another character.
  static func parse(_ digits: ArraySlice<UInt8>) -> UInt32? {
    guard !digits.isEmpty, digits.count <= 8 else { return nil }
    var value: UInt32 = 0
    for byte in digits {
      let nibble: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
      default: return nil
      }
      value = value << 4 | UInt32(nibble)
    }
    return value
  }
}
