/// Where the values of one matched `log_line_prefix` lie in its line.
struct PostgresPrefixValues {
  /// The best time of the prefix (`%m` over `%n` over `%t`) and which escape gave it.
  var time: Range<Int>?
  var timeEscape: PostgresLinePrefix.Escape?
  var processID: Range<Int>?
  var user: Range<Int>?
  var database: Range<Int>?
  var application: Range<Int>?
  /// `%h`, or `%r` (`host(port)`) when there is no `%h`.
  var host: Range<Int>?
  var hostHasPort = false
  var sessionID: Range<Int>?
  var queryID: Range<Int>?
  /// Where the severity (`LOG:  `) starts.
  var messageStart = 0

  mutating func set(_ escape: PostgresLinePrefix.Escape, _ range: Range<Int>) {
    switch escape {
    case .millisecondTime:
      time = range
      timeEscape = escape
    case .epochTime where timeEscape != .millisecondTime:
      time = range
      timeEscape = escape
    case .secondTime where timeEscape == nil || timeEscape == .secondTime:
      time = range
      timeEscape = escape
    case .processID: processID = range
    case .user: user = range
    case .database: database = range
    case .application: application = range
    case .remoteHost:
      host = range
      hostHasPort = false
    case .remoteHostPort where host == nil || hostHasPort:
      host = range
      hostHasPort = true
    case .sessionID: sessionID = range
    case .queryID: queryID = range
    default: break
    }
  }
}

extension PostgresLinePrefix {
  /// PostgreSQL's backend types (`%b`), which hold blanks.
  private static let backendTypes: [[UInt8]] = [
    "autovacuum launcher", "autovacuum worker", "background worker", "background writer",
    "checkpointer", "client backend", "io worker", "logical replication launcher",
    "logical replication worker", "not initialized", "parallel worker", "postmaster",
    "slotsync worker", "standalone backend", "startup", "walreceiver", "walsender",
    "walsummarizer", "walwriter", "archiver", "logger",
  ].map { Array($0.utf8) }

  /// Matches the prefix at the start of `line`.
  ///
  /// - Returns: where the values are and where the message starts, or nil when the line
  ///   does not start with the prefix followed by a severity (a continuation line).
  func match(_ line: UnsafeRawBufferPointer) -> PostgresPrefixValues? {
    var values = PostgresPrefixValues()
    var budget = 256
    guard let end = match(line, token: 0, at: 0, &values, &budget) else { return nil }
    values.messageStart = end
    return values
  }

  private func match(
    _ line: UnsafeRawBufferPointer, token: Int, at position: Int,
    _ values: inout PostgresPrefixValues, _ budget: inout Int
  ) -> Int? {
    budget -= 1
    guard budget >= 0 else { return nil }
    guard token < tokens.count else {
      return PostgresMessage.severity(line, at: position) != nil ? position : nil
    }
    switch tokens[token] {
    case .literal(let bytes):
      let matches = bytes.withUnsafeBytes { ByteSearch.hasPrefix($0, in: line, at: position) }
      guard matches else { return nil }
      return match(line, token: token + 1, at: position + bytes.count, &values, &budget)
    case .sessionOnly:
      if PostgresMessage.severity(line, at: position) != nil { return position }
      return match(line, token: token + 1, at: position, &values, &budget)
    case .escape(let escape, let padded):
      let start = padded ? SlowLogBytes.skipBlanks(line, from: position) : position
      if escape.isFreeText || escape == .backendType {
        return matchFreeText(line, escape, token: token, from: start, &values, &budget)
      }
      guard let end = Self.fixedValueEnd(escape, line, from: start) else { return nil }
      values.set(escape, start..<end)
      let next = padded ? SlowLogBytes.skipBlanks(line, from: end) : end
      return match(line, token: token + 1, at: next, &values, &budget)
    }
  }

  /// Tries each place a free-text value may end, shortest first.
  private func matchFreeText(
    _ line: UnsafeRawBufferPointer, _ escape: Escape, token: Int, from start: Int,
    _ values: inout PostgresPrefixValues, _ budget: inout Int
  ) -> Int? {
    if escape == .backendType {
      for name in Self.backendTypes {
        let found = name.withUnsafeBytes { ByteSearch.hasPrefix($0, in: line, at: start) }
        guard found else { continue }
        values.set(escape, start..<(start + name.count))
        if let end = match(line, token: token + 1, at: start + name.count, &values, &budget) {
          return end
        }
      }
    }
    var next = token + 1
    if next < tokens.count, case .sessionOnly = tokens[next] { next += 1 }
    guard next < tokens.count else {
      // The prefix ends with the value: it runs to the severity.
      var end = start
      while end < line.count {
        if PostgresMessage.severity(line, at: end) != nil {
          values.set(escape, SlowLogBytes.trimmedRange(line, start, end))
          return match(line, token: token + 1, at: end, &values, &budget)
        }
        end += 1
      }
      return nil
    }
    guard case .literal(let literal) = tokens[next] else {
      // Another value follows directly: this one runs to the next blank.
      var end = start
      while end < line.count, !SlowLogBytes.isBlank(line[end]) { end += 1 }
      values.set(escape, start..<end)
      return match(line, token: token + 1, at: end, &values, &budget)
    }
    var from = start
    while budget > 0 {
      let found = literal.withUnsafeBytes {
        ByteSearch.firstIndex(of: $0, in: line, from: from)
      }
      guard let found else { return nil }
      values.set(escape, SlowLogBytes.trimmedRange(line, start, found))
      if let end = match(line, token: token + 1, at: found, &values, &budget) { return end }
      from = found + 1
    }
    return nil
  }

  /// The end of a value whose shape is fixed (times, numbers, ids), or nil.
  private static func fixedValueEnd(
    _ escape: Escape, _ line: UnsafeRawBufferPointer, from start: Int
  ) -> Int? {
    switch escape {
    case .millisecondTime, .secondTime, .sessionStart:
      return PostgresTime.prefixTimeEnd(line, from: start)
    case .epochTime:
      var end = start
      while end < line.count, SlowLogNumbers.digit(line[end]) != nil || line[end] == 46 {
        end += 1
      }
      return end > start ? end : nil
    case .processID, .leaderProcessID, .lineNumber, .transactionID:
      return scan(line, from: start) { SlowLogNumbers.digit($0) != nil }
    case .queryID:
      return scan(line, from: start) { SlowLogNumbers.digit($0) != nil || $0 == 45 }
    case .sessionID:
      return scan(line, from: start) { ($0 | 0x20) &- 97 < 6 || $0 &- 48 < 10 || $0 == 46 }
    case .sqlState:
      return scan(line, from: start) { $0 &- 65 < 26 || $0 &- 48 < 10 }
    case .virtualTransactionID:
      return scan(line, from: start) { $0 &- 48 < 10 || $0 == 47 }
    default:
      return nil
    }
  }

  @inline(__always)
  private static func scan(
    _ line: UnsafeRawBufferPointer, from start: Int, while accepts: (UInt8) -> Bool
  ) -> Int {
    var end = start
    while end < line.count, accepts(line[end]) { end += 1 }
    return end
  }
}
