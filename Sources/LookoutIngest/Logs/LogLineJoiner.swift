import LookoutCore

/// Joins the lines of multi-line log entries (Java and Python stack traces, wrapped
/// messages): a line that does not start an entry is appended to the entry before it.
///
/// By default a line starts an entry when it starts with a timestamp
/// (``LogTimestampParser``), a level word (`ERROR …`, `[warn] …`) or `{`; a configured
/// regular expression replaces that rule (it must match at the start of the line). An
/// entry is complete when the next one starts, or when the caller calls ``flush()`` after
/// a pause (the tail service does after `multiline_wait`, 2 s by default). An entry stops
/// growing at ``maxEntryBytes``: later lines are dropped and the entry is marked truncated.
///
/// A value type with no I/O: the tail service keeps the open entry in its checkpoint.
///
/// ```swift
/// var joiner = try LogLineJoiner()
/// joiner.push("2024-06-05 10:00:00 ERROR boom")       // []
/// joiner.push("Traceback (most recent call last):")   // []
/// joiner.push("2024-06-05 10:00:01 INFO ok")          // [the two-line entry]
/// joiner.flush()                                      // the INFO entry
/// ```
public struct LogLineJoiner: Sendable {
  /// One joined entry.
  public struct Entry: Sendable, Hashable, Codable {
    /// The lines, joined by `\n`.
    public var text: String
    /// Whether lines were dropped at the size limit (or a line was already cut).
    public var truncated: Bool
    /// How many lines the entry has (dropped ones included).
    public var lineCount: Int

    /// Creates an entry.
    public init(text: String, truncated: Bool = false, lineCount: Int = 1) {
      self.text = text
      self.truncated = truncated
      self.lineCount = lineCount
    }
  }

  /// The regular expression that marks a start line; nil for the default rule.
  public let startPattern: String?
  /// The largest entry, in UTF-8 bytes.
  public let maxEntryBytes: Int
  /// The entry being collected.
  public private(set) var open: Entry?
  private let startRegex: StartRegex?

  /// Creates a joiner.
  ///
  /// - Parameters:
  ///   - startPattern: a regular expression (Swift `Regex` syntax) matched at the start of
  ///     each line; nil for the default rule.
  ///   - maxEntryBytes: the largest entry kept (default 64 KiB, the body limit).
  ///   - open: an entry restored from a checkpoint.
  /// - Throws: ``LogJoinerError/invalidPattern(_:reason:)`` when the pattern does not compile.
  public init(startPattern: String? = nil, maxEntryBytes: Int = 64 << 10, open: Entry? = nil)
    throws(LogJoinerError)
  {
    self.startPattern = startPattern
    self.maxEntryBytes = max(1, maxEntryBytes)
    self.open = open
    if let startPattern {
      do {
        startRegex = StartRegex(try Regex(startPattern))
      } catch {
        throw .invalidPattern(startPattern, reason: "\(error)")
      }
    } else {
      startRegex = nil
    }
  }

  /// Adds one line; returns the entry it completes, if it starts a new one.
  ///
  /// - Parameters:
  ///   - line: the line, without its terminator.
  ///   - truncated: whether the line was already cut (by the tailer's line limit).
  public mutating func push(_ line: String, truncated: Bool = false) -> Entry? {
    guard var entry = open, !isStart(line) else {
      let completed = open
      var started = Entry(text: line, truncated: truncated)
      if line.utf8.count > maxEntryBytes {
        started.text = LogLimits.truncated(line, toUTF8Bytes: maxEntryBytes)
        started.truncated = true
      }
      open = started
      return completed
    }
    entry.lineCount += 1
    if entry.text.utf8.count + 1 + line.utf8.count <= maxEntryBytes {
      entry.text += "\n" + line
      entry.truncated = entry.truncated || truncated
    } else {
      entry.truncated = true
    }
    open = entry
    return nil
  }

  /// Ends the open entry (after a pause, or at the end of a file) and returns it.
  public mutating func flush() -> Entry? {
    defer { open = nil }
    return open
  }

  /// Whether `line` starts an entry.
  public func isStart(_ line: String) -> Bool {
    if let startRegex {
      return (try? startRegex.regex.prefixMatch(in: line)) != nil
    }
    let head = Array(line.utf8.prefix(40))
    guard let first = head.first, first != 32, first != 9 else { return false }
    if first == UInt8(ascii: "{") { return true }
    if LogTimestampParser.startsWithTimestamp(head) { return true }
    let firstWord = line.prefix { $0 != " " && $0 != "\t" }
    return LogLevelDetector.detect(in: firstWord) != nil
  }
}

/// A compiled start pattern. `Regex` holds no mutable state once built, but it does not
/// declare `Sendable`.
struct StartRegex: @unchecked Sendable {
  let regex: Regex<AnyRegexOutput>
  init(_ regex: Regex<AnyRegexOutput>) { self.regex = regex }
}

/// Why a joiner cannot be built.
public enum LogJoinerError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The start pattern is not a valid regular expression.
  case invalidPattern(String, reason: String)

  /// A sentence for logs and configuration errors.
  public var description: String {
    switch self {
    case .invalidPattern(let pattern, let reason):
      "multiline start pattern \(pattern) is not a valid regular expression: \(reason)"
    }
  }
}
