/// What a line of a MySQL slow log is, judged from its first bytes.
enum MySQLSlowLogLine: Equatable {
  /// `# Time: ...` (maybe with `# User@Host:` on the same line).
  case time
  /// `# User@Host: ...`, or `# User: ...` as some Percona builds write it.
  case user
  /// `# Query_time: ...`.
  case queryTime
  /// `# administrator command: Quit;`, a statement written as a comment.
  case adminCommand
  /// Any other line starting with `#`: MariaDB/Percona attributes, InnoDB lines.
  case attributes

  /// The kind of a line starting with `#`.
  @inline(__always)
  static func classify(_ line: UnsafeRawBufferPointer) -> MySQLSlowLogLine {
    guard line.count > 7, line[1] == 32 else { return .attributes }
    switch line[2] {
    case UInt8(ascii: "T") where SlowLogBytes.hasPrefix(line, "Time:", at: 2):
      return .time
    case UInt8(ascii: "U")
    where SlowLogBytes.hasPrefix(line, "User@Host:", at: 2)
      || SlowLogBytes.hasPrefix(line, "User:", at: 2):
      return .user
    case UInt8(ascii: "Q") where SlowLogBytes.hasPrefix(line, "Query_time:", at: 2):
      return .queryTime
    case UInt8(ascii: "a") where SlowLogBytes.hasPrefix(line, "administrator command:", at: 2):
      return .adminCommand
    default:
      return .attributes
    }
  }

  /// Whether a kind always starts a new entry when a statement is open.
  var startsEntry: Bool { self != .attributes && self != .adminCommand }

  /// Whether a line is part of the banner the server writes at start-up, anywhere in the
  /// log: `/usr/sbin/mysqld, Version: 8.0.36 (...). started with:` (MariaDB:
  /// `mariadbd, Version: ...`), `Tcp port: 3306  Unix socket: ...`,
  /// `Time                 Id Command    Argument`.
  ///
  /// Cheap for statement lines: only lines starting with `/` or a letter are looked at,
  /// and the version line is recognised from its end first.
  @inline(__always)
  static func isBanner(_ line: UnsafeRawBufferPointer) -> Bool {
    guard let first = line.first,
      first == UInt8(ascii: "/") || (first | 0x20) &- UInt8(ascii: "a") < 26
    else { return false }
    if first == UInt8(ascii: "T"), isPortOrColumnsLine(line) { return true }
    // Statement lines end in `;` or text: rule them out on the last byte.
    var end = line.count
    while end > 0, SlowLogBytes.isBlank(line[end - 1]) { end -= 1 }
    guard end > 0, line[end - 1] == UInt8(ascii: ":") || line[end - 1] == UInt8(ascii: "y"),
      SlowLogBytes.hasSuffix(line, "started with:")
        || SlowLogBytes.hasSuffix(line, "embedded library")
    else { return false }
    // `mysqld`, `mysqld.exe`, `mariadbd`, a full path: the `, Version: ` is what they share.
    return SlowLogBytes.firstIndex(of: ", Version: ", in: line, from: 0) != nil
  }

  /// `Tcp port: 3306 ...` (any case) or `Time   Id Command   Argument`.
  private static func isPortOrColumnsLine(_ line: UnsafeRawBufferPointer) -> Bool {
    if line.count > 10, line[1] | 0x20 == UInt8(ascii: "c"), line[2] | 0x20 == UInt8(ascii: "p"),
      line[3] == 32, line[4] | 0x20 == UInt8(ascii: "p"),
      SlowLogBytes.hasPrefix(line, "ort:", at: 5)
    {
      let index = SlowLogBytes.skipBlanks(line, from: 9)
      return index < line.count && SlowLogNumbers.digit(line[index]) != nil
    }
    guard SlowLogBytes.hasPrefix(line, "Time"), line.count > 4, SlowLogBytes.isBlank(line[4])
    else { return false }
    var index = SlowLogBytes.skipBlanks(line, from: 4)
    guard SlowLogBytes.hasPrefix(line, "Id", at: index) else { return false }
    index = SlowLogBytes.skipBlanks(line, from: index + 2)
    return SlowLogBytes.hasPrefix(line, "Command", at: index)
  }
}
