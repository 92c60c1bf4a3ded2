/// The csvlog side of ``PostgresLogDecoder``: turns `duration:` rows into records.
///
/// Columns, PostgreSQL 12-17: log_time, user_name, database_name, process_id,
/// connection_from, session_id, session_line_num, command_tag, session_start_time,
/// virtual_transaction_id, transaction_id, error_severity, sql_state_code, message, detail,
/// hint, internal_query, internal_query_pos, context, query, query_pos, location,
/// application_name, then backend_type (13+), leader_pid and query_id (14+).
struct PostgresCSVParser {
  private enum Column {
    static let logTime = 0
    static let user = 1
    static let database = 2
    static let processID = 3
    static let connectionFrom = 4
    static let sessionID = 5
    static let severity = 11
    static let message = 13
    static let detail = 14
    static let application = 22
    static let queryID = 25
  }

  let configuration: PostgresLogDecoder.Configuration
  /// What has been completed since the last ``takeBatch(consumedBytes:)``.
  private(set) var batch: SlowLogBatch
  private var entry = PostgresEntry()

  init(configuration: PostgresLogDecoder.Configuration) {
    self.configuration = configuration
    self.batch = SlowLogBatch(maxExamples: configuration.maxExamples)
  }

  /// Returns the batch gathered so far and starts a new one.
  mutating func takeBatch(consumedBytes: Int) -> SlowLogBatch {
    var taken = SlowLogBatch(maxExamples: configuration.maxExamples)
    swap(&taken, &batch)
    taken.consumedBytes = consumedBytes
    return taken
  }

  /// Takes one complete row.
  mutating func handle(_ row: PostgresCSVRow) {
    if row.count == 1, SlowLogBytes.isBlankLine(row[0]) {
      batch.ignoredLines += 1
      return
    }
    guard (23...26).contains(row.count) else {
      return bad(row, .wrongColumnCount(row.count))
    }
    let message = row[Column.message]
    guard SlowLogBytes.equals(row[Column.severity], "LOG"),
      let duration = PostgresMessage.duration(message, from: 0)
    else {
      batch.ignoredLines += 1
      return
    }
    batch.entryCount += 1
    guard let micros = duration.microseconds else { return bad(row, .unreadableDuration) }
    guard duration.kind != .skipped else {
      batch.skippedEntries += 1
      return
    }
    guard
      let time = PostgresTime.instant(
        row[Column.logTime], fallbackOffset: configuration.fallbackTimeZoneOffset)
    else { return bad(row, .unreadableTime) }
    entry.timestamp = time
    entry.queryTime = micros
    entry.kind = duration.kind
    entry.user = SlowLogBytes.string(row[Column.user])
    entry.database = SlowLogBytes.string(row[Column.database])
    entry.processID = SlowLogNumbers.integer(row[Column.processID])
    entry.setHost(row[Column.connectionFrom], portSeparator: UInt8(ascii: ":"))
    let limit = configuration.maxStatementBytes
    entry.appendStatement(
      UnsafeRawBufferPointer(rebasing: message[duration.textStart...]), newLine: false,
      limit: limit)
    let detail = row[Column.detail]
    if SlowLogBytes.hasPrefix(detail, "parameters: ") {
      entry.appendParameters(detail, newLine: false, limit: limit)
    }
    if row.truncatedFields & (1 << UInt64(Column.message) | 1 << UInt64(Column.detail)) != 0 {
      entry.isTruncated = true
    }
    let session = row[Column.sessionID]
    if !session.isEmpty { entry.extra["session_id"] = SlowLogBytes.string(session) }
    let application = row[Column.application]
    if !application.isEmpty {
      entry.extra["application_name"] = SlowLogBytes.string(application)
    }
    if row.count > Column.queryID {
      let queryID = row[Column.queryID]
      if !queryID.isEmpty, !SlowLogBytes.equals(queryID, "0") {
        entry.extra["query_id"] = SlowLogBytes.string(queryID)
      }
    }
    batch.records.append(entry.record())
    entry.reset()
  }

  /// Counts a bad row; its example shows the first fields joined with `,`.
  private mutating func bad(_ row: PostgresCSVRow, _ reason: SlowLogDecodeError) {
    var excerpt: [UInt8] = []
    for index in 0..<row.count where excerpt.count <= BadLineReport.excerptLength {
      if index > 0 { excerpt.append(UInt8(ascii: ",")) }
      excerpt.append(contentsOf: row[index].prefix(BadLineReport.excerptLength + 1))
    }
    excerpt.withUnsafeBytes { line in
      batch.report.record(lineNumber: row.lineNumber, reason: reason.description, line: line)
    }
  }
}
