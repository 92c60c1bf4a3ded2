import LookoutCore

/// One PostgreSQL `duration:` message being gathered: its statement (maybe over several
/// lines) and its DETAIL parameters, reused from entry to entry.
struct PostgresEntry {
  /// The number of the entry's first line.
  var lineNumber = 0
  /// The stream offset of the entry's first line.
  var offset = 0
  var kind = PostgresMessage.Kind.statement
  var timestamp: Int64 = 0
  var queryTime: Int64 = 0
  var user = ""
  var database = ""
  var host = ""
  var processID: Int64?
  var extra: [String: String] = [:]
  /// The statement's bytes, continuation lines joined with `\n`, at most the cap.
  var statement: [UInt8] = []
  /// The DETAIL text from `parameters:` on, at most the cap.
  var parameters: [UInt8] = []
  var isTruncated = false

  /// Clears the entry for the next one, keeping buffer capacity.
  mutating func reset() {
    timestamp = 0
    queryTime = 0
    if !user.isEmpty { user = "" }
    if !database.isEmpty { database = "" }
    if !host.isEmpty { host = "" }
    processID = nil
    if !extra.isEmpty { extra = [:] }
    statement.removeAll(keepingCapacity: statement.capacity <= 64 << 10)
    parameters.removeAll(keepingCapacity: parameters.capacity <= 64 << 10)
    isTruncated = false
  }

  /// Appends statement text, after a `\n` when `newLine`, dropping what exceeds `limit`.
  mutating func appendStatement(_ bytes: UnsafeRawBufferPointer, newLine: Bool, limit: Int) {
    if Self.append(bytes, newLine: newLine, to: &statement, limit: limit) { isTruncated = true }
  }

  /// Appends parameter text, after a `\n` when `newLine`, dropping what exceeds `limit`.
  mutating func appendParameters(_ bytes: UnsafeRawBufferPointer, newLine: Bool, limit: Int) {
    if Self.append(bytes, newLine: newLine, to: &parameters, limit: limit) { isTruncated = true }
  }

  /// Appends to `buffer` up to `limit` bytes; returns whether bytes were dropped.
  private static func append(
    _ bytes: UnsafeRawBufferPointer, newLine: Bool, to buffer: inout [UInt8], limit: Int
  ) -> Bool {
    if newLine {
      guard buffer.count < limit else { return true }
      buffer.append(10)
    }
    let room = limit - buffer.count
    guard bytes.count > room else {
      buffer.append(contentsOf: bytes)
      return false
    }
    if room > 0 { buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[..<room])) }
    return true
  }

  /// Reads a client address: `%h`, `%r`'s `host(port)` or csvlog's `host:port`.
  mutating func setHost(_ bytes: UnsafeRawBufferPointer, portSeparator: UInt8?) {
    var end = bytes.count
    if let portSeparator, var index = bytes.lastIndex(of: portSeparator), index > 0 {
      // csvlog writes `host:port`; keep IPv6 addresses (`::1`) whole when no port follows.
      if portSeparator == UInt8(ascii: ":") {
        let port = UnsafeRawBufferPointer(rebasing: bytes[(index + 1)...])
        if SlowLogNumbers.integer(port) == nil || bytes[index - 1] == UInt8(ascii: ":") {
          index = end
        }
      }
      end = index
    }
    host = SlowLogBytes.string(UnsafeRawBufferPointer(rebasing: bytes[..<end]))
  }

  /// The record of a complete `statement:` or `execute` entry.
  func record() -> SlowQueryRecord {
    var end = statement.count
    while end > 0, MySQLSlowLogEntry.isBlank(statement[end - 1]) { end -= 1 }
    if end > 0, statement[end - 1] == UInt8(ascii: ";") { end -= 1 }
    let text = statement.withUnsafeBytes { bytes in
      String(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<end]), as: UTF8.self)
    }
    let values =
      parameters.isEmpty ? [] : parameters.withUnsafeBytes { PostgresMessage.parameters($0) }
    var extra = self.extra
    if isTruncated { extra["truncated"] = "true" }
    return SlowQueryRecord(
      timestamp: timestamp, engine: .postgres, statement: text, queryTime: queryTime,
      database: database, user: user, host: host, connectionID: processID,
      parameters: values, extra: extra)
  }
}
