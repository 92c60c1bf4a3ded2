/// Why bytes are not a JSON document the ingest decoders accept.
enum JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The document nests arrays and objects deeper than the limit.
  case tooDeep(limit: Int)
  /// A byte that cannot appear here (offset from the start of the document).
  case unexpectedByte(UInt8, offset: Int, expected: String)
  /// The document ends inside a value.
  case unexpectedEnd(expected: String)
  /// Something other than whitespace follows the value.
  case trailingData(offset: Int)

  /// A sentence for logs and error bodies.
  var description: String {
    switch self {
    case .tooDeep(let limit):
      "JSON nested deeper than \(limit) levels"
    case .unexpectedByte(let byte, let offset, let expected):
      "unexpected \(Self.show(byte)) at offset \(offset), expected \(expected)"
    case .unexpectedEnd(let expected):
      "JSON ends early, expected \(expected)"
    case .trailingData(let offset):
      "unexpected data after the JSON value at offset \(offset)"
    }
  }

  private static func show(_ byte: UInt8) -> String {
    guard byte >= 0x20, byte < 0x7F else {
      let hex = String(byte, radix: 16, uppercase: true)
      return "byte 0x" + (hex.count == 1 ? "0" + hex : hex)
    }
    return "'\(Character(Unicode.Scalar(byte)))'"
  }
}
