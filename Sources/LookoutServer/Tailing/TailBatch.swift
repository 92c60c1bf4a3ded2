/// Complete lines read from a tailed file, with the checkpoint to store once they are durable.
///
/// All lines are slices of one buffer, so a batch of a megabyte of lines is one allocation.
///
/// ```swift
/// let tailer = FileTailer(configuration: config, checkpointStore: store) { batch in
///   let decoder = NginxLineDecoder(format: .combined)
///   var records: [RequestRecord] = []
///   for line in batch.lines where !line.isTruncated {  // a truncated line is a bad line
///     if let record = try? decoder.decode(line.bytes) { records.append(record) }
///   }
///   try await ingestor.ingest(records, checkpoint: batch.checkpoint)  // one transaction
/// }
/// ```
public struct TailBatch: Sendable, Hashable {
  /// The bytes that ``lines`` slice.
  public var buffer: [UInt8]
  /// The lines, in file order, each without its terminator.
  public var lines: [TailLine]
  /// The 1-based number of the first line in its file (``TailCheckpoint/lineNumber`` + 1 of
  /// the previous checkpoint).
  public var firstLineNumber: Int
  /// Where to resume once these lines are durable; store it in the same transaction.
  public var checkpoint: TailCheckpoint

  /// Creates a batch.
  ///
  /// - Parameters:
  ///   - buffer: The bytes that `lines` slice.
  ///   - lines: The lines, slices of `buffer`.
  ///   - firstLineNumber: The 1-based number of the first line.
  ///   - checkpoint: The resume point after the last line.
  public init(buffer: [UInt8], lines: [TailLine], firstLineNumber: Int, checkpoint: TailCheckpoint)
  {
    self.buffer = buffer
    self.lines = lines
    self.firstLineNumber = firstLineNumber
    self.checkpoint = checkpoint
  }
}
