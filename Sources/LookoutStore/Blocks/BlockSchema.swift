/// The physical type of one column in a block.
///
/// Each kind has its own encodings (see `ColumnCodec`) and its own way to say "absent":
/// `Int64.min` for ``int64``, NaN for ``float64``, id 0 for ``dictionary`` and the empty
/// string for ``string``.
public enum ColumnKind: UInt8, Sendable, Hashable, CaseIterable {
  /// 64-bit signed integers (timestamps, durations, sizes, status codes); `Int64.min` is absent.
  case int64 = 1
  /// 64-bit floating-point values; NaN is absent.
  case float64 = 2
  /// Ids into a ``StringDictionary`` for low-cardinality strings; id 0 is the empty string.
  case dictionary = 3
  /// High-cardinality text (URLs, user agents, messages) stored in the block itself.
  case string = 4
}

/// The name and kind of one column of a ``BlockSchema``.
public struct ColumnSpec: Sendable, Hashable {
  /// Column name, unique within its schema (`"ts"`, `"route"`, `"duration"`).
  public var name: String
  /// Physical type of the column.
  public var kind: ColumnKind
  /// Position of a ``ColumnKind/dictionary`` column whose ids this column's encoding may
  /// depend on, or nil. A URL path column given its route: the shape of the path (which
  /// placeholders it has) is then stored once per route instead of once per row.
  public var context: Int?
  /// Whether a ``ColumnKind/string`` column also tries the tokenized encoding (ids, UUIDs
  /// and hex stored in binary). It pays for URL paths; for text with few such tokens
  /// (span attributes, statements) it only costs encoding time.
  public var tokenize: Bool

  /// Creates a column description.
  ///
  /// ```swift
  /// let duration = ColumnSpec("duration", .int64)
  /// let path = ColumnSpec("path", .string, context: 4)  // column 4: the route ids
  /// ```
  public init(_ name: String, _ kind: ColumnKind, context: Int? = nil, tokenize: Bool = true) {
    self.name = name
    self.kind = kind
    self.context = context
    self.tokenize = tokenize
  }
}

/// The columns of one signal's block table, in storage order.
///
/// `columns[0]` must be `("ts", .int64)`: microsecond timestamps, by which every block is
/// sorted and selected. Columns may be appended to a schema later (blocks written before
/// read the new column as absent); existing columns must never change kind or position.
///
/// ```swift
/// let schema = BlockSchema(table: "requests", columns: [
///   ColumnSpec("ts", .int64), ColumnSpec("route", .dictionary),
///   ColumnSpec("status", .int64), ColumnSpec("url", .string),
/// ])
/// ```
public struct BlockSchema: Sendable, Hashable {
  /// Table name prefix: blocks live in `{table}_blocks` and `{table}_columns`.
  ///
  /// Letters, digits and `_`, not starting with a digit, since it is part of SQL names.
  public var table: String
  /// The columns, `columns[0]` being the `ts` timestamp column.
  public var columns: [ColumnSpec]

  /// Creates a schema; ``BlockStore/init(schema:)`` checks it.
  public init(table: String, columns: [ColumnSpec]) {
    self.table = table
    self.columns = columns
  }

  /// The position of the column named `name`, if there is one.
  public func index(of name: String) -> Int? {
    columns.firstIndex { $0.name == name }
  }

  /// Why this schema cannot be used, or nil when it is valid.
  var problem: String? {
    if !Self.isIdentifier(table) {
      return "table name '\(table)' must be letters, digits and '_', not starting with a digit"
    }
    guard let first = columns.first, first.name == "ts", first.kind == .int64 else {
      return "columns[0] must be (\"ts\", .int64)"
    }
    if Set(columns.map(\.name)).count != columns.count {
      return "column names must be unique"
    }
    for (index, column) in columns.enumerated() {
      guard let context = column.context else { continue }
      guard context != index, columns.indices.contains(context),
        columns[context].kind == .dictionary
      else {
        return "the context of column '\(column.name)' must be another, dictionary column"
      }
    }
    return nil
  }

  /// Whether `name` can be spliced into SQL as an identifier without quoting.
  static func isIdentifier(_ name: String) -> Bool {
    guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
    else { return false }
    return name.utf8.allSatisfy { byte in
      (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
        || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
    }
  }
}
