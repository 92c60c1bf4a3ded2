/// A forward-only reader over one JSON document that the one-pass event decoder steers
/// member by member: it checks the whole grammar as it goes (like ``JSONParser``), builds
/// only the strings it is asked for, and skips every other value without allocating.
///
/// It gives up with ``SentryJSONCursor/GiveUp`` on anything invalid, and on the rare
/// valid shapes it leaves to the tree parser (member names with escapes); the decoder then
/// reads the document through ``JSONParser``, which decides the event or the precise error.
///
/// ```swift
/// var cursor = SentryJSONCursor(bytes: buffer, maxDepth: 64)
/// var first = true
/// try cursor.enterObject()
/// while let key = try cursor.nextMember(&first) {
///   if SentryJSONCursor.matches(key, "level") { level = try cursor.optionalString() }
///   else { try cursor.skipValue() }
/// }
/// ```
struct SentryJSONCursor {
  /// The document is invalid, or valid in a way left to the tree parser.
  struct GiveUp: Error {}

  /// The document.
  let bytes: UnsafeRawBufferPointer
  /// The deepest nesting of arrays and objects accepted.
  let maxDepth: Int
  /// The next byte to read.
  private(set) var index = 0
  /// Arrays and objects open around ``index``.
  private var depth = 0

  /// Creates a cursor at the start of `bytes`.
  init(bytes: UnsafeRawBufferPointer, maxDepth: Int) {
    self.bytes = bytes
    self.maxDepth = maxDepth
  }

  /// The byte at the cursor, nil at the end.
  var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

  /// Whether the value at the cursor is an object.
  var atObject: Bool { peek == .openBrace }

  /// Whether the value at the cursor is an array.
  var atArray: Bool { peek == .openBracket }

  /// Whether `key` is the member name `name`.
  static func matches(_ key: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
    guard key.count == name.utf8CodeUnitCount else { return false }
    let expected = name.utf8Start
    for offset in 0..<key.count where key[offset] != expected[offset] { return false }
    return true
  }

  mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  /// Checks that only whitespace is left.
  mutating func finish() throws(GiveUp) {
    skipWhitespace()
    guard index == bytes.count else { throw GiveUp() }
  }

  // MARK: Containers

  /// Steps into the object at the cursor.
  mutating func enterObject() throws(GiveUp) {
    guard peek == .openBrace else { throw GiveUp() }
    try enter()
  }

  /// Steps into the array at the cursor.
  mutating func enterArray() throws(GiveUp) {
    guard peek == .openBracket else { throw GiveUp() }
    try enter()
  }

  private mutating func enter() throws(GiveUp) {
    depth += 1
    // Bounds the recursion, so a deeply nested document fails before the stack does.
    guard depth <= maxDepth else { throw GiveUp() }
    index += 1
  }

  /// The next member's name, with the cursor left on its value; nil after the closing
  /// brace. `first` is true before the first call for an object.
  ///
  /// The name is a view into the document, valid while it is.
  mutating func nextMember(_ first: inout Bool) throws(GiveUp) -> UnsafeRawBufferPointer? {
    guard try nextEntry(&first, close: .closeBrace) else { return nil }
    guard peek == .quote else { throw GiveUp() }
    index += 1
    let start = index
    while index < bytes.count {
      let byte = bytes[index]
      if byte == .quote { break }
      // Escaped names are valid but rare: the tree parser reads those documents.
      guard byte != .backslash, byte >= 0x20 else { throw GiveUp() }
      index += 1
    }
    guard index < bytes.count else { throw GiveUp() }
    let key = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
    index += 1
    skipWhitespace()
    guard peek == .colon else { throw GiveUp() }
    index += 1
    skipWhitespace()
    return key
  }

  /// Whether another array element follows, with the cursor left on it; false after the
  /// closing bracket. `first` is true before the first call for an array.
  mutating func nextElement(_ first: inout Bool) throws(GiveUp) -> Bool {
    try nextEntry(&first, close: .closeBracket)
  }

  private mutating func nextEntry(_ first: inout Bool, close: UInt8) throws(GiveUp) -> Bool {
    skipWhitespace()
    guard let byte = peek else { throw GiveUp() }
    // After a comma the cursor is left on what follows, so `[1,]` and `{"a":1,}` are
    // refused by the value or name reader, never taken for a close here.
    if byte == close {
      index += 1
      depth -= 1
      return false
    }
    if first {
      first = false
    } else {
      guard byte == .comma else { throw GiveUp() }
      index += 1
      skipWhitespace()
    }
    return true
  }

  // MARK: Values

  /// The string at the cursor, or nil (with the value skipped) when it is something else.
  mutating func optionalString() throws(GiveUp) -> String? {
    guard peek == .quote else {
      try skipValue()
      return nil
    }
    return try string()
  }

  /// The boolean at the cursor, or nil (with the value skipped) when it is something else.
  mutating func optionalBool() throws(GiveUp) -> Bool? {
    switch peek {
    case UInt8(ascii: "t"):
      try literal("true")
      return true
    case UInt8(ascii: "f"):
      try literal("false")
      return false
    default:
      try skipValue()
      return nil
    }
  }

  /// The value at the cursor as a ``JSONValue``: scalars directly, arrays and objects
  /// built by ``JSONParser`` from their bytes (with `skipping` members left out, as the
  /// tree decoder does).
  mutating func value(skipping: Set<String>) throws(GiveUp) -> JSONValue {
    switch peek {
    case .quote?: return .string(try string())
    case UInt8(ascii: "t")?:
      try literal("true")
      return .bool(true)
    case UInt8(ascii: "f")?:
      try literal("false")
      return .bool(false)
    case UInt8(ascii: "n")?:
      try literal("null")
      return .null
    case .openBrace?, .openBracket?:
      let start = index
      try skipValue()
      do {
        return try JSONParser.parse(
          UnsafeRawBufferPointer(rebasing: bytes[start..<index]), maxDepth: maxDepth,
          skipping: skipping)
      } catch {
        throw GiveUp()
      }
    default:
      return .number(try numberText())
    }
  }

  /// Checks one value without building it.
  mutating func skipValue() throws(GiveUp) {
    switch peek {
    case .quote?: try skipString()
    case UInt8(ascii: "t")?: try literal("true")
    case UInt8(ascii: "f")?: try literal("false")
    case UInt8(ascii: "n")?: try literal("null")
    case .openBrace?:
      try enter()
      var first = true
      while try nextMember(&first) != nil { try skipValue() }
    case .openBracket?:
      try enter()
      var first = true
      while try nextElement(&first) { try skipValue() }
    default:
      _ = try numberEnd()
    }
  }

  mutating func literal(_ word: StaticString) throws(GiveUp) {
    let count = word.utf8CodeUnitCount
    guard bytes.count - index >= count else { throw GiveUp() }
    let expected = word.utf8Start
    for offset in 0..<count where bytes[index + offset] != expected[offset] { throw GiveUp() }
    index += count
  }

  /// The number at the cursor as written.
  mutating func numberText() throws(GiveUp) -> String {
    let start = index
    let end = try numberEnd()
    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
  }

  /// Reads a number (JSON grammar) and returns where it ends.
  private mutating func numberEnd() throws(GiveUp) -> Int {
    if peek == .minus { index += 1 }
    if peek == UInt8(ascii: "0") {
      index += 1
    } else {
      guard digits() > 0 else { throw GiveUp() }
    }
    if peek == .dot {
      index += 1
      guard digits() > 0 else { throw GiveUp() }
    }
    if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
      index += 1
      if peek == .plus || peek == .minus { index += 1 }
      guard digits() > 0 else { throw GiveUp() }
    }
    return index
  }

  private mutating func digits() -> Int {
    let start = index
    while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
    return index - start
  }

  // MARK: Strings

  /// The string at the cursor (which must be at its opening quote), escapes decoded;
  /// invalid UTF-8 and unpaired surrogates become U+FFFD, as in ``JSONParser``.
  mutating func string() throws(GiveUp) -> String {
    index += 1
    let start = index
    while index < bytes.count {
      let byte = bytes[index]
      if byte == .quote {
        let plain = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
        index += 1
        // Straight from the buffer, as the tree parser does: most strings have no escapes.
        return String(unsafeUninitializedCapacity: plain.count) { target in
          _ = target.initialize(from: plain)
          return plain.count
        }
      }
      if byte == .backslash { break }
      guard byte >= 0x20 else { throw GiveUp() }
      index += 1
    }
    var utf8 = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case .quote:
        index += 1
        return String(decoding: utf8, as: UTF8.self)
      case .backslash:
        index += 1
        try escape(into: &utf8)
      case 0..<0x20:
        throw GiveUp()
      default:
        utf8.append(byte)
        index += 1
      }
    }
    throw GiveUp()
  }

  /// Checks the string at the cursor without building it.
  mutating func skipString() throws(GiveUp) {
    index += 1
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      if byte == .quote { return }
      if byte == .backslash {
        try checkEscape()
      } else if byte < 0x20 {
        throw GiveUp()
      }
    }
    throw GiveUp()
  }

  /// Checks the escape after a backslash.
  private mutating func checkEscape() throws(GiveUp) {
    guard let byte = peek else { throw GiveUp() }
    index += 1
    switch byte {
    case .quote, .backslash, .slash, UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
      UInt8(ascii: "r"), UInt8(ascii: "t"):
      return
    case UInt8(ascii: "u"):
      _ = try hex4()
    default:
      throw GiveUp()
    }
  }

  /// Decodes the escape after a backslash, appending its UTF-8.
  private mutating func escape(into utf8: inout [UInt8]) throws(GiveUp) {
    guard let byte = peek else { throw GiveUp() }
    index += 1
    switch byte {
    case .quote, .backslash, .slash: utf8.append(byte)
    case UInt8(ascii: "b"): utf8.append(0x08)
    case UInt8(ascii: "f"): utf8.append(0x0C)
    case UInt8(ascii: "n"): utf8.append(0x0A)
    case UInt8(ascii: "r"): utf8.append(0x0D)
    case UInt8(ascii: "t"): utf8.append(0x09)
    case UInt8(ascii: "u"):
      var code = try hex4()
      if (0xD800..<0xDC00).contains(code), peek == .backslash, index + 1 < bytes.count,
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
      throw GiveUp()
    }
  }

  private mutating func hex4() throws(GiveUp) -> UInt32 {
    guard bytes.count - index >= 4 else { throw GiveUp() }
    var code: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: throw GiveUp()
      }
      code = code << 4 | UInt32(digit)
      index += 1
    }
    return code
  }
}

extension UInt8 {
  fileprivate static let quote = UInt8(ascii: "\"")
  fileprivate static let backslash = UInt8(ascii: "\\")
  fileprivate static let slash = UInt8(ascii: "/")
  fileprivate static let openBrace = UInt8(ascii: "{")
  fileprivate static let closeBrace = UInt8(ascii: "}")
  fileprivate static let openBracket = UInt8(ascii: "[")
  fileprivate static let closeBracket = UInt8(ascii: "]")
  fileprivate static let colon = UInt8(ascii: ":")
  fileprivate static let comma = UInt8(ascii: ",")
  fileprivate static let minus = UInt8(ascii: "-")
  fileprivate static let plus = UInt8(ascii: "+")
  fileprivate static let dot = UInt8(ascii: ".")
}
