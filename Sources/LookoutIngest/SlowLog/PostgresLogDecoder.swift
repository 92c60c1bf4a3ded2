/// Decodes PostgreSQL logs written with `log_min_duration_statement` into
/// ``SlowQueryRecord``s, as a stream.
///
/// Both layouts are read: stderr lines with a `log_line_prefix` (compiled once, see
/// ``PostgresLinePrefix``) and csvlog rows. Records come from `duration: ... ms
/// statement: ...` (simple protocol) and `duration: ... ms  execute <name>: ...` (extended
/// protocol) messages, with the `DETAIL:  parameters: $1 = '42', $2 = NULL` that follows
/// an `execute` kept in ``SlowQueryRecord/parameters`` as written (`'42'`, `NULL`).
/// `parse` and `bind` durations are counted in ``SlowLogBatch/skippedEntries`` (like
/// pg_stat_statements, only executions count); other messages (`checkpoint starting`,
/// `ERROR:` with its `STATEMENT:`, connections) are skipped, not bad. Statements over
/// several lines (continuation lines start with a tab) are joined with `\n`; the trailing
/// `;` is dropped. A line that neither starts with the prefix nor continues a message is
/// bad, as is a csvlog row of the wrong width. Messages must be in English
/// (`lc_messages = 'C'` or `en_*`).
///
/// Feed it chunks of any size; an entry is complete when the next message starts, or on
/// ``finish()``. ``SlowLogBatch/consumedBytes`` is the offset of the first entry still open.
///
/// ```swift
/// var decoder = PostgresLogDecoder(
///   configuration: .init(format: .stderr(PostgresLinePrefix("%m [%p] %q%u@%d "))))
/// let batch = decoder.feed(chunk)
/// try await writer.append(batch.records)
/// ```
public struct PostgresLogDecoder: SlowLogDecoding {
  /// How the log is read.
  public let configuration: Configuration

  private let isCSV: Bool
  private var lineReader: SlowLogLineReader
  private var stderrParser: PostgresStderrParser
  private var csvReader: PostgresCSVReader
  private var csvParser: PostgresCSVParser

  /// Creates a decoder for a stream.
  ///
  /// - Parameters:
  ///   - configuration: format and prefix, statement cap, time zone fallback.
  ///   - startOffset: the stream offset of the first byte fed (a tailer resuming at a
  ///     stored offset passes it, so ``SlowLogBatch/consumedBytes`` stays absolute).
  ///   - firstLineNumber: the number of the first line fed, for the report.
  public init(
    configuration: Configuration = Configuration(), startOffset: Int = 0,
    firstLineNumber: Int = 1
  ) {
    self.configuration = configuration
    let prefix: PostgresLinePrefix
    switch configuration.format {
    case .stderr(let linePrefix):
      prefix = linePrefix
      isCSV = false
    case .csvlog:
      prefix = .debian
      isCSV = true
    }
    lineReader = SlowLogLineReader(startOffset: startOffset, firstLineNumber: firstLineNumber)
    stderrParser = PostgresStderrParser(configuration: configuration, prefix: prefix)
    csvReader = PostgresCSVReader(
      fieldLimit: configuration.maxStatementBytes + 64, startOffset: startOffset,
      firstLineNumber: firstLineNumber)
    csvParser = PostgresCSVParser(configuration: configuration)
  }

  /// Decodes the next chunk of the stream.
  ///
  /// - Parameter bytes: the bytes following the previous chunk.
  /// - Returns: the entries completed by this chunk.
  public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> SlowLogBatch {
    if isCSV {
      Self.read(bytes, reader: &csvReader, parser: &csvParser)
    } else {
      Self.read(bytes, reader: &lineReader, parser: &stderrParser)
    }
    return takeBatch()
  }

  /// Ends the stream: a last unterminated line or row is read and the open entry
  /// completed. The decoder can go on with a new stream afterwards.
  ///
  /// - Returns: the entries completed at the end.
  public mutating func finish() -> SlowLogBatch {
    if isCSV {
      Self.finish(reader: &csvReader, parser: &csvParser)
    } else {
      Self.finish(reader: &lineReader, parser: &stderrParser)
    }
    return takeBatch()
  }

  /// Decodes a whole log at once (a pushed body, a file read in full).
  ///
  /// - Parameters:
  ///   - bytes: the complete log.
  ///   - configuration: format and prefix, statement cap, time zone fallback.
  /// - Returns: every entry, with the counts and the report.
  public static func decodeAll(
    _ bytes: some Collection<UInt8>, configuration: Configuration = Configuration()
  ) -> SlowLogBatch {
    var decoder = PostgresLogDecoder(configuration: configuration)
    var batch = decoder.feed(bytes)
    batch.append(decoder.finish())
    return batch
  }

  private mutating func takeBatch() -> SlowLogBatch {
    if isCSV {
      return csvParser.takeBatch(consumedBytes: csvReader.unfinishedRowOffset)
    }
    let consumed = stderrParser.openEntryOffset ?? lineReader.unfinishedLineOffset
    return stderrParser.takeBatch(consumedBytes: consumed)
  }

  private static func read(
    _ bytes: UnsafeRawBufferPointer, reader: inout SlowLogLineReader,
    parser: inout PostgresStderrParser
  ) {
    reader.read(bytes) { parser.handle($0) }
  }

  private static func finish(
    reader: inout SlowLogLineReader, parser: inout PostgresStderrParser
  ) {
    reader.finish { parser.handle($0) }
    parser.finish()
  }

  private static func read(
    _ bytes: UnsafeRawBufferPointer, reader: inout PostgresCSVReader,
    parser: inout PostgresCSVParser
  ) {
    reader.read(bytes) { parser.handle($0) }
  }

  private static func finish(reader: inout PostgresCSVReader, parser: inout PostgresCSVParser) {
    reader.finish { parser.handle($0) }
  }
}
