import LookoutCore

/// Which spans a search keeps. Every condition set must hold; string conditions are
/// resolved to dictionary ids once, so blocks without the ids are skipped unread.
public struct SpanFilter: Sendable, Hashable {
  /// Only spans of this environment.
  public var environment: String?
  /// Only spans of one of these services.
  public var services: Set<String>?
  /// Only spans with one of these operation names.
  public var operations: Set<String>?
  /// Only spans of one of these kinds.
  public var kinds: Set<SpanRecord.Kind>?
  /// Duration bounds, µs, inclusive.
  public var minDuration: Int64?
  public var maxDuration: Int64?
  /// Only spans with one of these outcomes.
  public var outcomes: Set<SpanOutcome>?
  /// HTTP status bounds, inclusive.
  public var httpStatus: ClosedRange<Int64>?
  /// Conditions on attributes (X-Ray annotations are `annotation.<key>` attributes).
  public var attributes: [AttributeCondition]
  /// Only root spans (no parent).
  public var rootsOnly: Bool

  public init(
    environment: String? = nil, services: Set<String>? = nil, operations: Set<String>? = nil,
    kinds: Set<SpanRecord.Kind>? = nil, minDuration: Int64? = nil, maxDuration: Int64? = nil,
    outcomes: Set<SpanOutcome>? = nil, httpStatus: ClosedRange<Int64>? = nil,
    attributes: [AttributeCondition] = [], rootsOnly: Bool = false
  ) {
    self.environment = environment
    self.services = services
    self.operations = operations
    self.kinds = kinds
    self.minDuration = minDuration
    self.maxDuration = maxDuration
    self.outcomes = outcomes
    self.httpStatus = httpStatus
    self.attributes = attributes
    self.rootsOnly = rootsOnly
  }
}

/// A condition on one attribute.
public struct AttributeCondition: Sendable, Hashable {
  /// How the attribute's value is compared.
  public enum Comparison: String, Sendable, Hashable {
    case equals = "="
    case notEquals = "!="
    case contains = "contains"
    case exists = "exists"
    case greater = ">"
    case greaterOrEqual = ">="
    case less = "<"
    case lessOrEqual = "<="
  }

  public var key: String
  public var comparison: Comparison
  /// The value compared with (numbers compare numerically when both sides are numbers).
  public var value: String

  public init(key: String, comparison: Comparison, value: String = "") {
    self.key = key
    self.comparison = comparison
    self.value = value
  }

  /// The condition with its search needles built once, for scans.
  var compiled: CompiledAttributeCondition { CompiledAttributeCondition(self) }
}

/// An ``AttributeCondition`` ready to test stored attribute texts.
struct CompiledAttributeCondition: Sendable {
  let key: String
  let comparison: AttributeCondition.Comparison
  let value: String
  let equalsNeedle: [UInt8]
  let keyNeedle: [UInt8]

  init(_ condition: AttributeCondition) {
    key = condition.key
    comparison = condition.comparison
    value = condition.value
    equalsNeedle = Array(SpanAttributeText.needle(key: key, value: value).utf8)
    keyNeedle = Array(SpanAttributeText.keyNeedle(key).utf8)
  }

  /// Whether the attributes of a span, in their stored text form, satisfy the condition.
  func matches(storedText text: String) -> Bool {
    switch comparison {
    case .equals:
      return SpanAttributeText.contains(equalsNeedle, in: text)
    case .notEquals:
      return !SpanAttributeText.contains(equalsNeedle, in: text)
    case .exists:
      return SpanAttributeText.contains(keyNeedle, in: text)
    case .contains:
      guard let found = SpanAttributeText.value(of: key, in: text) else { return false }
      return value.isEmpty || found.contains(value)
    case .greater, .greaterOrEqual, .less, .lessOrEqual:
      guard let found = SpanAttributeText.value(of: key, in: text) else { return false }
      if let left = Double(found), let right = Double(value) {
        return compare(left, right)
      }
      return compare(String(found), value)
    }
  }

  private func compare<T: Comparable>(_ left: T, _ right: T) -> Bool {
    switch comparison {
    case .greater: left > right
    case .greaterOrEqual: left >= right
    case .less: left < right
    case .lessOrEqual: left <= right
    default: false
    }
  }
}
