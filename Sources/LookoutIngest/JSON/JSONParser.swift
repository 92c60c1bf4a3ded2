/// Parses JSON (RFC 8259) into ``JSONValue``, refusing deep nesting.
///
/// The recursive descent counts its depth and stops at `maxDepth`, so a hostile `[[[[...`
/// document is refused long before the stack is at risk. Invalid UTF-8 inside strings
/// becomes U+FFFD, as do unpaired surrogate escapes; anything else outside the grammar is an
/// error.
///
/// ```swift
/// let value = try JSONParser.parse(Array(#"{"tags":[["a","b"]]}"#.utf8))
/// ```
enum JSONParser {
  /// The default nesting limit: far above what SDKs send (sentry-python trims variables
  /// to 5 levels), far below what would strain the stack.
  static let defaultMaxDepth = 64

  /// Parses a whole document: one value with optional whitespace around it.
  ///
  /// - Parameters:
  ///   - bytes: the UTF-8 document.
  ///   - maxDepth: the deepest nesting of arrays and objects accepted.
  ///   - skipping: member names whose values are checked but not built, at any depth
  ///     (parts of a document the caller never reads).
  /// - Throws: ``JSONParseError``.
  static func parse(
    _ bytes: [UInt8], maxDepth: Int = defaultMaxDepth, skipping: Set<String> = []
  ) throws(JSONParseError) -> JSONValue {
    try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) in
      try parse(UnsafeRawBufferPointer(buffer), maxDepth: maxDepth, skipping: skipping)
    }
  }

  /// Parses a whole document held in `buffer`.
  ///
  /// - Throws: ``JSONParseError``.
  static func parse(
    _ buffer: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth, skipping: Set<String> = []
  ) throws(JSONParseError) -> JSONValue {
    var reader = Reader(bytes: buffer, maxDepth: maxDepth, skipKeys: skipping)
    reader.skipWhitespace()
    let value = try reader.value(depth: 0)
    reader.skipWhitespace()
    guard reader.index == buffer.count else { throw .trailingData(offset: reader.index) }
    return value
  }

  /// A cursor over the document.
  private struct Reader {
    let bytes: UnsafeRawBufferPointer
    let maxDepth: Int
    var index = 0

    let skipKeys: Set<String>
    /// Where escapes of skipped strings are decoded (checked), reused.
    var scratch: [UInt8] = []

    init(bytes: UnsafeRawBufferPointer, maxDepth: Int, skipKeys: Set<String> = []) {
      self.bytes = bytes
      self.maxDepth = maxDepth
      self.skipKeys = skipKeys
    }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
      while index < bytes.count {
        switch bytes[index] {
        case 0x20, 0x09, 0x0A, 0x0D: index += 1
        default: return
        }
      }
    }

    func unexpected(_ expected: String) -> JSONParseError {
      guard let byte = peek else { return .unexpectedEnd(expected: expected) }
      return .unexpectedByte(byte, offset: index, expected: expected)
    }

    mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
      guard let byte = peek else { throw .unexpectedEnd(expected: "a value") }
      switch byte {
      case UInt8(ascii: "{"): return try object(depth: depth + 1)
      case UInt8(ascii: "["): return try array(depth: depth + 1)
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "t"): return try literal("true", .bool(true))
      case UInt8(ascii: "f"): return try literal("false", .bool(false))
      case UInt8(ascii: "n"): return try literal("null", .null)
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
      default: throw unexpected("a value")
      }
    }

    mutating func literal(_ word: StaticString, _ value: JSONValue) throws(JSONParseError)
      -> JSONValue
    {
      let text = UnsafeRawBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
      for expected in text {
        guard peek == expected else { throw unexpected("'\(word)'") }
        index += 1
      }
      return value
    }

    mutating func object(depth: Int) throws(JSONParseError) -> JSONValue {
      // Bounds the recursion, so a deeply nested document fails before the stack does.
      guard depth <= maxDepth else { throw .tooDeep(limit: maxDepth) }
      index += 1
      var members: [JSONValue.Member] = []
      skipWhitespace()
      if peek == UInt8(ascii: "}") {
        index += 1
        return .object(members)
      }
      while true {
        skipWhitespace()
        guard peek == UInt8(ascii: "\"") else { throw unexpected("a member name") }
        let key = try string()
        skipWhitespace()
        guard peek == UInt8(ascii: ":") else { throw unexpected("':'") }
        index += 1
        skipWhitespace()
        if !skipKeys.isEmpty, skipKeys.contains(key) {
          try skipValue(depth: depth)
        } else {
          members.append(JSONValue.Member(key: key, value: try value(depth: depth)))
        }
        skipWhitespace()
        switch peek {
        case UInt8(ascii: ","): index += 1
        case UInt8(ascii: "}"):
          index += 1
          return .object(members)
        default: throw unexpected("',' or '}'")
        }
      }
    }

    mutating func array(depth: Int) throws(JSONParseError) -> JSONValue {
      guard depth <= maxDepth else { throw .tooDeep(limit: maxDepth) }
      index += 1
      var elements: [JSONValue] = []
      skipWhitespace()
      if peek == UInt8(ascii: "]") {
        index += 1
        return .array(elements)
      }
      while true {
        skipWhitespace()
        elements.append(try value(depth: depth))
        skipWhitespace()
        switch peek {
        case UInt8(ascii: ","): index += 1
        case UInt8(ascii: "]"):
          index += 1
          return .array(elements)
        default: throw unexpected("',' or ']'")
        }
      }
    }

    /// Checks one value without building it: strings and containers are read, not kept.
    mutating func skipValue(depth: Int) throws(JSONParseError) {
      guard let byte = peek else { throw .unexpectedEnd(expected: "a value") }
      let open = byte
      guard open == UInt8(ascii: "{") || open == UInt8(ascii: "[") else {
        if open == UInt8(ascii: "\"") { return try skipString() }
        _ = try value(depth: depth)  // a number or a literal: nothing to allocate
        return
      }
      guard depth + 1 <= maxDepth else { throw .tooDeep(limit: maxDepth) }
      let close = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
      index += 1
      skipWhitespace()
      if peek == close {
        index += 1
        return
      }
      while true {
        skipWhitespace()
        if open == UInt8(ascii: "{") {
          guard peek == UInt8(ascii: "\"") else { throw unexpected("a member name") }
          try skipString()
          skipWhitespace()
          guard peek == UInt8(ascii: ":") else { throw unexpected("':'") }
          index += 1
          skipWhitespace()
        }
        try skipValue(depth: depth + 1)
        skipWhitespace()
        switch peek {
        case UInt8(ascii: ","): index += 1
        case close:
          index += 1
          return
        default: throw unexpected(open == UInt8(ascii: "{") ? "',' or '}'" : "',' or ']'")
        }
      }
    }

    /// Checks one string, escapes included, without building it.
    mutating func skipString() throws(JSONParseError) {
      index += 1
      while let byte = peek {
        switch byte {
        case UInt8(ascii: "\""):
          index += 1
          return
        case UInt8(ascii: "\\"):
          index += 1
          // Moved out and back, so `escape` may mutate the reader while it fills it.
          var decoded = scratch
          scratch = []
          decoded.removeAll(keepingCapacity: true)
          try escape(into: &decoded)
          scratch = decoded
        case 0..<0x20:
          throw unexpected("a string character")
        default:
          index += 1
        }
      }
      throw .unexpectedEnd(expected: "'\"'")
    }

    mutating func number() throws(JSONParseError) -> JSONValue {
      let start = index
      if peek == UInt8(ascii: "-") { index += 1 }
      if peek == UInt8(ascii: "0") {
        index += 1
      } else {
        guard digits() > 0 else { throw unexpected("a digit") }
      }
      if peek == UInt8(ascii: ".") {
        index += 1
        guard digits() > 0 else { throw unexpected("a digit") }
      }
      if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
        index += 1
        if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
        guard digits() > 0 else { throw unexpected("a digit") }
      }
      return .number(
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    }

    mutating func digits() -> Int {
      let start = index
      while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
      return index - start
    }

    /// Reads a string starting at its opening quote.
    mutating func string() throws(JSONParseError) -> String {
      index += 1
      let start = index
      // Fast path: no escapes, the bytes are the string.
      while let byte = peek, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
        guard byte >= 0x20 else { throw unexpected("a string character") }
        index += 1
      }
      guard let stop = peek else { throw .unexpectedEnd(expected: "'\"'") }
      let plain = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
      if stop == UInt8(ascii: "\"") {
        index += 1
        // Straight from the buffer: no intermediate array (most strings have no escapes).
        return String(unsafeUninitializedCapacity: plain.count) { target in
          _ = target.initialize(from: plain)
          return plain.count
        }
      }
      var utf8 = Array(plain)
      while true {
        guard let byte = peek else { throw .unexpectedEnd(expected: "'\"'") }
        switch byte {
        case UInt8(ascii: "\""):
          index += 1
          return String(decoding: utf8, as: UTF8.self)
        case UInt8(ascii: "\\"):
          index += 1
          try escape(into: &utf8)
        case 0..<0x20:
          throw unexpected("a string character")
        default:
          utf8.append(byte)
          index += 1
        }
      }
    }

    /// Decodes the escape after a backslash, appending its UTF-8.
    mutating func escape(into utf8: inout [UInt8]) throws(JSONParseError) {
      guard let byte = peek else { throw .unexpectedEnd(expected: "an escape") }
      index += 1
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
      case UInt8(ascii: "b"): utf8.append(0x08)
      case UInt8(ascii: "f"): utf8.append(0x0C)
      case UInt8(ascii: "n"): utf8.append(0x0A)
      case UInt8(ascii: "r"): utf8.append(0x0D)
      case UInt8(ascii: "t"): utf8.append(0x09)
      case UInt8(ascii: "u"):
        var code = try hex4()
        if (0xD800..<0xDC00).contains(code), peek == UInt8(ascii: "\\"), index + 1 < bytes.count,
          bytes[index + 1] == UInt8(ascii: "u")
        {
          let save = index
          index += 2
          let low = try hex4()
          if (0xDC00..<0xE000).contains(low) {
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          } else {
            index = save  // not a pair: the second escape stands alone
          }
        }
        let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
        utf8.append(contentsOf: String(Character(scalar)).utf8)
      default:
        index -= 1
        throw unexpected("an escape")
      }
    }

    mutating func hex4() throws(JSONParseError) -> UInt32 {
      var code: UInt32 = 0
      for _ in 0..<4 {
        guard let byte = peek else { throw .unexpectedEnd(expected: "a hex digit") }
        let digit: UInt8
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
        default: throw unexpected("a hex digit")
        }
        code = code << 4 | UInt32(digit)
        index += 1
      }
      return code
    }
  }
}
