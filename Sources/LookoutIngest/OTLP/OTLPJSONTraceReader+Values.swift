import Foundation

extension OTLPJSONTraceReader {
  typealias AnyValue = Opentelemetry_Proto_Common_V1_AnyValue
  typealias KeyValue = Opentelemetry_Proto_Common_V1_KeyValue

  /// A list of attributes; elements that are not objects are skipped.
  static func keyValues(_ value: JSONValue) -> [KeyValue] {
    guard let elements = value.array else { return [] }
    var pairs: [KeyValue] = []
    pairs.reserveCapacity(elements.count)
    for element in elements {
      guard let members = element.members else { continue }
      var pair = KeyValue()
      for member in members {
        switch member.key {
        case "key": pair.key = member.value.string ?? pair.key
        case "value":
          if let value = anyValue(member.value) { pair.value = value }
        default: continue
        }
      }
      pairs.append(pair)
    }
    return pairs
  }

  /// An `AnyValue` object: the last of its recognised members that has the right type.
  static func anyValue(_ value: JSONValue) -> AnyValue? {
    guard let members = value.members else { return nil }
    var result = AnyValue()
    for member in members {
      switch member.key {
      case "stringValue", "string_value":
        if let text = member.value.string { result.value = .stringValue(text) }
      case "boolValue", "bool_value":
        if let flag = member.value.bool { result.value = .boolValue(flag) }
      case "intValue", "int_value":
        if let number = signed(member.value) { result.value = .intValue(number) }
      case "doubleValue", "double_value":
        if let number = double(member.value) { result.value = .doubleValue(number) }
      case "bytesValue", "bytes_value":
        if let text = member.value.string, let bytes = Base64Decoding.decode(Array(text.utf8)) {
          result.value = .bytesValue(Data(bytes))
        }
      case "arrayValue", "array_value":
        guard let fields = member.value.members else { continue }
        var array = Opentelemetry_Proto_Common_V1_ArrayValue()
        for field in fields where field.key == "values" {
          array.values = (field.value.array ?? []).map { anyValue($0) ?? AnyValue() }
        }
        result.value = .arrayValue(array)
      case "kvlistValue", "kvlist_value":
        guard let fields = member.value.members else { continue }
        var list = Opentelemetry_Proto_Common_V1_KeyValueList()
        for field in fields where field.key == "values" {
          list.values = keyValues(field.value)
        }
        result.value = .kvlistValue(list)
      default: continue
      }
    }
    return result
  }

  /// An int64: a decimal string or an integral number.
  static func signed(_ value: JSONValue) -> Int64? {
    let text: String
    switch value {
    case .string(let string): text = string
    case .number(let number): text = number
    default: return nil
    }
    return Int64(text) ?? Double(text).flatMap { Int64(exactly: $0) }
  }

  /// A fixed64 or uint64: a decimal string or an integral number, not negative.
  static func unsigned(_ value: JSONValue) -> UInt64? {
    let text: String
    switch value {
    case .string(let string): text = string
    case .number(let number): text = number
    default: return nil
    }
    return UInt64(text) ?? Double(text).flatMap { UInt64(exactly: $0) }
  }

  /// A uint32 count.
  static func count(_ value: JSONValue) -> UInt32? {
    unsigned(value).flatMap { UInt32(exactly: $0) }
  }

  /// A double: a number, or a string holding one or `NaN`, `Infinity`, `-Infinity`.
  static func double(_ value: JSONValue) -> Double? {
    switch value {
    case .number(let text): Double(text)
    case .string("NaN"): .nan
    case .string("Infinity"): .infinity
    case .string("-Infinity"): -.infinity
    case .string(let text): Double(text).flatMap { $0.isFinite ? $0 : nil }
    default: nil
    }
  }

  /// An enum: its integer value, or its name from `names` (indexed by value).
  static func enumeration(_ value: JSONValue, names: [String]) -> Int? {
    switch value {
    case .number(let text): Int32(text).map(Int.init)
    case .string(let name): names.firstIndex(of: name) ?? Int32(name).map(Int.init)
    default: nil
    }
  }
}
