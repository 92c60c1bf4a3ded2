/// The state machine behind ``PostgresLogDecoder`` for stderr logs: takes lines, gathers
/// `duration:` messages with their continuation and DETAIL lines, and emits a record when
/// the next message starts.
///
/// A line that starts with the `log_line_prefix` and a severity starts a message; any
/// other line continues the message before it (PostgreSQL starts continuation lines with
/// a tab). `DETAIL`, `HINT`, `CONTEXT`, `STATEMENT`, `QUERY` and `LOCATION` lines of the
/// same process belong to the message before them.
struct PostgresStderrParser {
  /// What the lines that continue the current message are for.
  private enum Part {
    /// No message yet: an unprefixed line is stray.
    case none
    /// The statement of the open entry.
    case statement
    /// The `parameters:` DETAIL of the open entry.
    case parameters
    /// A message that gives no record, or a part of the entry that is not kept.
    case ignored
  }

  let configuration: PostgresLogDecoder.Configuration
  let prefix: PostgresLinePrefix
  /// What has been completed since the last ``takeBatch(consumedBytes:)``.
  private(set) var batch: SlowLogBatch
  private var entry = PostgresEntry()
  private var isEntryOpen = false
  private var part = Part.none

  init(configuration: PostgresLogDecoder.Configuration, prefix: PostgresLinePrefix) {
    self.configuration = configuration
    self.prefix = prefix
    self.batch = SlowLogBatch(maxExamples: configuration.maxExamples)
  }

  /// The stream offset of the open entry's first line, if an entry is open.
  var openEntryOffset: Int? { isEntryOpen ? entry.offset : nil }

  /// Returns the batch gathered so far and starts a new one.
  mutating func takeBatch(consumedBytes: Int) -> SlowLogBatch {
    var taken = SlowLogBatch(maxExamples: configuration.maxExamples)
    swap(&taken, &batch)
    taken.consumedBytes = consumedBytes
    return taken
  }

  /// Takes one line, or one piece of a long line.
  mutating func handle(_ piece: SlowLogLinePiece) {
    guard piece.isLineStart else { return append(piece.bytes, newLine: false) }
    let line = piece.bytes
    guard let values = prefix.match(line),
      let (severity, textStart) = PostgresMessage.severity(line, at: values.messageStart)
    else {
      return handleContinuation(piece)
    }
    switch severity {
    case .detail, .part:
      let pid = values.processID.flatMap { SlowLogNumbers.integer(slice(line, $0)) }
      guard isEntryOpen, pid == nil || entry.processID == nil || pid == entry.processID else {
        closeEntry()
        part = .ignored
        batch.ignoredLines += 1
        return
      }
      if severity == .detail, SlowLogBytes.hasPrefix(line, "parameters: ", at: textStart) {
        part = .parameters
        entry.parameters.removeAll(keepingCapacity: true)
        append(UnsafeRawBufferPointer(rebasing: line[textStart...]), newLine: false)
      } else {
        part = .ignored
      }
    case .log:
      closeEntry()
      guard let duration = PostgresMessage.duration(line, from: textStart) else {
        part = .ignored
        batch.ignoredLines += 1
        return
      }
      open(duration, values, piece)
    case .other:
      closeEntry()
      part = .ignored
      batch.ignoredLines += 1
    }
  }

  /// Ends the stream: the open entry is complete.
  mutating func finish() {
    closeEntry()
    part = .none
  }

  private mutating func open(
    _ duration: PostgresMessage.Duration, _ values: PostgresPrefixValues,
    _ piece: SlowLogLinePiece
  ) {
    let line = piece.bytes
    guard let micros = duration.microseconds else {
      batch.entryCount += 1
      batch.report.record(
        lineNumber: piece.lineNumber, reason: SlowLogDecodeError.unreadableDuration.description,
        line: line)
      part = .ignored
      return
    }
    guard duration.kind != .skipped else {
      batch.entryCount += 1
      batch.skippedEntries += 1
      part = .ignored
      return
    }
    isEntryOpen = true
    part = .statement
    entry.lineNumber = piece.lineNumber
    entry.offset = piece.lineOffset
    entry.kind = duration.kind
    entry.queryTime = micros
    fill(values, line)
    append(UnsafeRawBufferPointer(rebasing: line[duration.textStart...]), newLine: false)
  }

  /// Copies the prefix values the record keeps.
  private mutating func fill(_ values: PostgresPrefixValues, _ line: UnsafeRawBufferPointer) {
    if let range = values.time {
      let text = slice(line, range)
      let time =
        values.timeEscape == .epochTime
        ? PostgresTime.epoch(text)
        : PostgresTime.instant(text, fallbackOffset: configuration.fallbackTimeZoneOffset)
      entry.timestamp = time ?? 0
    }
    if let range = values.processID { entry.processID = SlowLogNumbers.integer(slice(line, range)) }
    if let range = values.user { entry.user = Self.known(slice(line, range)) }
    if let range = values.database { entry.database = Self.known(slice(line, range)) }
    if let range = values.host {
      entry.setHost(slice(line, range), portSeparator: values.hostHasPort ? 40 : nil)
      if entry.host == "[unknown]" { entry.host = "" }
    }
    if let range = values.application {
      let name = Self.known(slice(line, range))
      if !name.isEmpty { entry.extra["application_name"] = name }
    }
    if let range = values.sessionID, !range.isEmpty {
      entry.extra["session_id"] = SlowLogBytes.string(slice(line, range))
    }
    if let range = values.queryID, !range.isEmpty {
      let id = slice(line, range)
      if !SlowLogBytes.equals(id, "0") { entry.extra["query_id"] = SlowLogBytes.string(id) }
    }
  }

  private mutating func handleContinuation(_ piece: SlowLogLinePiece) {
    switch part {
    case .statement, .parameters:
      var line = piece.bytes
      if line.first == 9 { line = UnsafeRawBufferPointer(rebasing: line.dropFirst()) }
      append(line, newLine: true)
    case .ignored:
      if !isEntryOpen { batch.ignoredLines += 1 }
    case .none:
      if SlowLogBytes.isBlankLine(piece.bytes) {
        batch.ignoredLines += 1
      } else {
        batch.report.record(
          lineNumber: piece.lineNumber, reason: SlowLogDecodeError.missingLinePrefix.description,
          line: piece.bytes)
      }
    }
  }

  /// Adds text to the part being gathered.
  private mutating func append(_ bytes: UnsafeRawBufferPointer, newLine: Bool) {
    let limit = configuration.maxStatementBytes
    switch part {
    case .statement: entry.appendStatement(bytes, newLine: newLine, limit: limit)
    case .parameters: entry.appendParameters(bytes, newLine: newLine, limit: limit)
    case .none, .ignored: break
    }
  }

  private mutating func closeEntry() {
    guard isEntryOpen else { return }
    isEntryOpen = false
    batch.entryCount += 1
    batch.records.append(entry.record())
    entry.reset()
  }

  @inline(__always)
  private func slice(_ line: UnsafeRawBufferPointer, _ range: Range<Int>)
    -> UnsafeRawBufferPointer
  {
    UnsafeRawBufferPointer(rebasing: line[range])
  }

  /// A user, database or application, empty for PostgreSQL's `[unknown]`.
  private static func known(_ bytes: UnsafeRawBufferPointer) -> String {
    SlowLogBytes.equals(bytes, "[unknown]") ? "" : SlowLogBytes.string(bytes)
  }
}
