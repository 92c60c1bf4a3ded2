/// A place in the query text: byte offset, 1-based line and 1-based column.
public struct SourcePosition: Sendable, Hashable, Codable, CustomStringConvertible {
  /// Offset in UTF-8 bytes from the start of the query.
  public var offset: Int
  /// Line, from 1.
  public var line: Int
  /// Column in characters, from 1.
  public var column: Int

  /// Creates a position.
  public init(offset: Int, line: Int, column: Int) {
    self.offset = offset
    self.line = line
    self.column = column
  }

  /// The start of the text.
  public static let start = SourcePosition(offset: 0, line: 1, column: 1)

  /// `line:column`, as error messages print it.
  public var description: String { "\(line):\(column)" }
}

/// Why a query could not run: a syntax or meaning error at a position, or a failure while it
/// ran. The description reads like `expected a field name after 'by' at 1:34`.
public struct QueryError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
  /// What kind of failure it is.
  public enum Kind: String, Sendable, Codable {
    /// The text does not follow the grammar.
    case syntax
    /// The text parses but names something unknown or misuses it (field, function, arity).
    case semantic
    /// The query failed while running (a source threw).
    case execution
  }

  /// The kind.
  public var kind: Kind
  /// The message, without the position.
  public var message: String
  /// Where in the query the problem is, when it is in the text.
  public var position: SourcePosition?

  /// Creates an error.
  public init(_ kind: Kind, _ message: String, at position: SourcePosition? = nil) {
    self.kind = kind
    self.message = message
    self.position = position
  }

  /// The message followed by ` at line:column` when there is a position.
  public var description: String {
    position.map { "\(message) at \($0)" } ?? message
  }
}
