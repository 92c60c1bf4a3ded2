/// Why a slow-log entry, line or row was counted bad.
///
/// Each case has a sentence for the Ingest health page and the report (``description``);
/// decoders count them in ``SlowLogBatch/report`` and go on with the next entry.
public enum SlowLogDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
  /// MySQL: a line that is no header, banner or blank line, with no entry open (a log
  /// read from the middle of an entry, binary junk).
  case textOutsideEntry
  /// MySQL: an entry whose headers have no `# Query_time:` line.
  case missingQueryTime
  /// MySQL: an entry cut before its statement (by the next entry or the end of the log).
  case missingStatement
  /// MySQL: `Query_time` is not a number.
  case unreadableQueryTime
  /// A statement with control bytes or invalid UTF-8 (binary junk, a corrupted file).
  case binaryStatement
  /// PostgreSQL stderr: a line that neither starts with the `log_line_prefix` and a
  /// severity nor continues a message (often a `log_line_prefix` that does not match
  /// the server's).
  case missingLinePrefix
  /// PostgreSQL: `duration:` is not followed by a number of milliseconds.
  case unreadableDuration
  /// PostgreSQL csvlog: `log_time` is not a time.
  case unreadableTime
  /// PostgreSQL csvlog: a row whose number of columns is not csvlog's.
  case wrongColumnCount(Int)

  /// A sentence for reports.
  public var description: String {
    switch self {
    case .textOutsideEntry: "text outside an entry"
    case .missingQueryTime: "entry has no `# Query_time:` line"
    case .missingStatement: "entry ends before its statement"
    case .unreadableQueryTime: "`Query_time` is not a number"
    case .binaryStatement: "statement holds binary data (control bytes or invalid UTF-8)"
    case .missingLinePrefix: "line does not start with the log_line_prefix"
    case .unreadableDuration: "unreadable `duration:`"
    case .unreadableTime: "unreadable log_time"
    case .wrongColumnCount(let count): "row has \(count) columns, csvlog has 23 to 26"
    }
  }
}
