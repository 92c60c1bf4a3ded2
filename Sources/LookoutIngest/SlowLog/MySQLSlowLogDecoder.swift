/// Decodes MySQL 5.x/8.x and MariaDB slow query logs into ``SlowQueryRecord``s, as a
/// stream.
///
/// Feed it the log in chunks of any size (a tailer's reads, an HTTP body's parts); each
/// call returns the entries completed so far. An entry is complete when the next entry's
/// header starts, or on ``finish()``. ``SlowLogBatch/consumedBytes`` is the offset of the
/// first entry still open, so a tailer that stores it resumes at an entry boundary.
///
/// What it reads: `# Time:` in every form (`2024-06-05T00:00:00.123456Z`, with an offset,
/// `071218 11:48:27`), `# User@Host:` (also on the `# Time:` line), `# Query_time:` with
/// `log_slow_extra` pairs, MariaDB/Percona attribute and InnoDB lines (unknown `Name: value`
/// pairs go to ``SlowQueryRecord/extra``), `use db;` (which, as mysqld writes it only on a
/// change, also applies to later entries), `SET timestamp=N;` (the time when `# Time:` is
/// absent; not part of the statement), statements over many lines, and
/// `# administrator command: Quit;` (kept as `administrator command: Quit`). Start-up
/// banners anywhere are skipped. Entries without `# Query_time:` or without a statement,
/// and text outside any entry, are counted in ``SlowLogBatch/report``; the entries around
/// them are kept. A statement longer than
/// ``Configuration/maxStatementBytes`` keeps its head and is marked
/// `extra["truncated"] = "true"`; decoding stays linear in the input.
///
/// ```swift
/// var decoder = MySQLSlowLogDecoder()
/// for try await chunk in file.chunks {
///   let batch = decoder.feed(chunk)
///   try await writer.append(batch.records)
///   offsets.save(batch.consumedBytes)
/// }
/// try await writer.append(decoder.finish().records)
/// ```
public struct MySQLSlowLogDecoder: SlowLogDecoding {
  /// How the log is read.
  public var configuration: Configuration { parser.configuration }

  private var reader: SlowLogLineReader
  private var parser: MySQLSlowLogParser

  /// Creates a decoder for a stream.
  ///
  /// - Parameters:
  ///   - configuration: statement cap, local time zone, report size.
  ///   - startOffset: the stream offset of the first byte fed (a tailer resuming at a
  ///     stored offset passes it, so ``SlowLogBatch/consumedBytes`` stays absolute).
  ///   - firstLineNumber: the number of the first line fed, for the report.
  public init(
    configuration: Configuration = Configuration(), startOffset: Int = 0,
    firstLineNumber: Int = 1
  ) {
    self.reader = SlowLogLineReader(startOffset: startOffset, firstLineNumber: firstLineNumber)
    self.parser = MySQLSlowLogParser(configuration: configuration)
  }

  /// Decodes the next chunk of the stream.
  ///
  /// - Parameter bytes: the bytes following the previous chunk.
  /// - Returns: the entries completed by this chunk.
  public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> SlowLogBatch {
    parser.reserve(forBytes: bytes.count)
    Self.read(bytes, reader: &reader, parser: &parser)
    return parser.takeBatch(consumedBytes: consumedBytes)
  }

  /// Ends the stream: a last unterminated line is read and the open entry completed.
  ///
  /// The decoder can go on with a new stream afterwards (offsets keep counting).
  ///
  /// - Returns: the entries completed at the end.
  public mutating func finish() -> SlowLogBatch {
    Self.finish(reader: &reader, parser: &parser)
    return parser.takeBatch(consumedBytes: consumedBytes)
  }

  /// Decodes a whole log at once (a pushed body, a file read in full).
  ///
  /// - Parameters:
  ///   - bytes: the complete log.
  ///   - configuration: statement cap, local time zone, report size.
  /// - Returns: every entry, with the counts and the report.
  public static func decodeAll(
    _ bytes: some Collection<UInt8>, configuration: Configuration = Configuration()
  ) -> SlowLogBatch {
    var decoder = MySQLSlowLogDecoder(configuration: configuration)
    var batch = decoder.feed(bytes)
    batch.append(decoder.finish())
    return batch
  }

  /// The offset to resume at: the open entry's start, else the unfinished line's.
  private var consumedBytes: Int {
    parser.openEntryOffset ?? reader.unfinishedLineOffset
  }

  private static func read(
    _ bytes: UnsafeRawBufferPointer, reader: inout SlowLogLineReader,
    parser: inout MySQLSlowLogParser
  ) {
    reader.read(bytes) { parser.handle($0) }
  }

  private static func finish(
    reader: inout SlowLogLineReader, parser: inout MySQLSlowLogParser
  ) {
    reader.finish { parser.handle($0) }
    parser.finish()
  }
}
