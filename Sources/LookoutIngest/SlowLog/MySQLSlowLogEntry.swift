import LookoutCore

/// The parts of one slow-log entry gathered so far, reused from entry to entry.
struct MySQLSlowLogEntry {
  /// Where an entry's header lines stand in the usual order, to tell a header line that
  /// continues the entry from one that starts the next.
  enum Rank: Int, Comparable {
    case time, user, attributes, queryTime, details

    static func < (lhs: Rank, rhs: Rank) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  /// The highest rank of a header line seen; nil for a fresh entry.
  var rank: Rank?
  /// The number of the entry's first line.
  var lineNumber = 0
  /// The stream offset of the entry's first line.
  var offset = 0
  /// The start of the entry's first line, for the bad-entry report.
  var firstLine: [UInt8] = []

  /// `# Time:`, when the entry has one that parses.
  var time: Int64?
  /// `SET timestamp=`, in microseconds.
  var setTimestamp: Int64?
  /// Whether a `# Query_time:` line was seen.
  var hasQueryTimeLine = false
  /// Whether `Query_time` held something other than a number (binary junk, a cut line).
  var hasUnreadableQueryTime = false
  var queryTime: Int64?
  var lockTime: Int64?
  var rowsSent: Int64?
  var rowsExamined: Int64?
  var rowsAffected: Int64?
  var user = ""
  var host = ""
  /// The last user and host names read, reused while the log repeats them (most do).
  var userCache = SlowLogStringCache()
  var hostCache = SlowLogStringCache()
  var connectionID: Int64?
  /// `use db;` of this entry.
  var useDatabase: String?
  /// MariaDB/Percona `Schema:` (empty when the thread had no database).
  var schema: String?
  var extra: [String: String] = [:]

  /// Whether the statement has started (its first line, or an admin command).
  var hasStatement = false
  /// The statement's bytes so far, lines joined with `\n`, at most the configured cap.
  var statement: [UInt8] = []
  /// Whether bytes of the statement were dropped at the cap.
  var isTruncated = false
  /// The last non-blank byte of the last statement line (`;` when the line looks final).
  var lastStatementByte: UInt8 = 0

  /// Clears the entry for the next one, keeping buffer capacity.
  mutating func reset() {
    rank = nil
    firstLine.removeAll(keepingCapacity: true)
    time = nil
    setTimestamp = nil
    hasQueryTimeLine = false
    hasUnreadableQueryTime = false
    queryTime = nil
    lockTime = nil
    rowsSent = nil
    rowsExamined = nil
    rowsAffected = nil
    if !user.isEmpty { user = "" }
    if !host.isEmpty { host = "" }
    connectionID = nil
    useDatabase = nil
    schema = nil
    if !extra.isEmpty { extra = [:] }
    hasStatement = false
    statement.removeAll(keepingCapacity: statement.capacity <= 64 << 10)
    isTruncated = false
    lastStatementByte = 0
  }

  /// Starts an entry at `line`.
  mutating func open(_ line: SlowLogLinePiece) {
    lineNumber = line.lineNumber
    offset = line.lineOffset
    firstLine.append(
      contentsOf: UnsafeRawBufferPointer(
        rebasing: line.bytes.prefix(BadLineReport.excerptLength + 1)))
  }

  /// Appends statement bytes, dropping what exceeds `limit`.
  @inline(__always)
  mutating func appendStatement(_ bytes: UnsafeRawBufferPointer, limit: Int) {
    let room = limit - statement.count
    if bytes.count <= room {
      statement.append(contentsOf: bytes)
    } else {
      if room > 0 { statement.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[..<room])) }
      isTruncated = true
    }
  }

  /// Appends a whole statement line (or a long line's head), after a `\n` when the
  /// statement already has lines.
  mutating func appendStatementLine(_ bytes: UnsafeRawBufferPointer, limit: Int) {
    if hasStatement {
      if statement.count < limit {
        statement.append(10)
      } else {
        isTruncated = true
      }
    }
    hasStatement = true
    appendStatement(bytes, limit: limit)
    noteLineEnd(bytes)
  }

  /// Remembers the last non-blank byte of a statement line's end.
  @inline(__always)
  mutating func noteLineEnd(_ bytes: UnsafeRawBufferPointer) {
    var end = bytes.count
    while end > 0, bytes[end - 1] == 32 || bytes[end - 1] == 9 { end -= 1 }
    if end > 0 { lastStatementByte = bytes[end - 1] }
  }

  /// Why the entry cannot become a record, or nil when it can.
  var defect: SlowLogDecodeError? {
    if !hasQueryTimeLine { return .missingQueryTime }
    if hasUnreadableQueryTime { return .unreadableQueryTime }
    if !hasStatement { return .missingStatement }
    if !Self.isText(statement) { return .binaryStatement }
    return nil
  }

  /// Whether `bytes` are UTF-8 text: no NUL or other control bytes but tab, CR and LF.
  /// A statement cut at the cap may end inside a character; that last one is allowed.
  static func isText(_ bytes: [UInt8]) -> Bool {
    var nonASCII = false
    for byte in bytes {
      if byte < 0x20, byte != 9, byte != 10, byte != 13 { return false }
      nonASCII = nonASCII || byte >= 0x80
    }
    if !nonASCII { return true }
    var end = bytes.count
    var back = 0
    while end > 0, back < 3, bytes[end - 1] & 0xC0 == 0x80 {
      end -= 1
      back += 1
    }
    if end > 0, bytes[end - 1] >= 0xC0 { end -= 1 }
    return bytes.withUnsafeBufferPointer {
      String(validating: UnsafeBufferPointer(rebasing: $0[..<end]), as: UTF8.self) != nil
    }
  }

  /// The record of a complete entry.
  ///
  /// - Parameters:
  ///   - carriedTime: the last `# Time:` of the log, for entries without their own.
  ///   - carriedDatabase: the last `use db;` of the log.
  func record(carriedTime: Int64?, carriedDatabase: String) -> SlowQueryRecord {
    var end = statement.count
    while end > 0, Self.isBlank(statement[end - 1]) { end -= 1 }
    if end > 0, statement[end - 1] == UInt8(ascii: ";") { end -= 1 }
    let text = statement.withUnsafeBytes { bytes in
      String(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<end]), as: UTF8.self)
    }
    var extra = self.extra
    if isTruncated { extra["truncated"] = "true" }
    return SlowQueryRecord(
      timestamp: time ?? setTimestamp ?? carriedTime ?? 0, engine: .mysql, statement: text,
      queryTime: queryTime ?? 0, lockTime: lockTime, rowsSent: rowsSent,
      rowsExamined: rowsExamined, rowsAffected: rowsAffected,
      database: useDatabase ?? schema ?? carriedDatabase, user: user, host: host,
      connectionID: connectionID, extra: extra)
  }

  @inline(__always)
  static func isBlank(_ byte: UInt8) -> Bool {
    byte == 32 || byte == 10 || byte == 13 || byte == 9
  }
}
