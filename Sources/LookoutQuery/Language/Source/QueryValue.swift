import Foundation

/// One cell of a query result: a typed scalar or null.
///
/// Encodes to JSON as the plain value (`null`, a number, a string or a boolean), so the HTTP
/// API and the CLI print results without a wrapper per cell.
public enum QueryValue: Sendable, Hashable, Codable, CustomStringConvertible {
  /// No value: a missing field, a failed parse, an undefined function result.
  case null
  /// A 64-bit integer; timestamps are integers in microseconds since the epoch.
  case int(Int64)
  /// A double.
  case double(Double)
  /// A string.
  case string(String)
  /// A boolean.
  case bool(Bool)

  /// Decodes a plain JSON value.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int64.self) {
      self = .int(value)
    } else if let value = try? container.decode(Double.self) {
      self = .double(value)
    } else {
      self = .string(try container.decode(String.self))
    }
  }

  /// Encodes the plain value; a non-finite double becomes `null`, which JSON cannot carry.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .int(let value): try container.encode(value)
    case .double(let value):
      if value.isFinite { try container.encode(value) } else { try container.encodeNil() }
    case .string(let value): try container.encode(value)
    case .bool(let value): try container.encode(value)
    }
  }

  /// Whether the value is `.null`.
  public var isNull: Bool {
    if case .null = self { return true }
    return false
  }

  /// The value as a double when it is numeric (integers widen, booleans are 0 or 1).
  public var doubleValue: Double? {
    switch self {
    case .int(let value): Double(value)
    case .double(let value): value
    case .bool(let value): value ? 1 : 0
    case .null, .string: nil
    }
  }

  /// The value as text, as the table and CSV formatters print it; null is the empty string.
  public var description: String {
    switch self {
    case .null: ""
    case .int(let value): String(value)
    case .double(let value): QueryValue.format(value)
    case .string(let value): value
    case .bool(let value): value ? "true" : "false"
    }
  }

  /// Prints integral doubles without a fraction (`12`, not `12.0`) and others in the
  /// shortest form that reads back to the same double.
  static func format(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Inf" : "Inf" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
  }
}

/// The type of a field a source offers.
public enum QueryFieldType: String, Sendable, Hashable, Codable {
  /// 64-bit integers.
  case int
  /// Doubles.
  case double
  /// Strings.
  case string
  /// Booleans.
  case bool
  /// Integers in microseconds since the Unix epoch (`@timestamp`).
  case timestamp
}

/// A field a source offers: its name, type, and whether equality filters on it are cheap.
public struct QueryFieldInfo: Sendable, Hashable, Codable {
  /// The name queries use, for example `route`, `http.status` or `@timestamp`.
  public var name: String
  /// The type of the field's values.
  public var type: QueryFieldType
  /// Whether the source keeps the field dictionary-encoded, so that equality and `in`
  /// filters on it can be pushed down (and a rollup may group by it).
  public var isDictionary: Bool

  /// Creates a field description.
  public init(name: String, type: QueryFieldType, isDictionary: Bool = false) {
    self.name = name
    self.type = type
    self.isDictionary = isDictionary
  }
}

extension QueryValue {
  /// Orders two values: null first, then numbers (integers and doubles compare by value),
  /// then strings, then booleans; values of one kind compare naturally.
  public static func compare(_ lhs: QueryValue, _ rhs: QueryValue) -> ComparisonResult {
    switch (lhs, rhs) {
    case (.int(let a), .int(let b)):
      return a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame)
    case (.string(let a), .string(let b)):
      return a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame)
    case (.bool(let a), .bool(let b)):
      return a == b ? .orderedSame : (!a ? .orderedAscending : .orderedDescending)
    case (.null, .null): return .orderedSame
    case (.null, _): return .orderedAscending
    case (_, .null): return .orderedDescending
    default:
      if let a = lhs.doubleValue, let b = rhs.doubleValue, !lhs.isBool, !rhs.isBool {
        return a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame)
      }
      return lhs.kindRank < rhs.kindRank
        ? .orderedAscending : (lhs.kindRank > rhs.kindRank ? .orderedDescending : .orderedSame)
    }
  }

  private var isBool: Bool {
    if case .bool = self { return true }
    return false
  }

  private var kindRank: Int {
    switch self {
    case .null: 0
    case .int, .double: 1
    case .string: 2
    case .bool: 3
    }
  }
}
