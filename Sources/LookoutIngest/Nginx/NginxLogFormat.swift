/// An nginx `log_format`, compiled into the program ``NginxLineDecoder`` runs on each line.
///
/// Give it the format exactly as nginx.conf has it after the format's name: the bare text,
/// or the quoted pieces nginx concatenates, optionally preceded by `escape=`. A whole
/// `log_format name ...;` directive is accepted too.
///
/// ```swift
/// let format = try NginxLogFormat("""
///   escape=default '$remote_addr - $remote_user [$time_local] '
///                  '"$request" $status $body_bytes_sent ${request_time}s'
///   """)
/// let decoder = NginxLineDecoder(format: format)
/// ```
public struct NginxLogFormat: Sendable, Equatable, CustomStringConvertible {
  /// How nginx escaped variable values (`escape=` in `log_format`).
  public enum Escape: String, Sendable, Hashable, CaseIterable {
    /// `"`, `\` and bytes below 32 or above 126 written as `\xXX` (nginx's default).
    case `default`
    /// JSON string escapes (`\"`, `\\`, `\n`, `\u0001`); missing variables are empty.
    case json
    /// Values written as they are.
    case none
  }

  /// One piece of a compiled format.
  public enum Segment: Sendable, Hashable {
    /// Text that every line repeats verbatim.
    case literal(String)
    /// A variable, named without its `$` or braces.
    case variable(String)
  }

  /// The escaping nginx applied to values.
  public let escape: Escape
  /// The format as literals and variables, in order.
  public let segments: [Segment]
  /// Whether the format writes a JSON object per line: its text starts with `{` and it is
  /// `escape=json` or a key's `"` follows.
  ///
  /// Lines that start with `{` are decoded as JSON whatever the format says; for a JSON
  /// format, a line that does not is reported as invalid JSON.
  public var isJSON: Bool { program.isJSON }
  /// Whether some variable of the format (or, for JSON lines, some key) gives the time.
  ///
  /// Without one, decoded records have timestamp 0 and the caller sets the receive time.
  public var hasTimestamp: Bool {
    isJSON
      || segments.contains { segment in
        guard case .variable(let name) = segment else { return false }
        return ["time_local", "time_iso8601", "msec"].contains(name)
      }
  }

  let program: NginxProgram

  /// Compiles a `log_format` string.
  ///
  /// - Parameter format: the format as written in nginx.conf after its name, for example
  ///   `escape=json '{"status":"$status",' '"request":"$request"}'`, or bare
  ///   `$remote_addr [$time_local] "$request" $status`.
  /// - Throws: ``NginxFormatError`` when the text names no variable properly or two
  ///   variables touch with nothing between them.
  public init(_ format: String) throws(NginxFormatError) {
    let (escape, body) = try Self.unwrap(Array(format.utf8))
    let segments = try Self.segments(of: body)
    self.escape = escape
    self.segments = segments
    self.program = NginxProgram(segments: segments, escape: escape)
  }

  /// The format as nginx.conf would hold it: one single-quoted piece, after `escape=` when
  /// not the default; ``init(_:)`` reads it back to an equal format.
  public var description: String {
    var text = escape == .default ? "'" : "escape=\(escape.rawValue) '"
    for segment in segments {
      switch segment {
      case .literal(let literal):
        for character in literal {
          if character == "'" || character == "\\" { text.append("\\") }
          text.append(character)
        }
      case .variable(let name): text += "${\(name)}"
      }
    }
    return text + "'"
  }

  /// Formats are equal when they escape alike and have the same segments.
  public static func == (lhs: NginxLogFormat, rhs: NginxLogFormat) -> Bool {
    lhs.escape == rhs.escape && lhs.segments == rhs.segments
  }
}

// MARK: - Reading the nginx.conf text

extension NginxLogFormat {
  /// Strips `log_format name`, `escape=` and nginx.conf quoting, leaving the format text.
  private static func unwrap(_ text: [UInt8]) throws(NginxFormatError) -> (Escape, [UInt8]) {
    var rest = ArraySlice(text).trimmingWhitespace()
    if rest.last == UInt8(ascii: ";") { rest = rest.dropLast().trimmingWhitespace() }
    if rest.starts(with: "log_format".utf8), let space = rest.firstIndex(where: \.isWhitespace) {
      rest = rest[space...].trimmingWhitespace()  // now at the format's name
      let nameEnd = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
      rest = rest[nameEnd...].trimmingWhitespace()
    }
    var escape = Escape.default
    if rest.starts(with: "escape=".utf8) {
      let valueEnd = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
      let value = String(decoding: rest[(rest.startIndex + 7)..<valueEnd], as: UTF8.self)
      guard let parsed = Escape(rawValue: value) else { throw .unknownEscape(value) }
      escape = parsed
      rest = rest[valueEnd...].trimmingWhitespace()
    }
    let body = quotedPieces(rest) ?? Array(rest)
    guard !body.isEmpty else { throw .empty }
    return (escape, body)
  }

  /// Joins `'piece' "piece" ...` the way nginx.conf does, or returns nil when the text is
  /// not made only of quoted pieces (then it is a bare format).
  private static func quotedPieces(_ text: ArraySlice<UInt8>) -> [UInt8]? {
    var result: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
      let quote = text[index]
      guard quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else { return nil }
      index += 1
      var closed = false
      while index < text.endIndex {
        let byte = text[index]
        index += 1
        if byte == quote {
          closed = true
          break
        }
        guard byte == UInt8(ascii: "\\"), index < text.endIndex else {
          result.append(byte)
          continue
        }
        // nginx.conf unescapes these inside quotes and keeps any other backslash.
        let next = text[index]
        switch next {
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): result.append(next)
        case UInt8(ascii: "t"): result.append(9)
        case UInt8(ascii: "r"): result.append(13)
        case UInt8(ascii: "n"): result.append(10)
        default: result.append(contentsOf: [byte, next])
        }
        index += 1
      }
      guard closed else { return nil }
      while index < text.endIndex, text[index].isWhitespace { index += 1 }
    }
    return result
  }

  /// Splits the format text into literals and variables.
  private static func segments(of body: [UInt8]) throws(NginxFormatError) -> [Segment] {
    var segments: [Segment] = []
    var literal: [UInt8] = []
    var index = 0
    func near(_ at: Int) -> String {
      String(decoding: body[at..<min(at + 12, body.count)], as: UTF8.self)
    }
    while index < body.count {
      guard body[index] == UInt8(ascii: "$") else {
        literal.append(body[index])
        index += 1
        continue
      }
      let dollar = index
      let braced = index + 1 < body.count && body[index + 1] == UInt8(ascii: "{")
      var nameEnd = braced ? index + 2 : index + 1
      while nameEnd < body.count, body[nameEnd].isVariableNameByte { nameEnd += 1 }
      let name = String(decoding: body[(braced ? index + 2 : index + 1)..<nameEnd], as: UTF8.self)
      guard !name.isEmpty else { throw .invalidVariable(near: near(dollar)) }
      if braced {
        guard nameEnd < body.count, body[nameEnd] == UInt8(ascii: "}") else {
          throw .unterminatedBrace(name: name)
        }
        nameEnd += 1
      }
      if !literal.isEmpty {
        segments.append(.literal(String(decoding: literal, as: UTF8.self)))
        literal.removeAll(keepingCapacity: true)
      } else if case .variable(let previous) = segments.last {
        throw .adjacentVariables(previous, name)
      }
      segments.append(.variable(name))
      index = nameEnd
    }
    if !literal.isEmpty { segments.append(.literal(String(decoding: literal, as: UTF8.self))) }
    return segments
  }
}

extension UInt8 {
  /// Space, tab, CR or LF.
  var isWhitespace: Bool {
    self == UInt8(ascii: " ") || self == 9 || self == 10 || self == 13
  }

  /// A byte nginx allows in a variable name.
  fileprivate var isVariableNameByte: Bool {
    (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z"))
      || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z"))
      || (self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9")) || self == UInt8(ascii: "_")
  }
}

extension ArraySlice<UInt8> {
  /// The slice without leading and trailing whitespace.
  fileprivate func trimmingWhitespace() -> ArraySlice<UInt8> {
    var slice = self
    while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
    while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
    return slice
  }
}
