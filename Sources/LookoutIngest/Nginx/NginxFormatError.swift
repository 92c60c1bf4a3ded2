/// Why an nginx `log_format` string could not be compiled into a parser.
public enum NginxFormatError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The format holds no literal and no variable.
  case empty
  /// `escape=` names something other than `default`, `json` or `none`.
  case unknownEscape(String)
  /// A `$` is not followed by a variable name (`[A-Za-z0-9_]+` or `{name}`).
  case invalidVariable(near: String)
  /// A `${name` has no closing brace.
  case unterminatedBrace(name: String)
  /// Two variables follow each other with no literal between them, so no parser can tell
  /// where the first one ends.
  case adjacentVariables(String, String)

  /// A sentence for logs and the settings page.
  public var description: String {
    switch self {
    case .empty: "the log_format is empty"
    case .unknownEscape(let value):
      "unknown escape=\(value) (expected default, json or none)"
    case .invalidVariable(let near): "invalid variable name near \"\(near)\""
    case .unterminatedBrace(let name): "unterminated ${\(name) (missing })"
    case .adjacentVariables(let first, let second):
      "$\(first) is directly followed by $\(second); put a literal between them"
    }
  }
}
