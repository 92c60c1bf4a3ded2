extension MySQLSlowLogEntry {
  /// Reads `# Time: <time>`, and a `# User@Host:` written on the same line (MySQL 5.0).
  ///
  /// - Returns: whether the line also held `# User@Host:`.
  mutating func readTimeLine(_ line: UnsafeRawBufferPointer, localOffset: Int) -> Bool {
    let valueStart = 7  // "# Time:"
    var valueEnd = line.count
    var userStart: Int?
    if ByteSearch.firstIndex(of: UInt8(ascii: "@"), in: line, from: valueStart) != nil,
      let found = SlowLogBytes.firstIndex(of: "# User@Host:", in: line, from: valueStart)
    {
      valueEnd = found
      userStart = found + 12
    }
    let value = SlowLogBytes.trimmed(line, valueStart, valueEnd)
    if let parsed = SlowLogTime.mysql(value, localOffset: localOffset) {
      time = parsed
    } else {
      extra["Time"] = SlowLogBytes.string(value)
    }
    guard let userStart else { return false }
    readUserHost(line, from: userStart)
    return true
  }

  /// Reads `priv_user[user] @ host [ip]  Id: N` from `start` of a `# User@Host:` line.
  mutating func readUserHost(_ line: UnsafeRawBufferPointer, from start: Int) {
    var index = SlowLogBytes.skipBlanks(line, from: start)
    let nameStart = index
    while index < line.count, line[index] != UInt8(ascii: "["), line[index] != 32 {
      index += 1
    }
    let privUser = UnsafeRawBufferPointer(rebasing: line[nameStart..<index])
    var loginUser = UnsafeRawBufferPointer(rebasing: line[index..<index])
    if index < line.count, line[index] == UInt8(ascii: "[") {
      let close = ByteSearch.firstIndex(of: UInt8(ascii: "]"), in: line, from: index) ?? line.count
      loginUser = UnsafeRawBufferPointer(rebasing: line[(index + 1)..<close])
      index = min(close + 1, line.count)
    }
    user = userCache.string(privUser.isEmpty ? loginUser : privUser)
    guard let at = ByteSearch.firstIndex(of: UInt8(ascii: "@"), in: line, from: index) else {
      return
    }
    index = SlowLogBytes.skipBlanks(line, from: at + 1)
    let hostStart = index
    while index < line.count, line[index] != 32, line[index] != UInt8(ascii: "[") { index += 1 }
    // Like pt-query-digest: the host name when mysqld resolved one, else the address.
    var hostName = UnsafeRawBufferPointer(rebasing: line[hostStart..<index])
    index = SlowLogBytes.skipBlanks(line, from: index)
    if index < line.count, line[index] == UInt8(ascii: "[") {
      let close = ByteSearch.firstIndex(of: UInt8(ascii: "]"), in: line, from: index) ?? line.count
      if hostName.isEmpty { hostName = UnsafeRawBufferPointer(rebasing: line[(index + 1)..<close]) }
      index = min(close + 1, line.count)
    }
    host = hostCache.string(hostName)
    if index < line.count { readPairs(line, from: index) }
  }

  /// Reads `# Query_time: f  Lock_time: f Rows_sent: n  Rows_examined: n ...`.
  ///
  /// The four pairs every server writes first are read in place; whatever follows
  /// (`log_slow_extra`, `Rows_affected`, ...) goes through ``readPairs(_:from:)``.
  mutating func readQueryTimeLine(_ line: UnsafeRawBufferPointer) {
    hasQueryTimeLine = true
    var index = 13  // "# Query_time:"
    var value = Self.value(line, &index)
    if let time = SlowLogNumbers.microseconds(fromSeconds: value) {
      queryTime = time
    } else {
      // A number too large (a wrapped negative duration, as in Percona's slow017) is kept
      // as text with a zero time; anything else makes the entry bad.
      hasUnreadableQueryTime =
        value.isEmpty || !value.allSatisfy { (48...57).contains($0) || $0 == 46 || $0 == 45 }
      extra["Query_time"] = SlowLogBytes.string(value)
    }
    guard Self.skipName(line, "Lock_time:", &index) else { return readPairs(line, from: index) }
    value = Self.value(line, &index)
    if let time = SlowLogNumbers.microseconds(fromSeconds: value) {
      lockTime = time
    } else {
      extra["Lock_time"] = SlowLogBytes.string(value)
    }
    guard Self.skipName(line, "Rows_sent:", &index) else { return readPairs(line, from: index) }
    value = Self.value(line, &index)
    if let rows = SlowLogNumbers.integer(value) {
      rowsSent = rows
    } else {
      extra["Rows_sent"] = SlowLogBytes.string(value)
    }
    guard Self.skipName(line, "Rows_examined:", &index) else {
      return readPairs(line, from: index)
    }
    value = Self.value(line, &index)
    if let rows = SlowLogNumbers.integer(value) {
      rowsExamined = rows
    } else {
      extra["Rows_examined"] = SlowLogBytes.string(value)
    }
    if index < line.count { readPairs(line, from: index) }
  }

  /// Skips blanks and `name` at `index`, and the blanks after it.
  ///
  /// - Returns: whether `name` was there (`index` is then past it).
  @inline(__always)
  private static func skipName(
    _ line: UnsafeRawBufferPointer, _ name: StaticString, _ index: inout Int
  ) -> Bool {
    let start = SlowLogBytes.skipBlanks(line, from: index)
    guard SlowLogBytes.hasPrefix(line, name, at: start) else { return false }
    index = start + name.utf8CodeUnitCount
    return true
  }

  /// The blank-delimited token after the blanks at `index`; `index` moves past it.
  @inline(__always)
  private static func value(_ line: UnsafeRawBufferPointer, _ index: inout Int)
    -> UnsafeRawBufferPointer
  {
    let start = SlowLogBytes.skipBlanks(line, from: index)
    var end = start
    while end < line.count, line[end] != 32, line[end] != 9 { end += 1 }
    index = end
    return UnsafeRawBufferPointer(rebasing: line[start..<end])
  }

  /// Reads every `Name: value` pair from `start` of a header line.
  ///
  /// A name followed by nothing, or directly by the next `Name:`, has an empty value
  /// (MariaDB writes `Schema:` with no database). Tokens that are not pairs are skipped.
  mutating func readPairs(_ line: UnsafeRawBufferPointer, from start: Int) {
    var index = start
    let count = line.count
    while true {
      index = SlowLogBytes.skipBlanks(line, from: index)
      guard index < count else { return }
      let nameStart = index
      while index < count, Self.isNameByte(line[index]) { index += 1 }
      guard index > nameStart, index < count, line[index] == UInt8(ascii: ":") else {
        while index < count, !SlowLogBytes.isBlank(line[index]) { index += 1 }
        continue
      }
      let name = UnsafeRawBufferPointer(rebasing: line[nameStart..<index])
      index = SlowLogBytes.skipBlanks(line, from: index + 1)
      let valueStart = index
      while index < count, !SlowLogBytes.isBlank(line[index]) { index += 1 }
      var value = UnsafeRawBufferPointer(rebasing: line[valueStart..<index])
      if value.last == UInt8(ascii: ":"), Self.isName(value.dropLast()) {
        index = valueStart
        value = UnsafeRawBufferPointer(rebasing: line[valueStart..<valueStart])
      }
      assign(name, value)
    }
  }

  /// Stores one attribute: the known ones in their fields, the rest in ``extra``.
  @inline(__always)
  mutating func assign(_ name: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) {
    if !assignKnown(name, value) {
      // Unknown, or a known name whose value does not parse: keep it as written.
      extra[SlowLogBytes.string(name)] = SlowLogBytes.string(value)
    }
  }

  /// Stores a known attribute whose value parses; returns whether it did.
  private mutating func assignKnown(
    _ name: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer
  ) -> Bool {
    switch name.count {
    case 2 where SlowLogBytes.equals(name, "Id"),
      9 where SlowLogBytes.equals(name, "Thread_id"):
      guard let id = SlowLogNumbers.integer(value) else { return false }
      connectionID = id
    case 6 where SlowLogBytes.equals(name, "Schema"):
      schema = SlowLogBytes.string(value)
    case 9 where SlowLogBytes.equals(name, "Lock_time"):
      guard let time = SlowLogNumbers.microseconds(fromSeconds: value) else { return false }
      lockTime = time
    case 9 where SlowLogBytes.equals(name, "Rows_sent"):
      guard let rows = SlowLogNumbers.integer(value) else { return false }
      rowsSent = rows
    case 10 where SlowLogBytes.equals(name, "Query_time"):
      hasQueryTimeLine = true
      guard let time = SlowLogNumbers.microseconds(fromSeconds: value) else { return false }
      queryTime = time
    case 13 where SlowLogBytes.equals(name, "Rows_examined"):
      guard let rows = SlowLogNumbers.integer(value) else { return false }
      rowsExamined = rows
    case 13 where SlowLogBytes.equals(name, "Rows_affected"):
      guard let rows = SlowLogNumbers.integer(value) else { return false }
      rowsAffected = rows
    default:
      return false
    }
    return true
  }

  /// Reads `use db;`.
  mutating func readUse(_ line: UnsafeRawBufferPointer) {
    var end = line.count
    while end > 4, SlowLogBytes.isBlank(line[end - 1]) || line[end - 1] == UInt8(ascii: ";") {
      end -= 1
    }
    var name = SlowLogBytes.trimmed(line, 4, end)
    if name.count >= 2, name.first == UInt8(ascii: "`"), name.last == UInt8(ascii: "`") {
      name = UnsafeRawBufferPointer(rebasing: name.dropFirst().dropLast())
    }
    useDatabase = SlowLogBytes.string(name)
  }

  /// Whether a line is the `SET timestamp=...;` (or `last_insert_id`/`insert_id`) line
  /// that MySQL writes before the statement, not a statement.
  static func isHeaderSet(_ line: UnsafeRawBufferPointer) -> Bool {
    SlowLogBytes.hasPrefix(line, "SET ")
      && (SlowLogBytes.hasPrefix(line, "timestamp=", at: 4)
        || SlowLogBytes.hasPrefix(line, "last_insert_id=", at: 4)
        || SlowLogBytes.hasPrefix(line, "insert_id=", at: 4))
  }

  /// Reads `SET last_insert_id=1,insert_id=2,timestamp=1717545600;`.
  mutating func readSet(_ line: UnsafeRawBufferPointer) {
    if SlowLogBytes.hasPrefix(line, "timestamp=", at: 4), line.last == UInt8(ascii: ";"),
      let seconds = SlowLogNumbers.microseconds(
        fromSeconds: UnsafeRawBufferPointer(rebasing: line[14..<(line.count - 1)]),
        limit: 1 << 40)
    {
      setTimestamp = seconds
      return
    }
    var index = 4
    while index < line.count {
      let nameStart = index
      while index < line.count, line[index] != UInt8(ascii: "=") { index += 1 }
      let name = UnsafeRawBufferPointer(rebasing: line[nameStart..<index])
      index += 1
      let valueStart = min(index, line.count)
      while index < line.count, line[index] != UInt8(ascii: ","), line[index] != UInt8(ascii: ";") {
        index += 1
      }
      let value = UnsafeRawBufferPointer(rebasing: line[valueStart..<index])
      if SlowLogBytes.equals(name, "timestamp"),
        let seconds = SlowLogNumbers.microseconds(fromSeconds: value, limit: 1 << 40)
      {
        setTimestamp = seconds
      } else if !name.isEmpty {
        extra[SlowLogBytes.string(name)] = SlowLogBytes.string(value)
      }
      guard index < line.count, line[index] == UInt8(ascii: ",") else { return }
      index += 1
    }
  }

  @inline(__always)
  static func isNameByte(_ byte: UInt8) -> Bool {
    (byte | 0x20) &- 97 < 26 || byte &- 48 < 10 || byte == UInt8(ascii: "_")
  }

  static func isName(_ bytes: Slice<UnsafeRawBufferPointer>) -> Bool {
    !bytes.isEmpty && bytes.allSatisfy(isNameByte)
  }
}
