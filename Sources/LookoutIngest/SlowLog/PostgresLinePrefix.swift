/// A PostgreSQL `log_line_prefix`, compiled once into a matcher for stderr log lines.
///
/// Every escape of PostgreSQL 13-17 is understood: `%m %t %n %s` (times), `%p %P`
/// (process ids), `%c %l` (session id and line), `%u %d %a` (user, database,
/// application), `%r %h` (client), `%e %x %v %Q` (SQLSTATE, transaction ids, query id),
/// `%i %b` (command tag, backend type), `%q` (end of the prefix for background
/// processes), `%%`, and paddings such as `%-10u`; unknown escapes print nothing, as in
/// PostgreSQL. Free-text values (`%u`, `%d`, `%a`, `%h`, `%r`, `%i`) extend to the next
/// literal; when that is ambiguous, the split after which the rest of the prefix and a
/// severity (`LOG:  `) match wins.
///
/// ```swift
/// let prefix = PostgresLinePrefix("%t [%p]: [%l-1] db=%d,user=%u,app=%a,client=%h ")
/// let decoder = PostgresLogDecoder(configuration: .init(format: .stderr(prefix)))
/// ```
public struct PostgresLinePrefix: Sendable, Hashable, CustomStringConvertible {
  /// Debian's and Ubuntu's default, `%m [%p] %q%u@%d `.
  public static let debian = PostgresLinePrefix("%m [%p] %q%u@%d ")
  /// PostgreSQL's built-in default since version 10, `%m [%p] `.
  public static let postgres = PostgresLinePrefix("%m [%p] ")

  /// What one escape of the prefix stands for.
  enum Escape: UInt8, Sendable, Hashable {
    case millisecondTime, secondTime, epochTime, sessionStart
    case processID, leaderProcessID, sessionID, lineNumber
    case user, database, application, remoteHostPort, remoteHost
    case sqlState, transactionID, virtualTransactionID, queryID
    case commandTag, backendType

    /// Whether the value is free text that runs to the next literal of the prefix.
    var isFreeText: Bool {
      switch self {
      case .user, .database, .application, .remoteHostPort, .remoteHost, .commandTag: true
      default: false
      }
    }
  }

  /// One piece of a compiled prefix.
  enum Token: Sendable, Hashable {
    /// Bytes written as they are.
    case literal([UInt8])
    /// A value; `padded` when the escape had a width (`%-10u`), so blanks surround it.
    case escape(Escape, padded: Bool)
    /// `%q`: background processes stop the prefix here.
    case sessionOnly
  }

  /// The prefix as configured.
  public let description: String
  /// The compiled pieces, adjacent literals merged.
  let tokens: [Token]

  /// Compiles a `log_line_prefix` value (without the quotes of postgresql.conf).
  ///
  /// - Parameter prefix: the setting, e.g. `%m [%p] %q%u@%d `.
  public init(_ prefix: String) {
    self.description = prefix
    self.tokens = Self.compile(Array(prefix.utf8))
  }

  /// Which escapes the prefix uses.
  var escapes: Set<Escape> {
    Set(
      tokens.compactMap {
        if case .escape(let escape, _) = $0 { return escape }
        return nil
      })
  }

  private static func compile(_ bytes: [UInt8]) -> [Token] {
    var tokens: [Token] = []
    var literal: [UInt8] = []
    func flush() {
      if !literal.isEmpty { tokens.append(.literal(literal)) }
      literal.removeAll()
    }
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      guard byte == UInt8(ascii: "%"), index < bytes.count else {
        if byte != UInt8(ascii: "%") { literal.append(byte) }
        continue
      }
      var padded = false
      if bytes[index] == UInt8(ascii: "-") { index += 1 }
      while index < bytes.count, SlowLogNumbers.digit(bytes[index]) != nil {
        padded = true
        index += 1
      }
      guard index < bytes.count else { break }
      let letter = bytes[index]
      index += 1
      if letter == UInt8(ascii: "%") {
        literal.append(letter)
      } else if letter == UInt8(ascii: "q") {
        flush()
        tokens.append(.sessionOnly)
      } else if let escape = escape(for: letter) {
        flush()
        tokens.append(.escape(escape, padded: padded))
      }
    }
    flush()
    return tokens
  }

  private static func escape(for letter: UInt8) -> Escape? {
    switch letter {
    case UInt8(ascii: "m"): .millisecondTime
    case UInt8(ascii: "t"): .secondTime
    case UInt8(ascii: "n"): .epochTime
    case UInt8(ascii: "s"): .sessionStart
    case UInt8(ascii: "p"): .processID
    case UInt8(ascii: "P"): .leaderProcessID
    case UInt8(ascii: "c"): .sessionID
    case UInt8(ascii: "l"): .lineNumber
    case UInt8(ascii: "u"): .user
    case UInt8(ascii: "d"): .database
    case UInt8(ascii: "a"): .application
    case UInt8(ascii: "r"): .remoteHostPort
    case UInt8(ascii: "h"): .remoteHost
    case UInt8(ascii: "e"): .sqlState
    case UInt8(ascii: "x"): .transactionID
    case UInt8(ascii: "v"): .virtualTransactionID
    case UInt8(ascii: "Q"): .queryID
    case UInt8(ascii: "i"): .commandTag
    case UInt8(ascii: "b"): .backendType
    default: nil
    }
  }
}
