/// Why a block store operation failed.
///
/// ``invalidBatch(_:)`` and ``unknownColumn(_:)`` are the caller's mistakes;
/// ``corruptBlock(_:)`` means stored bytes could not be decoded (disk damage, or a block
/// written by a newer format version); ``blockNotFound(_:)`` means the block was removed
/// (compaction or retention) after it was listed.
public enum BlockStoreError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The batch does not match the schema (column count, kinds, lengths, absent timestamps).
  case invalidBatch(String)
  /// A column index outside the schema was asked for.
  case unknownColumn(Int)
  /// A stored block or column could not be decoded.
  case corruptBlock(String)
  /// The block with this id no longer exists.
  case blockNotFound(Int64)
  /// A dictionary column ran out of 32-bit ids.
  case dictionaryFull(column: String)

  /// A one-line explanation for logs.
  public var description: String {
    switch self {
    case .invalidBatch(let detail): "invalid batch: \(detail)"
    case .unknownColumn(let index): "unknown column index \(index)"
    case .corruptBlock(let detail): "corrupt block: \(detail)"
    case .blockNotFound(let id): "block \(id) not found"
    case .dictionaryFull(let column): "dictionary for column '\(column)' is full"
    }
  }
}
