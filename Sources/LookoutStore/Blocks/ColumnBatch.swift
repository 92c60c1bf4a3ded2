/// Rows to append as one block, column by column in schema order.
///
/// ```swift
/// let batch = ColumnBatch(columns: [
///   .int64(timestamps), .dictionary(routeIDs), .int64(statuses), .string(urls),
/// ])
/// let info = try store.append(batch, project: 1, in: db)
/// ```
public struct ColumnBatch: Sendable {
  /// One vector per schema column, each holding ``rowCount`` values.
  public var columns: [ColumnVector]
  /// Number of rows.
  public var rowCount: Int

  /// Creates a batch; ``BlockStore`` checks that every column holds `rowCount` values.
  public init(columns: [ColumnVector], rowCount: Int) {
    self.columns = columns
    self.rowCount = rowCount
  }

  /// Creates a batch whose row count is the length of its first column.
  public init(columns: [ColumnVector]) {
    self.init(columns: columns, rowCount: columns.first?.count ?? 0)
  }

  /// Throws ``BlockStoreError/invalidBatch(_:)`` unless the batch fits `schema`.
  func validate(against schema: BlockSchema) throws {
    guard columns.count == schema.columns.count else {
      throw BlockStoreError.invalidBatch(
        "\(columns.count) columns for a schema of \(schema.columns.count)")
    }
    guard rowCount > 0 else { throw BlockStoreError.invalidBatch("no rows") }
    for (index, (vector, spec)) in zip(columns, schema.columns).enumerated() {
      guard vector.kind == spec.kind else {
        throw BlockStoreError.invalidBatch(
          "column \(index) '\(spec.name)' is \(spec.kind), got \(vector.kind)")
      }
      guard vector.count == rowCount else {
        throw BlockStoreError.invalidBatch(
          "column \(index) '\(spec.name)' has \(vector.count) values for \(rowCount) rows")
      }
    }
    guard let timestamps = columns[0].int64Values, !timestamps.contains(.min) else {
      throw BlockStoreError.invalidBatch("absent timestamp in column 0")
    }
  }

  /// The rows ordered by timestamp (column 0); rows with equal timestamps keep their order.
  func sortedByTimestamp() -> ColumnBatch {
    guard let timestamps = columns.first?.int64Values else { return self }
    var sorted = true
    for index in timestamps.indices.dropFirst() where timestamps[index] < timestamps[index - 1] {
      sorted = false
      break
    }
    if sorted { return self }
    // Ties broken by position: the standard library does not promise a stable sort.
    let order = timestamps.indices.sorted { left, right in
      timestamps[left] != timestamps[right] ? timestamps[left] < timestamps[right] : left < right
    }
    return ColumnBatch(columns: columns.map { $0.permuted(by: order) }, rowCount: rowCount)
  }
}
