import LookoutCore
import LookoutStore

/// The trace search language, close to X-Ray's filter expressions: clauses joined by `AND`.
///
/// ```text
/// service("orders") AND duration > 1s AND http.status = 500
/// annotation.customer = "acme" AND fault
/// name = "GET /orders/{id}" AND kind = server AND root
/// ```
///
/// Clauses: `service = "x"` or `service("x")`, `name` / `operation` `= "x"`, `kind =
/// server|client|internal|producer|consumer`, `duration` / `responsetime` compared with a
/// duration (`250ms`, `1.5s`, `2m`; a bare number is seconds, as in X-Ray), `http.status`
/// compared with a number (or `= 5xx`), the flags `fault`, `error` (4xx), `ok`, `root`,
/// and any attribute: `http.method`, `http.url`, `http.route` (X-Ray's names, mapped to the
/// OpenTelemetry keys spans store), `annotation.<key>`, or an attribute key as stored,
/// compared with `=`, `!=`, `<`, `<=`, `>`, `>=` or `CONTAINS`, or alone (the key exists).
/// Strings are double-quoted (`\"` and `\\` escapes) or bare words.
public enum TraceFilterExpression {
  /// Why an expression was refused, with the position (0-based UTF-8 offset) it points at.
  public struct ParseError: Error, CustomStringConvertible, Sendable {
    public var position: Int
    public var message: String
    public var description: String { "at \(position): \(message)" }
  }

  /// The filter `text` describes; an empty text keeps every span.
  /// - Throws: ``ParseError``.
  public static func parse(_ text: String) throws(ParseError) -> SpanFilter {
    var parser = Parser(tokens: try Lexer.tokens(text), end: text.utf8.count)
    return try parser.parseFilter()
  }

  /// Attribute names of X-Ray filter expressions and the keys spans store them under.
  static let attributeAliases = [
    "http.method": "http.request.method", "http.url": "url.full",
    "http.useragent":
      "user_agent.original", "http.clientip": "client.address", "http.route": "http.route",
  ]

  enum Token: Equatable {
    case word(String)
    case string(String)
    case op(String)
    case open, close, braceOpen, braceClose
  }

  struct Located {
    var token: Token
    var position: Int
  }

  enum Lexer {
    static func tokens(_ text: String) throws(ParseError) -> [Located] {
      let bytes = Array(text.utf8)
      var tokens: [Located] = []
      var index = 0
      func isWordByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
          || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
          || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
          || "._-/:@*".utf8.contains(byte)
      }
      while index < bytes.count {
        let byte = bytes[index]
        let start = index
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
          index += 1
        case UInt8(ascii: "("):
          tokens.append(Located(token: .open, position: start))
          index += 1
        case UInt8(ascii: ")"):
          tokens.append(Located(token: .close, position: start))
          index += 1
        case UInt8(ascii: "{"):
          tokens.append(Located(token: .braceOpen, position: start))
          index += 1
        case UInt8(ascii: "}"):
          tokens.append(Located(token: .braceClose, position: start))
          index += 1
        case UInt8(ascii: "\""):
          index += 1
          var value: [UInt8] = []
          var closed = false
          while index < bytes.count {
            let current = bytes[index]
            if current == UInt8(ascii: "\\"), index + 1 < bytes.count {
              value.append(bytes[index + 1])
              index += 2
            } else if current == UInt8(ascii: "\"") {
              closed = true
              index += 1
              break
            } else {
              value.append(current)
              index += 1
            }
          }
          guard closed else { throw ParseError(position: start, message: "unclosed string") }
          tokens.append(
            Located(token: .string(String(decoding: value, as: UTF8.self)), position: start))
        case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">"):
          var op = String(UnicodeScalar(byte))
          index += 1
          if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
            op += "="
            index += 1
          }
          if op == "!" { throw ParseError(position: start, message: "expected != ") }
          if op == "==" { op = "=" }
          tokens.append(Located(token: .op(op), position: start))
        case UInt8(ascii: "&"):
          guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "&") else {
            throw ParseError(position: start, message: "expected &&")
          }
          tokens.append(Located(token: .word("AND"), position: start))
          index += 2
        default:
          guard isWordByte(byte) else {
            throw ParseError(
              position: start, message: "unexpected character '\(UnicodeScalar(byte))'")
          }
          while index < bytes.count, isWordByte(bytes[index]) { index += 1 }
          tokens.append(
            Located(
              token: .word(String(decoding: bytes[start..<index], as: UTF8.self)),
              position: start))
        }
      }
      return tokens
    }
  }

  struct Parser {
    var tokens: [Located]
    var end: Int
    var index = 0
    var result = SpanFilter()

    var position: Int { index < tokens.count ? tokens[index].position : end }

    mutating func next() -> Token? {
      guard index < tokens.count else { return nil }
      defer { index += 1 }
      return tokens[index].token
    }

    func peek() -> Token? { index < tokens.count ? tokens[index].token : nil }

    mutating func parseFilter() throws(ParseError) -> SpanFilter {
      guard peek() != nil else { return result }
      try clause()
      while let token = peek() {
        guard case .word(let word) = token, word.uppercased() == "AND" else {
          throw ParseError(position: position, message: "expected AND between conditions")
        }
        index += 1
        try clause()
      }
      return result
    }

    mutating func clause() throws(ParseError) {
      let start = position
      guard case .word(let word)? = next() else {
        throw ParseError(position: start, message: "expected a condition")
      }
      let name = word.lowercased()
      switch name {
      case "fault": result.outcomes = intersect(result.outcomes, [.fault])
      case "error": result.outcomes = intersect(result.outcomes, [.clientError])
      case "ok": result.outcomes = intersect(result.outcomes, [.ok])
      case "root": result.rootsOnly = true
      case "service" where peek() == .open:
        index += 1
        let value = try value()
        guard next() == .close else {
          throw ParseError(position: position, message: "expected ) after the service name")
        }
        result.services = [value]
        if peek() == .braceOpen {
          index += 1
          while let token = peek(), token != .braceClose {
            try clause()
            if case .word(let and)? = peek(), and.uppercased() == "AND" { index += 1 }
          }
          guard next() == .braceClose else {
            throw ParseError(position: position, message: "expected }")
          }
        }
      default:
        try comparison(field: word, at: start)
      }
    }

    mutating func comparison(field: String, at start: Int) throws(ParseError) {
      let name = field.lowercased()
      guard case .op(let op)? = peek() else {
        if case .word(let word)? = peek(), word.uppercased() == "CONTAINS" {
          index += 1
          let value = try value()
          result.attributes.append(
            AttributeCondition(key: attributeKey(field), comparison: .contains, value: value))
          return
        }
        // A bare attribute name: the attribute is present.
        guard !["service", "name", "operation", "kind", "duration", "responsetime"].contains(name)
        else {
          throw ParseError(position: position, message: "expected a comparison after \(field)")
        }
        result.attributes.append(AttributeCondition(key: attributeKey(field), comparison: .exists))
        return
      }
      index += 1
      let valuePosition = position
      let value = try value()
      switch name {
      case "service", "name", "operation", "kind":
        guard op == "=" else {
          throw ParseError(position: start, message: "\(field) can only be compared with =")
        }
        if name == "service" {
          result.services = [value]
        } else if name == "kind" {
          guard let kind = SpanRecord.Kind(rawValue: value.lowercased()) else {
            throw ParseError(
              position: valuePosition,
              message: "kind is one of server, client, internal, producer, consumer")
          }
          result.kinds = [kind]
        } else {
          result.operations = [value]
        }
      case "duration", "responsetime":
        guard let micros = TraceFilterExpression.duration(value) else {
          throw ParseError(
            position: valuePosition, message: "expected a duration such as 250ms or 1.5s")
        }
        try bound(op, micros, at: start, min: &result.minDuration, max: &result.maxDuration)
      case "http.status", "http.status_code", "http.response.status_code":
        var low = result.httpStatus?.lowerBound
        var high = result.httpStatus?.upperBound
        if value.count == 3, value.lowercased().hasSuffix("xx"), let digit = Int64(value.prefix(1)),
          op == "="
        {
          low = digit * 100
          high = digit * 100 + 99
        } else {
          guard let code = Int64(value) else {
            throw ParseError(position: valuePosition, message: "expected a status code")
          }
          try bound(op, code, at: start, min: &low, max: &high)
        }
        result.httpStatus = (low ?? 0)...(high ?? 999)
      default:
        let comparison: AttributeCondition.Comparison
        switch op {
        case "=": comparison = .equals
        case "!=": comparison = .notEquals
        case ">": comparison = .greater
        case ">=": comparison = .greaterOrEqual
        case "<": comparison = .less
        default: comparison = .lessOrEqual
        }
        result.attributes.append(
          AttributeCondition(key: attributeKey(field), comparison: comparison, value: value))
      }
    }

    /// Applies `op value` to an inclusive range's bounds.
    func bound(
      _ op: String, _ value: Int64, at start: Int, min: inout Int64?, max: inout Int64?
    ) throws(ParseError) {
      switch op {
      case ">": min = Swift.max(min ?? .min, value + 1)
      case ">=": min = Swift.max(min ?? .min, value)
      case "<": max = Swift.min(max ?? .max, value - 1)
      case "<=": max = Swift.min(max ?? .max, value)
      case "=":
        min = value
        max = value
      default:
        throw ParseError(position: start, message: "\(op) cannot compare this field")
      }
    }

    mutating func value() throws(ParseError) -> String {
      let start = position
      switch next() {
      case .string(let text)?: return text
      case .word(let text)?: return text
      default: throw ParseError(position: start, message: "expected a value")
      }
    }

    func attributeKey(_ field: String) -> String {
      TraceFilterExpression.attributeAliases[field.lowercased()] ?? field
    }

    func intersect(_ current: Set<SpanOutcome>?, _ new: Set<SpanOutcome>) -> Set<SpanOutcome> {
      current.map { $0.intersection(new) } ?? new
    }
  }

  /// Microseconds of `250ms`, `1.5s`, `2m`, `100us`; a bare number is seconds.
  static func duration(_ text: String) -> Int64? {
    let units: [(String, Double)] = [
      ("us", 1), ("µs", 1), ("ms", 1_000), ("s", 1_000_000), ("m", 60_000_000),
      ("h", 3_600_000_000),
    ]
    let lower = text.lowercased()
    for (suffix, scale) in units where lower.hasSuffix(suffix) {
      guard let number = Double(lower.dropLast(suffix.count)), number >= 0 else { return nil }
      return Int64((number * scale).rounded())
    }
    guard let seconds = Double(lower), seconds >= 0 else { return nil }
    return Int64((seconds * 1_000_000).rounded())
  }
}
