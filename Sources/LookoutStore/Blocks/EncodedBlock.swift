import Foundation

/// A batch sorted, measured and compressed by ``BlockStore/encode(_:)``, ready to be
/// stored by ``BlockStore/append(_:project:in:)-(EncodedBlock,_,_)`` without further CPU
/// work inside the write transaction.
public struct EncodedBlock: Sendable {
  /// Schema table the block was encoded for.
  public let table: String
  /// Number of rows.
  public let rowCount: Int
  /// Smallest timestamp, microseconds.
  public let minTimestamp: Int64
  /// Largest timestamp, microseconds.
  public let maxTimestamp: Int64
  /// Statistics per column.
  public let stats: [ColumnStats]
  /// One encoded blob per column.
  let blobs: [Data]

  /// Bytes the column blobs take (what the block adds to the database, before SQLite's
  /// own page overhead).
  public var byteCount: Int { blobs.reduce(0) { $0 + $1.count } }
}
