/// The state machine behind ``MySQLSlowLogDecoder``: takes lines, gathers entries, and
/// emits a record when the next entry starts.
///
/// An entry is its header lines (`# Time:`, `# User@Host:`, `# Query_time:`, MariaDB and
/// Percona attribute lines), optional `use db;` and `SET timestamp=N;` lines, then the
/// statement up to the next entry. Inside a statement, `# Time:`, `# User@Host:` and
/// `# Query_time:` always start the next entry; another `#` line does so only after a
/// line ending in `;` (the terminator mysqld writes), like pt-query-digest's `;\n#`.
struct MySQLSlowLogParser {
  /// What the continuation pieces of a long line are for.
  private enum LongLine {
    case none, statement, ignored
  }

  let configuration: MySQLSlowLogDecoder.Configuration
  /// What has been completed since the last ``takeBatch(consumedBytes:)``.
  private(set) var batch: SlowLogBatch
  private var entry = MySQLSlowLogEntry()
  private var isEntryOpen = false
  private var longLine = LongLine.none
  /// The last `# Time:` of the log: old servers write it only when the second changes.
  private var carriedTime: Int64?
  /// The last `use db;` of the log: mysqld writes it only when the database changes.
  private var carriedDatabase = ""

  init(configuration: MySQLSlowLogDecoder.Configuration) {
    self.configuration = configuration
    self.batch = SlowLogBatch(maxExamples: configuration.maxExamples)
  }

  /// Makes room for the records of `byteCount` more bytes (an entry is rarely shorter
  /// than 256 bytes), so a big buffer does not regrow the array again and again.
  mutating func reserve(forBytes byteCount: Int) {
    batch.records.reserveCapacity(batch.records.count + byteCount / 256)
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
    guard piece.isLineStart else { return continueLongLine(piece) }
    let line = piece.bytes
    if !piece.isLineEnd { longLine = .ignored }
    if line.first == UInt8(ascii: "#") {
      handleCommentLine(piece)
    } else if MySQLSlowLogLine.isBanner(line) {
      closeEntry()
      batch.ignoredLines += 1
    } else if isEntryOpen, entry.hasStatement {
      appendStatementLine(piece)
    } else if SlowLogBytes.isBlankLine(line) {
      if !isEntryOpen { batch.ignoredLines += 1 }
    } else if !isEntryOpen {
      batch.report.record(
        lineNumber: piece.lineNumber, reason: SlowLogDecodeError.textOutsideEntry.description,
        line: line)
    } else if SlowLogBytes.hasPrefix(line, "use ") {
      entry.readUse(line)
      carriedDatabase = entry.useDatabase ?? carriedDatabase
    } else if MySQLSlowLogEntry.isHeaderSet(line) {
      entry.readSet(line)
    } else {
      appendStatementLine(piece)
    }
  }

  /// Ends the stream: the open entry is complete.
  mutating func finish() {
    closeEntry()
    longLine = .none
  }

  private mutating func continueLongLine(_ piece: SlowLogLinePiece) {
    if longLine == .statement {
      entry.appendStatement(piece.bytes, limit: configuration.maxStatementBytes)
      entry.noteLineEnd(piece.bytes)
    }
    if piece.isLineEnd { longLine = .none }
  }

  private mutating func appendStatementLine(_ piece: SlowLogLinePiece) {
    entry.appendStatementLine(piece.bytes, limit: configuration.maxStatementBytes)
    if !piece.isLineEnd { longLine = .statement }
  }

  private mutating func handleCommentLine(_ piece: SlowLogLinePiece) {
    let line = piece.bytes
    let kind = MySQLSlowLogLine.classify(line)
    if isEntryOpen, entry.hasStatement {
      guard kind.startsEntry || entry.lastStatementByte == UInt8(ascii: ";") else {
        return appendStatementLine(piece)
      }
      closeEntry()
    }
    let rank: MySQLSlowLogEntry.Rank
    switch kind {
    case .time: rank = .time
    case .user: rank = .user
    case .queryTime: rank = .queryTime
    case .adminCommand, .attributes: rank = entry.hasQueryTimeLine ? .details : .attributes
    }
    if isEntryOpen, kind.startsEntry, let seen = entry.rank, rank <= seen {
      closeEntry()
    }
    if !isEntryOpen {
      isEntryOpen = true
      entry.open(piece)
    }
    entry.rank = max(entry.rank ?? rank, rank)
    switch kind {
    case .time:
      if entry.readTimeLine(line, localOffset: configuration.localTimeZoneOffset) {
        entry.rank = .user
      }
      if let time = entry.time { carriedTime = time }
    case .user:
      entry.readUserHost(line, from: line[2 + 4] == UInt8(ascii: "@") ? 12 : 7)
    case .queryTime:
      entry.readQueryTimeLine(line)
    case .adminCommand:
      // pt-query-digest reports it as `administrator command: Quit`.
      let text = UnsafeRawBufferPointer(rebasing: line[2...])
      entry.appendStatementLine(text, limit: configuration.maxStatementBytes)
      entry.lastStatementByte = UInt8(ascii: ";")
    case .attributes:
      // Attribute names start with a capital; `# explain: ...` (MariaDB) is no pair list.
      let start = SlowLogBytes.skipBlanks(line, from: 1)
      if start < line.count, line[start] &- UInt8(ascii: "A") < 26 {
        entry.readPairs(line, from: start)
      }
    }
  }

  /// Turns the open entry into a record, or a bad entry, and closes it.
  private mutating func closeEntry() {
    guard isEntryOpen else { return }
    isEntryOpen = false
    longLine = .none
    batch.entryCount += 1
    if let defect = entry.defect {
      entry.firstLine.withUnsafeBytes { line in
        batch.report.record(
          lineNumber: entry.lineNumber, reason: defect.description, line: line)
      }
    } else {
      if entry.useDatabase == nil, let schema = entry.schema, !schema.isEmpty {
        carriedDatabase = schema
      }
      batch.records.append(
        entry.record(carriedTime: carriedTime, carriedDatabase: carriedDatabase))
    }
    entry.reset()
  }
}
