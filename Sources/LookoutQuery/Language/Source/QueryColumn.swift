/// One column of a batch: typed values in a contiguous array plus an optional presence mask.
///
/// The executor works on whole columns, never on one dictionary per row. Low-cardinality
/// strings may arrive as dictionary codes, as the column blocks store them; the executor
/// then filters and groups on the codes.
public struct QueryColumn: Sendable {
  /// The values of a column, one array per type.
  public enum Values: Sendable {
    /// 64-bit integers (also timestamps, in microseconds since the epoch).
    case int([Int64])
    /// Doubles.
    case double([Double])
    /// Strings.
    case string([String])
    /// Booleans.
    case bool([Bool])
    /// Codes into `dictionary`; row `i` holds `dictionary[Int(codes[i])]`.
    case dictionary(codes: [Int32], dictionary: [String])
  }

  /// The values; rows whose `present` entry is false hold an arbitrary placeholder.
  public var values: Values
  /// `nil` when every row has a value, otherwise whether each row has one.
  public var present: [Bool]?

  /// Creates a column.
  ///
  /// - Parameters:
  ///   - values: The values, one per row.
  ///   - present: Whether each row has a value; `nil` means all rows do.
  public init(_ values: Values, present: [Bool]? = nil) {
    self.values = values
    self.present = present
  }

  /// The number of rows.
  public var count: Int {
    switch values {
    case .int(let array): array.count
    case .double(let array): array.count
    case .string(let array): array.count
    case .bool(let array): array.count
    case .dictionary(let codes, _): codes.count
    }
  }

  /// Whether row `row` has a value.
  @inlinable public func isPresent(_ row: Int) -> Bool {
    present.map { $0[row] } ?? true
  }

  /// The value of one row (slow path: for output and rarely used functions).
  public func value(at row: Int) -> QueryValue {
    if let present, !present[row] { return .null }
    switch values {
    case .int(let array): return .int(array[row])
    case .double(let array): return .double(array[row])
    case .string(let array): return .string(array[row])
    case .bool(let array): return .bool(array[row])
    case .dictionary(let codes, let dictionary):
      let code = Int(codes[row])
      return dictionary.indices.contains(code) ? .string(dictionary[code]) : .null
    }
  }

  /// A column of `count` nulls.
  public static func nulls(_ count: Int) -> QueryColumn {
    QueryColumn(
      .int([Int64](repeating: 0, count: count)), present: [Bool](repeating: false, count: count))
  }

  /// Builds a column from row values, picking the narrowest type that holds them all
  /// (integers, then doubles; mixed types become strings).
  public init(values rowValues: [QueryValue]) {
    var sawInt = false
    var sawDouble = false
    var sawString = false
    var sawBool = false
    var sawNull = false
    for value in rowValues {
      switch value {
      case .null: sawNull = true
      case .int: sawInt = true
      case .double: sawDouble = true
      case .string: sawString = true
      case .bool: sawBool = true
      }
    }
    let present = sawNull ? rowValues.map { !$0.isNull } : nil
    if sawString || (sawBool && (sawInt || sawDouble)) {
      self.init(.string(rowValues.map { $0.description }), present: present)
    } else if sawBool {
      self.init(
        .bool(rowValues.map { if case .bool(let b) = $0 { b } else { false } }), present: present)
    } else if sawDouble {
      self.init(.double(rowValues.map { $0.doubleValue ?? 0 }), present: present)
    } else {
      self.init(.int(rowValues.map { if case .int(let i) = $0 { i } else { 0 } }), present: present)
    }
  }
}

/// A batch of rows as named columns of equal length: what a source hands the executor, what
/// each stage passes to the next, and (once materialized) a result table.
public struct QueryBatch: Sendable {
  /// The number of rows.
  public var rowCount: Int
  /// The column names in display order.
  public var names: [String]
  /// The columns, parallel to `names`.
  public var columns: [QueryColumn]

  /// Creates a batch; every column must have `rowCount` rows.
  ///
  /// - Parameters:
  ///   - rowCount: The number of rows.
  ///   - columns: Name and column pairs, in order.
  public init(rowCount: Int, columns: [(String, QueryColumn)]) {
    self.rowCount = rowCount
    self.names = columns.map(\.0)
    self.columns = columns.map(\.1)
  }

  /// An empty batch with no columns.
  public static let empty = QueryBatch(rowCount: 0, columns: [])

  /// The column named `name`, if the batch has it.
  public func column(_ name: String) -> QueryColumn? {
    names.firstIndex(of: name).map { columns[$0] }
  }

  /// Adds a column or replaces the one of the same name.
  public mutating func set(_ name: String, _ column: QueryColumn) {
    if let index = names.firstIndex(of: name) {
      columns[index] = column
    } else {
      names.append(name)
      columns.append(column)
    }
  }
}
