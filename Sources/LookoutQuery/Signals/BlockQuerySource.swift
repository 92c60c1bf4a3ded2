import Foundation
import GRDB
import LookoutCore
import LookoutStore
import Synchronization

/// How one field of the query language is read from the columns of a block store.
public struct BlockField: Sendable {
  /// How stored values become query values. Absent stored values (`Int64.min`, dictionary
  /// id 0, `""`) read as null.
  public enum Conversion: Sendable {
    /// An integer column as it is (also `@timestamp`, microseconds).
    case integer
    /// An integer column divided by a unit, as a double (microseconds to milliseconds: 1000).
    case scaled(Double)
    /// A dictionary column, as codes into the store's dictionary of `column`.
    case dictionary(column: String)
    /// A text column.
    case text
    /// Computed from the block's columns at `BlockField/columns` (all decoded), with the
    /// row count: ids rendered as hex, codes as names.
    case derived(@Sendable ([Int: ColumnVector], Int) -> QueryColumn)
  }

  /// The field as queries name it, with its type.
  public var info: QueryFieldInfo
  /// The schema positions the field reads (one, or several for derived fields).
  public var columns: [Int]
  /// How values are converted.
  public var conversion: Conversion

  /// Creates a field.
  public init(_ info: QueryFieldInfo, columns: [Int], _ conversion: Conversion) {
    self.info = info
    self.columns = columns
    self.conversion = conversion
  }

  /// An integer field of one column.
  public static func integer(_ name: String, _ column: Int, type: QueryFieldType = .int) -> Self {
    Self(QueryFieldInfo(name: name, type: type), columns: [column], .integer)
  }

  /// A field of one integer column divided by `unit`, as a double (durations in
  /// milliseconds from microseconds: 1000).
  public static func scaled(_ name: String, _ column: Int, dividedBy unit: Double) -> Self {
    Self(QueryFieldInfo(name: name, type: .double), columns: [column], .scaled(unit))
  }

  /// A dictionary field of one column, named `dictionaryColumn` in the store's dictionary.
  public static func dictionary(_ name: String, _ column: Int, dictionaryColumn: String) -> Self {
    Self(
      QueryFieldInfo(name: name, type: .string, isDictionary: true), columns: [column],
      .dictionary(column: dictionaryColumn))
  }

  /// A text field of one column.
  public static func text(_ name: String, _ column: Int) -> Self {
    Self(QueryFieldInfo(name: name, type: .string), columns: [column], .text)
  }

  /// The attribute `key`, read from a column of attribute text (``SpanAttributeText``
  /// form, which log attributes share); null where a row lacks it. Nil for names that
  /// cannot be attributes (empty, or `@` fields).
  public static func attribute(_ key: String, column: Int) -> Self? {
    guard !key.isEmpty, !key.hasPrefix("@") else { return nil }
    return Self(
      QueryFieldInfo(name: key, type: .string), columns: [column],
      .derived { vectors, count in
        guard let texts = vectors[column]?.stringValues else { return .nulls(count) }
        var present = [Bool](repeating: false, count: count)
        var values = [String](repeating: "", count: count)
        for (row, text) in texts.enumerated() {
          if let value = SpanAttributeText.value(of: key, in: text) {
            values[row] = String(value)
            present[row] = true
          }
        }
        return QueryColumn(.string(values), present: present)
      })
  }
}

/// A ``QuerySource`` over a ``BlockStore``: the raw rows of one project's blocks, decoded
/// only for the fields a query uses.
///
/// Blocks overlapping the range are listed once per scan (all partitions share the list,
/// so concurrent partitions read one consistent set), skipped by their statistics where
/// pushed-down predicates allow (dictionary equality and `in` by id, numeric comparisons by
/// min/max), and split between partitions by position. Blocks never change once written; a
/// block compacted away between the listing and its read fails the query with
/// ``BlockQuerySourceError/blocksChanged``, to be run again.
public final class BlockQuerySource: QuerySource {
  public let name: String
  public let fields: [QueryFieldInfo]
  public let partitionCount: Int
  public let acceptsUndeclaredFields: Bool

  private let store: BlockStore
  private let reader: any DatabaseReader
  private let dictionary: StringDictionary
  private let project: Int64
  private let mappings: [String: BlockField]
  private let undeclared: (@Sendable (String) -> BlockField?)?
  private let rollups: (@Sendable (RollupStatsRequest) async throws -> QueryBatch?)?
  private let listings = Mutex<[Listing.Key: [BlockInfo]]>([:])

  /// Creates a source.
  ///
  /// - Parameters:
  ///   - name: The name after `source`.
  ///   - store: The block store, `reader` the database it lives in, `dictionary` its ids.
  ///   - project: The project whose rows are read.
  ///   - fields: The fields offered, in the order completion lists them.
  ///   - undeclared: For sources with free-form attributes: the field of a name not in
  ///     `fields`, or nil when the name cannot be read.
  ///   - rollups: Answers simple stats queries from rollups, or nil (see
  ///     ``QuerySource/answerFromRollups(_:)``).
  public init(
    name: String, store: BlockStore, reader: any DatabaseReader, dictionary: StringDictionary,
    project: Int64, fields: [BlockField],
    undeclared: (@Sendable (String) -> BlockField?)? = nil,
    rollups: (@Sendable (RollupStatsRequest) async throws -> QueryBatch?)? = nil
  ) {
    self.name = name
    self.store = store
    self.reader = reader
    self.dictionary = dictionary
    self.project = project
    self.fields = fields.map(\.info)
    self.mappings = Dictionary(fields.map { ($0.info.name, $0) }, uniquingKeysWith: { a, _ in a })
    self.undeclared = undeclared
    self.acceptsUndeclaredFields = undeclared != nil
    self.rollups = rollups
    self.partitionCount = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))
  }

  public func answerFromRollups(_ request: RollupStatsRequest) async throws -> QueryBatch? {
    try await rollups?(request)
  }

  public func scan(_ request: ScanRequest, _ body: @Sendable (QueryBatch) throws -> Bool)
    async throws
  {
    let wanted = request.fields.map { name in mappings[name] ?? undeclared?(name) }
    let columns = Array(Set(wanted.flatMap { $0?.columns ?? [] })).sorted()
    let blocks = try await listing(for: request)
    for (position, info) in blocks.enumerated()
    where position % partitionCount == request.partition {
      try Task.checkCancellation()
      let vectors: [Int: ColumnVector]
      do {
        vectors = try await reader.read { db in
          try self.store.read(info, columns: columns, in: db)
        }
      } catch BlockStoreError.blockNotFound {
        throw BlockQuerySourceError.blocksChanged
      }
      var batch = QueryBatch(rowCount: info.rowCount, columns: [])
      for (name, field) in zip(request.fields, wanted) {
        batch.set(
          name, field.map { convert(vectors, rowCount: info.rowCount, $0) } ?? .nulls(info.rowCount)
        )
      }
      if try !body(batch) { return }
    }
  }

  /// The blocks of a scan, listed once for all its partitions.
  private func listing(for request: ScanRequest) async throws -> [BlockInfo] {
    let key = Listing.Key(range: request.range, predicates: request.predicates)
    if let cached = listings.withLock({ $0[key] }) { return cached }
    let keep = blockFilter(request.predicates)
    let listed = try await reader.read { db in
      try self.store.blocks(project: self.project, range: request.range, in: db)
    }.filter(keep)
    return listings.withLock { cache in
      if let cached = cache[key] { return cached }
      cache[key] = listed
      return listed
    }
  }

  /// Whether a block may hold rows meeting all `predicates`, from its statistics.
  private func blockFilter(_ predicates: [PushdownPredicate]) -> @Sendable (BlockInfo) -> Bool {
    var checks: [@Sendable (BlockInfo) -> Bool] = []
    for predicate in predicates {
      guard let field = mappings[predicate.field], field.columns.count == 1 else { continue }
      let column = field.columns[0]
      switch (field.conversion, predicate.op) {
      case (.dictionary(let dictionaryColumn), .equal), (.dictionary(let dictionaryColumn), .in):
        let ids = Set(
          predicate.values.compactMap { value -> UInt32? in
            guard case .string(let text) = value else { return nil }
            return dictionary.existingID(text, column: dictionaryColumn)
          })
        checks.append { $0.stats[column].mayContainAny(of: ids) }
      case (.integer, _), (.scaled, _):
        let unit: Double
        if case .scaled(let scale) = field.conversion { unit = scale } else { unit = 1 }
        guard let bound = Self.storedRange(predicate, unit: unit) else { continue }
        checks.append { $0.stats[column].mayOverlap(bound) }
      default:
        continue
      }
    }
    let all = checks
    return { info in all.allSatisfy { $0(info) } }
  }

  /// The stored values a numeric comparison can hold, widened by one unit for rounding.
  private static func storedRange(_ predicate: PushdownPredicate, unit: Double)
    -> ClosedRange<Int64>?
  {
    guard let constant = predicate.values.first?.doubleValue, unit > 0 else { return nil }
    let stored = constant * unit
    guard stored.isFinite, abs(stored) < 0x1p62 else { return nil }
    let value = Int64(stored.rounded(.down))
    switch predicate.op {
    case .less, .lessOrEqual: return (Int64.min + 1)...(value + 1)
    case .greater, .greaterOrEqual: return value...Int64.max
    case .equal, .in: return nil
    }
  }

  /// One field's column of a decoded block.
  private func convert(_ vectors: [Int: ColumnVector], rowCount: Int, _ field: BlockField)
    -> QueryColumn
  {
    guard let first = field.columns.first, let vector = vectors[first] else {
      return .nulls(rowCount)
    }
    switch field.conversion {
    case .integer:
      guard case .int64(let values) = vector else { return .nulls(rowCount) }
      return QueryColumn(.int(values), present: Self.presence(values) { $0 != .min })
    case .scaled(let unit):
      guard case .int64(let values) = vector else { return .nulls(rowCount) }
      return QueryColumn(
        .double(values.map { $0 == .min ? 0 : Double($0) / unit }),
        present: Self.presence(values) { $0 != .min })
    case .dictionary(let column):
      guard case .dictionary(let ids) = vector else { return .nulls(rowCount) }
      var names = dictionary.values(column: column)
      // An id committed after the dictionary was cached reads as its value once reloaded;
      // until then it is shown empty rather than out of range.
      let largest = ids.max() ?? 0
      if Int(largest) >= names.count {
        names += Array(repeating: "", count: Int(largest) - names.count + 1)
      }
      return QueryColumn(
        .dictionary(codes: ids.map { Int32(bitPattern: $0) }, dictionary: names),
        present: Self.presence(ids) { $0 != 0 })
    case .text:
      guard case .string(let values) = vector else { return .nulls(rowCount) }
      return QueryColumn(.string(values), present: Self.presence(values) { !$0.isEmpty })
    case .derived(let make):
      return make(vectors, rowCount)
    }
  }

  /// Nil when every value is present (the common case costs one pass, no array).
  private static func presence<T>(_ values: [T], _ isPresent: (T) -> Bool) -> [Bool]? {
    guard values.contains(where: { !isPresent($0) }) else { return nil }
    return values.map(isPresent)
  }

  private enum Listing {
    struct Key: Hashable {
      var range: TimeRange
      var predicates: [PushdownPredicate]
    }
  }
}

/// Why a block-store scan failed.
public enum BlockQuerySourceError: Error, Equatable, CustomStringConvertible {
  /// Blocks were compacted or dropped while the query read them.
  case blocksChanged

  public var description: String {
    switch self {
    case .blocksChanged:
      "the data was compacted while the query read it; run the query again"
    }
  }
}
