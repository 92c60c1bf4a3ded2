import Foundation

extension QueryColumn {
  /// A column holding `value` in each of `count` rows.
  static func constant(_ value: QueryValue, count: Int) -> QueryColumn {
    switch value {
    case .null: return .nulls(count)
    case .int(let v): return QueryColumn(.int([Int64](repeating: v, count: count)))
    case .double(let v): return QueryColumn(.double([Double](repeating: v, count: count)))
    case .string(let v):
      return QueryColumn(.dictionary(codes: [Int32](repeating: 0, count: count), dictionary: [v]))
    case .bool(let v): return QueryColumn(.bool([Bool](repeating: v, count: count)))
    }
  }

  /// A boolean column from a mask in which false also stands for null.
  static func predicate(_ mask: [Bool]) -> QueryColumn {
    QueryColumn(.bool(mask))
  }

  /// The rows as doubles with presence; strings that read as numbers count (values parsed from
  /// messages are strings), other strings and nulls are absent.
  func numbers() -> (values: [Double], present: [Bool]?) {
    switch values {
    case .int(let a): return (a.map(Double.init), present)
    case .double(let a): return (a, present)
    case .bool(let a): return (a.map { $0 ? 1 : 0 }, present)
    case .string, .dictionary:
      let texts = stringValues()
      var out = [Double](repeating: 0, count: texts.count)
      var mask = present ?? [Bool](repeating: true, count: texts.count)
      for i in texts.indices where mask[i] {
        if let v = Double(texts[i]) { out[i] = v } else { mask[i] = false }
      }
      return (out, mask)
    }
  }

  /// Whether the column holds integers (so sums and extremes can stay integers).
  var holdsIntegers: Bool {
    if case .int = values { return true }
    return false
  }

  /// Whether the column holds text.
  var holdsText: Bool {
    switch values {
    case .string, .dictionary: true
    default: false
    }
  }

  /// The truth of each row: booleans as they are, numbers non-zero, strings non-empty; null
  /// is false.
  func truth() -> [Bool] {
    var out: [Bool]
    switch values {
    case .bool(let a): out = a
    case .int(let a): out = a.map { $0 != 0 }
    case .double(let a): out = a.map { $0 != 0 }
    case .string(let a): out = a.map { !$0.isEmpty }
    case .dictionary(let codes, let dictionary):
      let table = dictionary.map { !$0.isEmpty }
      out = codes.map { table.indices.contains(Int($0)) ? table[Int($0)] : false }
    }
    if let present {
      for i in out.indices where !present[i] { out[i] = false }
    }
    return out
  }
}

extension QueryValue {
  /// Compares like ``compare(_:_:)`` but reads a string as a number when the other side is a
  /// number, as values parsed out of messages are strings.
  static func looseCompare(_ lhs: QueryValue, _ rhs: QueryValue) -> ComparisonResult {
    switch (lhs, rhs) {
    case (.string(let s), .int), (.string(let s), .double):
      if let number = Double(s) { return compare(.double(number), rhs) }
    case (.int, .string(let s)), (.double, .string(let s)):
      if let number = Double(s) { return compare(lhs, .double(number)) }
    default: break
    }
    return compare(lhs, rhs)
  }

  /// The value as text for string functions; null stays nil.
  var text: String? {
    isNull ? nil : description
  }
}
