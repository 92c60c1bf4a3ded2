/// The severity of a log line, read from the first level word in it.
///
/// ```swift
/// PatternSeverity.label(of: "2024-06-05 12:00:01 WARN disk almost full")  // "WARN"
/// ```
public enum PatternSeverity {
  /// The label of the first level word of `line` (`ERROR`, `WARN`, `INFO`, `DEBUG`), or
  /// `UNKNOWN` when there is none.
  ///
  /// Words are runs of letters; a level word matches whole and in any case, so `Error`,
  /// `[error]` and `level=ERROR` count but `errors` and `ErrorCode` do not. Single letters
  /// (`E`, `W`) are not read: in message text they are too often something else.
  public static func label(of line: String) -> String {
    var word: [UInt8] = []
    word.reserveCapacity(12)
    for byte in line.utf8 {
      if (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) {
        if word.count < 16 { word.append(byte | 0x20) }
        continue
      }
      if let label = level(word) { return label }
      word.removeAll(keepingCapacity: true)
    }
    return level(word) ?? "UNKNOWN"
  }

  private static func level(_ word: [UInt8]) -> String? {
    guard word.count >= 3, word.count <= 9 else { return nil }
    return levels[word]
  }

  private static let levels: [[UInt8]: String] = {
    var table: [[UInt8]: String] = [:]
    for word in [
      "error", "err", "fatal", "critical", "crit", "severe", "emerg", "emergency",
      "panic", "alert",
    ] {
      table[Array(word.utf8)] = "ERROR"
    }
    for word in ["warn", "warning"] { table[Array(word.utf8)] = "WARN" }
    for word in ["info", "notice"] { table[Array(word.utf8)] = "INFO" }
    for word in ["debug", "trace", "verbose"] {
      table[Array(word.utf8)] = "DEBUG"
    }
    return table
  }()
}
