import LookoutCore

/// Decodes one `escape=json` access-log line: a flat JSON object whose keys name variables.
///
/// Keys resolve through ``NginxProgram/jsonKeys`` (the format's own keys over the alias
/// table of ``NginxJSONKeys``); unknown keys, nested objects and arrays are skipped; `null`,
/// `""` and `"-"` mean missing. Numbers may be given as JSON numbers or strings.
enum NginxJSONLineDecoder {
  /// The deepest nesting skipped inside a value.
  static let maxDepth = 32

  /// Decodes `line` (trimmed, starting with `{`); `columnBase` is its offset in the
  /// original line, for error columns.
  static func decode(
    _ line: UnsafeRawBufferPointer, columnBase: Int, program: NginxProgram
  ) throws(NginxDecodeError) -> RequestRecord {
    var reader = Reader(bytes: line, columnBase: columnBase)
    var builder = NginxRecordBuilder()
    try reader.expect(UInt8(ascii: "{"))
    reader.skipWhitespace()
    if reader.peek == UInt8(ascii: "}") {
      reader.index += 1
    } else {
      while true {
        reader.skipWhitespace()
        try reader.expect(UInt8(ascii: "\""))
        let key = try reader.string()
        reader.skipWhitespace()
        try reader.expect(UInt8(ascii: ":"))
        reader.skipWhitespace()
        let field = field(named: key, in: line, program: program)
        try value(&reader, field: field, into: &builder)
        reader.skipWhitespace()
        if reader.peek == UInt8(ascii: ",") {
          reader.index += 1
          continue
        }
        try reader.expect(UInt8(ascii: "}"))
        break
      }
    }
    reader.skipWhitespace()
    guard reader.index == line.count else { throw reader.error("text after the object") }
    return builder.finish()
  }

  /// Reads one value and hands it to the builder when its key names a field.
  private static func value(
    _ reader: inout Reader, field: NginxField, into builder: inout NginxRecordBuilder
  ) throws(NginxDecodeError) {
    let line = reader.bytes
    switch reader.peek {
    case UInt8(ascii: "\""):
      reader.index += 1
      let string = try reader.string()
      guard field != .ignored else { return }
      let value = UnsafeRawBufferPointer(rebasing: line[string.range])
      if string.hasEscapes {
        var unescaped: [UInt8] = []
        NginxValueParsers.unescape(value, escape: .json, into: &unescaped)
        try unescaped.withUnsafeBufferPointer { (bytes) throws(NginxDecodeError) in
          try builder.apply(field, UnsafeRawBufferPointer(bytes), escape: .none)
        }
      } else {
        try builder.apply(field, value, escape: .none)
      }
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      try reader.skipNested()
    case .some:
      let start = reader.index
      while let byte = reader.peek, Self.isScalarByte(byte) { reader.index += 1 }
      let token = UnsafeRawBufferPointer(rebasing: line[start..<reader.index])
      guard !token.isEmpty else { throw reader.error("expected a value") }
      guard field != .ignored, !token.elementsEqual("null".utf8) else { return }
      try builder.apply(field, token, escape: .none)
    case nil:
      throw reader.error("unexpected end of line")
    }
  }

  /// The field a key names, `.ignored` when none.
  private static func field(
    named key: Reader.StringToken, in line: UnsafeRawBufferPointer, program: NginxProgram
  ) -> NginxField {
    let raw = UnsafeRawBufferPointer(rebasing: line[key.range])
    let name: String?
    if key.hasEscapes {
      var unescaped: [UInt8] = []
      NginxValueParsers.unescape(raw, escape: .json, into: &unescaped)
      name = unescaped.withUnsafeBytes { NginxJSONKeys.normalized($0) }
    } else {
      name = NginxJSONKeys.normalized(raw)
    }
    return name.flatMap { program.jsonKeys[$0] } ?? .ignored
  }

  /// Bytes of a number, `true`, `false` or `null`.
  private static func isScalarByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "E"):
      true
    default: false
    }
  }
}

extension NginxJSONLineDecoder {
  /// A cursor over the line's bytes.
  fileprivate struct Reader {
    /// A string's bytes between its quotes, escapes not yet undone.
    struct StringToken {
      var range: Range<Int>
      var hasEscapes: Bool
    }

    let bytes: UnsafeRawBufferPointer
    let columnBase: Int
    var index = 0

    init(bytes: UnsafeRawBufferPointer, columnBase: Int) {
      self.bytes = bytes
      self.columnBase = columnBase
    }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    func error(_ reason: String) -> NginxDecodeError {
      .invalidJSON(column: columnBase + index + 1, reason: reason)
    }

    mutating func skipWhitespace() {
      while let byte = peek, byte.isWhitespace { index += 1 }
    }

    mutating func expect(_ byte: UInt8) throws(NginxDecodeError) {
      guard peek == byte else {
        throw error(
          peek == nil
            ? "unexpected end of line" : "expected `\(Character(Unicode.Scalar(byte)))`")
      }
      index += 1
    }

    /// Reads the rest of a string whose opening quote was consumed.
    mutating func string() throws(NginxDecodeError) -> StringToken {
      let start = index
      var from = index
      while let quote = ByteSearch.firstIndex(of: UInt8(ascii: "\""), in: bytes, from: from) {
        // A quote after an odd run of backslashes is escaped.
        var backslashes = 0
        while quote - backslashes > start,
          bytes[quote - backslashes - 1] == UInt8(ascii: "\\")
        {
          backslashes += 1
        }
        if backslashes % 2 == 0 {
          index = quote + 1
          let content = UnsafeRawBufferPointer(rebasing: bytes[start..<quote])
          return StringToken(
            range: start..<quote, hasEscapes: NginxValueParsers.firstBackslash(content) != nil)
        }
        from = quote + 1
      }
      index = start - 1
      throw error("unterminated string")
    }

    /// Skips an object or array, strings included, refusing deep nesting.
    mutating func skipNested() throws(NginxDecodeError) {
      var depth = 0
      while let byte = peek {
        index += 1
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
          depth += 1
          guard depth <= NginxJSONLineDecoder.maxDepth else { throw error("nested too deeply") }
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
          depth -= 1
          if depth == 0 { return }
        case UInt8(ascii: "\""):
          _ = try string()
        default:
          continue
        }
      }
      throw error("unexpected end of line")
    }
  }
}
