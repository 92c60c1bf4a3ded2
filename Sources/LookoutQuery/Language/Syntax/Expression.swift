/// An expression with its position in the query text.
public struct Expression: Sendable, Equatable, CustomStringConvertible {
  /// The shape of an expression.
  public indirect enum Kind: Sendable, Equatable {
    /// A field reference, for example `route` or `@timestamp`.
    case field(String)
    /// A constant.
    case literal(Literal)
    /// `*`, only as the argument of `count(*)`.
    case star
    /// `-x` or `not x`.
    case unary(UnaryOperator, Expression)
    /// `a op b`; for `in` the right side is a `.list`, for `like` and `=~` a literal.
    case binary(BinaryOperator, Expression, Expression)
    /// `name(arguments)`.
    case call(String, [Expression])
    /// `[a, b, c]`, the right side of `in`.
    case list([Expression])
  }

  /// The shape.
  public var kind: Kind
  /// Where the expression starts (for operators: where the operator is).
  public var position: SourcePosition

  /// Creates an expression.
  public init(_ kind: Kind, at position: SourcePosition = .start) {
    self.kind = kind
    self.position = position
  }

  /// The expression in canonical form, used for default column names.
  public var description: String {
    switch kind {
    case .field(let name): return Expression.render(field: name)
    case .literal(let literal): return literal.description
    case .star: return "*"
    case .unary(.negate, let operand): return "-\(operand.parenthesized)"
    case .unary(.not, let operand): return "not \(operand.parenthesized)"
    case .binary(let op, let lhs, let rhs):
      return "\(lhs.parenthesized) \(op.rawValue) \(rhs.parenthesized)"
    case .call(let name, let arguments):
      return "\(name)(\(arguments.map(\.description).joined(separator: ", ")))"
    case .list(let items): return "[\(items.map(\.description).joined(separator: ", "))]"
    }
  }

  private var parenthesized: String {
    switch kind {
    case .binary: "(\(description))"
    default: description
    }
  }

  /// A field name as written: bare when it lexes as a name, backquoted otherwise.
  static func render(field name: String) -> String {
    let bytes = Array(name.utf8)
    guard let first = bytes.first, Lexer.isNameStart(first), bytes.allSatisfy(Lexer.isNameContinue),
      bytes.last != UInt8(ascii: ".")
    else { return "`\(name)`" }
    return name
  }
}

/// A constant in a query.
public enum Literal: Sendable, Equatable, CustomStringConvertible {
  /// An integer.
  case int(Int64)
  /// A double.
  case double(Double)
  /// A string.
  case string(String)
  /// `true` or `false`.
  case bool(Bool)
  /// `null`.
  case null
  /// A duration in microseconds, with its spelling (`5m`).
  case duration(Int64, text: String)
  /// A regular expression `/.../`.
  case regex(String)

  /// The literal as written.
  public var description: String {
    switch self {
    case .int(let value): String(value)
    case .double(let value): String(value)
    case .string(let value): Literal.quote(value)
    case .bool(let value): value ? "true" : "false"
    case .null: "null"
    case .duration(_, let text): text
    case .regex(let pattern): "/\(pattern.replacing("/", with: "\\/"))/"
    }
  }

  /// The value of a literal that is a plain value (durations are microseconds).
  public var value: QueryValue {
    switch self {
    case .int(let value): .int(value)
    case .double(let value): .double(value)
    case .string(let value): .string(value)
    case .bool(let value): .bool(value)
    case .null: .null
    case .duration(let micros, _): .int(micros)
    case .regex(let pattern): .string(pattern)
    }
  }

  static func quote(_ text: String) -> String {
    var out = "\""
    for character in text {
      switch character {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      default: out.append(character)
      }
    }
    return out + "\""
  }
}

/// Operators with one operand.
public enum UnaryOperator: String, Sendable, Equatable {
  /// `-x`.
  case negate = "-"
  /// `not x`.
  case not
}

/// Operators with two operands; the raw value is the canonical spelling.
public enum BinaryOperator: String, Sendable, Equatable {
  /// Logical `or` and `and`.
  case or, and
  /// Comparisons.
  case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">"
  case greaterOrEqual = ">="
  /// `x in [a, b]`.
  case `in`
  /// `x like "substring"` or `x like /regex/`.
  case like
  /// `x =~ /regex/`.
  case matches = "=~"
  /// `x !~ /regex/`.
  case notMatches = "!~"
  /// Arithmetic.
  case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", power = "^"
}
