import LookoutCore

/// A source over columns held in memory, for tests, golden files and benchmarks.
///
/// Rows are cut into batches of `batchSize`; with `partitionCount` above 1, batch `i` belongs
/// to partition `i % partitionCount`. Rows outside the requested range are dropped (when a
/// `@timestamp` column exists); other predicates are left to the executor.
///
/// ```swift
/// let source = InMemoryQuerySource(
///   name: "requests",
///   fields: [.init(name: "@timestamp", type: .timestamp), .init(name: "route", type: .string, isDictionary: true)],
///   columns: ["@timestamp": QueryColumn(.int([1, 2])), "route": QueryColumn(.string(["/a", "/b"]))])
/// ```
public struct InMemoryQuerySource: QuerySource {
  /// The source name.
  public let name: String
  /// The fields, in the order `fields` lists them.
  public let fields: [QueryFieldInfo]
  /// The number of partitions the rows are dealt into.
  public let partitionCount: Int
  /// Rows per batch.
  public let batchSize: Int
  /// The number of rows.
  public let rowCount: Int
  private let columns: [String: QueryColumn]

  /// Creates a source; every column must have the same number of rows.
  ///
  /// - Parameters:
  ///   - name: The name queries use after `source`.
  ///   - fields: The fields, with types and dictionary flags.
  ///   - columns: One column per field name; a field without a column reads as null.
  ///   - batchSize: Rows per batch handed to the executor.
  ///   - partitionCount: Parts scanned concurrently.
  public init(
    name: String, fields: [QueryFieldInfo], columns: [String: QueryColumn],
    batchSize: Int = 65_536, partitionCount: Int = 1
  ) {
    self.name = name
    self.fields = fields
    self.columns = columns
    self.batchSize = max(1, batchSize)
    self.partitionCount = max(1, partitionCount)
    let counts = Set(columns.values.map(\.count))
    precondition(counts.count <= 1, "InMemoryQuerySource columns differ in length")
    self.rowCount = counts.first ?? 0
  }

  /// Hands the partition's batches to `body`, dropping rows outside `request.range`.
  public func scan(_ request: ScanRequest, _ body: @Sendable (QueryBatch) throws -> Bool)
    async throws
  {
    var start = 0
    var batchIndex = 0
    while start < rowCount {
      let end = min(rowCount, start + batchSize)
      defer {
        start = end
        batchIndex += 1
      }
      guard batchIndex % partitionCount == request.partition else { continue }
      var rows: [Int] = []
      var contiguous = true
      if let time = columns["@timestamp"], case .int(let stamps) = time.values {
        let inside = { (i: Int) in time.isPresent(i) && request.range.contains(stamps[i]) }
        if !(start..<end).allSatisfy(inside) {
          rows = (start..<end).filter(inside)
          contiguous = false
          if rows.isEmpty { continue }
        }
      }
      let count = contiguous ? end - start : rows.count
      let batch = QueryBatch(
        rowCount: count,
        columns: request.fields.map { field in
          guard let column = columns[field] else { return (field, QueryColumn.nulls(count)) }
          return (field, contiguous ? column.slice(start..<end) : column.gather(rows))
        })
      if try !body(batch) { return }
    }
  }
}
