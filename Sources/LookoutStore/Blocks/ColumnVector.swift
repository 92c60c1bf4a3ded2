/// The values of one column for a run of rows, as a contiguous typed array.
///
/// Absent values: `Int64.min` in ``int64(_:)``, NaN in ``float64(_:)``, id 0 in
/// ``dictionary(_:)`` (the empty string) and `""` in ``string(_:)``.
///
/// ```swift
/// if case .int64(let durations) = vectors[2] {
///   total = durations.reduce(0) { $1 == .min ? $0 : $0 + $1 }
/// }
/// ```
public enum ColumnVector: Sendable {
  /// 64-bit integers; `Int64.min` is absent.
  case int64([Int64])
  /// Floating-point values; NaN is absent.
  case float64([Double])
  /// Ids into a ``StringDictionary``; 0 is the empty string.
  case dictionary([UInt32])
  /// Text values stored in the block.
  case string([String])

  /// The kind of column these values belong in.
  public var kind: ColumnKind {
    switch self {
    case .int64: .int64
    case .float64: .float64
    case .dictionary: .dictionary
    case .string: .string
    }
  }

  /// Number of values (rows).
  public var count: Int {
    switch self {
    case .int64(let values): values.count
    case .float64(let values): values.count
    case .dictionary(let values): values.count
    case .string(let values): values.count
    }
  }

  /// The values when this is an ``int64(_:)`` vector, else nil.
  public var int64Values: [Int64]? {
    if case .int64(let values) = self { values } else { nil }
  }

  /// The values when this is a ``float64(_:)`` vector, else nil.
  public var float64Values: [Double]? {
    if case .float64(let values) = self { values } else { nil }
  }

  /// The ids when this is a ``dictionary(_:)`` vector, else nil.
  public var dictionaryIDs: [UInt32]? {
    if case .dictionary(let values) = self { values } else { nil }
  }

  /// The values when this is a ``string(_:)`` vector, else nil.
  public var stringValues: [String]? {
    if case .string(let values) = self { values } else { nil }
  }

  /// A vector of `count` absent values of `kind`.
  /// The values of `rows` (indices into this vector), in that order.
  public func selecting(_ rows: [Int]) -> ColumnVector {
    switch self {
    case .int64(let values): .int64(rows.map { values[$0] })
    case .float64(let values): .float64(rows.map { values[$0] })
    case .dictionary(let values): .dictionary(rows.map { values[$0] })
    case .string(let values): .string(rows.map { values[$0] })
    }
  }

  public static func absent(_ kind: ColumnKind, count: Int) -> ColumnVector {
    switch kind {
    case .int64: .int64(Array(repeating: .min, count: count))
    case .float64: .float64(Array(repeating: .nan, count: count))
    case .dictionary: .dictionary(Array(repeating: 0, count: count))
    case .string: .string(Array(repeating: "", count: count))
    }
  }

  /// The values reordered so that element `i` is `self[order[i]]`.
  func permuted(by order: [Int]) -> ColumnVector {
    switch self {
    case .int64(let values): .int64(order.map { values[$0] })
    case .float64(let values): .float64(order.map { values[$0] })
    case .dictionary(let values): .dictionary(order.map { values[$0] })
    case .string(let values): .string(order.map { values[$0] })
    }
  }

  /// The values of `parts`, which must all be of `kind`, one after the other.
  static func concatenate(_ parts: [ColumnVector], kind: ColumnKind) -> ColumnVector {
    func joined<Element>(_ extract: (ColumnVector) -> [Element]?) -> [Element] {
      var all: [Element] = []
      all.reserveCapacity(parts.reduce(0) { $0 + $1.count })
      for part in parts {
        guard let values = extract(part) else {
          preconditionFailure("concatenating \(part.kind) values into a \(kind) column")
        }
        all.append(contentsOf: values)
      }
      return all
    }
    switch kind {
    case .int64: return .int64(joined(\.int64Values))
    case .float64: return .float64(joined(\.float64Values))
    case .dictionary: return .dictionary(joined(\.dictionaryIDs))
    case .string: return .string(joined(\.stringValues))
    }
  }
}
