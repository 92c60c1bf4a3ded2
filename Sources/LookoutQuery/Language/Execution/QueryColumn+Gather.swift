extension QueryColumn {
  /// The rows `range`, as a new column.
  public func slice(_ range: Range<Int>) -> QueryColumn {
    let mask = present.map { Array($0[range]) }
    switch values {
    case .int(let a): return QueryColumn(.int(Array(a[range])), present: mask)
    case .double(let a): return QueryColumn(.double(Array(a[range])), present: mask)
    case .string(let a): return QueryColumn(.string(Array(a[range])), present: mask)
    case .bool(let a): return QueryColumn(.bool(Array(a[range])), present: mask)
    case .dictionary(let codes, let dictionary):
      return QueryColumn(
        .dictionary(codes: Array(codes[range]), dictionary: dictionary), present: mask)
    }
  }

  /// The rows at `rows`, in that order, as a new column.
  public func gather(_ rows: [Int]) -> QueryColumn {
    let mask = present.map { mask in rows.map { mask[$0] } }
    switch values {
    case .int(let a): return QueryColumn(.int(rows.map { a[$0] }), present: mask)
    case .double(let a): return QueryColumn(.double(rows.map { a[$0] }), present: mask)
    case .string(let a): return QueryColumn(.string(rows.map { a[$0] }), present: mask)
    case .bool(let a): return QueryColumn(.bool(rows.map { a[$0] }), present: mask)
    case .dictionary(let codes, let dictionary):
      return QueryColumn(
        .dictionary(codes: rows.map { codes[$0] }, dictionary: dictionary), present: mask)
    }
  }

  /// Appends the rows of `other`; columns of different types meet as strings, dictionary
  /// columns are decoded.
  public mutating func append(_ other: QueryColumn) {
    let newMask: [Bool]? =
      (present == nil && other.present == nil)
      ? nil
      : (present ?? [Bool](repeating: true, count: count))
        + (other.present ?? [Bool](repeating: true, count: other.count))
    switch (values, other.values) {
    case (.int(let a), .int(let b)): values = .int(a + b)
    case (.double(let a), .double(let b)): values = .double(a + b)
    case (.int(let a), .double(let b)): values = .double(a.map(Double.init) + b)
    case (.double(let a), .int(let b)): values = .double(a + b.map(Double.init))
    case (.bool(let a), .bool(let b)): values = .bool(a + b)
    default:
      values = .string(stringValues() + other.stringValues())
    }
    present = newMask
  }

  /// Every row as text (nulls as empty strings); dictionary codes decoded.
  public func stringValues() -> [String] {
    switch values {
    case .string(let a): return a
    case .dictionary(let codes, let dictionary):
      return codes.map { dictionary.indices.contains(Int($0)) ? dictionary[Int($0)] : "" }
    default: return (0..<count).map { value(at: $0).description }
    }
  }
}

extension QueryBatch {
  /// The rows at `rows`, in that order.
  public func gather(_ rows: [Int]) -> QueryBatch {
    QueryBatch(
      rowCount: rows.count, columns: zip(names, columns.map { $0.gather(rows) }).map { ($0, $1) })
  }

  /// The value of `name` at `row`, or null when the batch lacks the column.
  public func value(_ name: String, at row: Int) -> QueryValue {
    column(name)?.value(at: row) ?? .null
  }
}
