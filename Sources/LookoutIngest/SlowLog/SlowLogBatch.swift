import LookoutCore

/// The statements a slow-log decoder completed in one call, with what it had to reject.
///
/// Returned by ``MySQLSlowLogDecoder`` and ``PostgresLogDecoder`` from every `feed` and
/// `finish` call, and by their `decodeAll` for a whole buffer.
///
/// ```swift
/// var decoder = MySQLSlowLogDecoder()
/// let batch = decoder.feed(chunk)
/// try await writer.append(batch.records)
/// offsets.save(batch.consumedBytes)  // resumes at the start of an entry
/// ```
public struct SlowLogBatch: Sendable {
  /// The complete, good entries, in log order.
  public var records: [SlowQueryRecord] = []
  /// The bad entries and stray lines: how many, and the first few with their reason.
  ///
  /// An entry counts once however many lines it has (its example shows its first line);
  /// a stray line outside any entry counts once itself.
  public var report: BadLineReport
  /// Entries read in full, good and bad.
  public var entryCount = 0
  /// Entries deliberately left out and not counted bad (PostgreSQL `parse`/`bind`
  /// durations).
  public var skippedEntries = 0
  /// Lines that belong to no entry and are not bad: server start banners, blank lines
  /// between entries, PostgreSQL messages that are not statement durations.
  public var ignoredLines = 0
  /// Bytes of the stream, counted from the decoder's start offset, that are fully
  /// decoded: the offset of the first byte of the entry still open, so a tailer that
  /// stores it resumes at an entry boundary.
  public var consumedBytes = 0

  /// Creates an empty batch.
  ///
  /// - Parameter maxExamples: how many bad entries the report keeps as examples.
  public init(maxExamples: Int = 10) {
    self.report = BadLineReport(maxExamples: maxExamples)
  }

  /// Adds the records and counts of a later batch of the same stream.
  ///
  /// - Parameter other: the later batch; its ``consumedBytes`` replaces this one's.
  public mutating func append(_ other: SlowLogBatch) {
    records.append(contentsOf: other.records)
    report.merge(other.report)
    entryCount += other.entryCount
    skippedEntries += other.skippedEntries
    ignoredLines += other.ignoredLines
    consumedBytes = other.consumedBytes
  }
}
