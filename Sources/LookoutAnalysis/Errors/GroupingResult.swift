/// What ``IssueGrouper`` decided for one event: the issue it belongs to and how to show it.
///
/// Two events belong to the same issue when their ``hash`` values are equal. The hash depends
/// only on ``components`` (the normalised inputs), so the components explain a grouping
/// decision when it surprises.
///
/// ```swift
/// let result = IssueGrouper().group(event)
/// result.hash        // "3e1b5c0f9d2a..." (32 lowercase hex digits)
/// result.method      // .stacktrace
/// result.title       // "ValueError: invalid literal for int() with base 10: 'abc'"
/// result.culprit     // "shop.views in parse_quantity"
/// ```
public struct GroupingResult: Sendable, Hashable {
  /// Which rule produced the grouping components, the first that applied.
  public enum Method: String, Sendable, Hashable, CaseIterable {
    /// The event's custom `fingerprint`, with `{{ default }}` expanded.
    case fingerprint
    /// The in-app stack frames of the exception chain plus the exception types.
    case stacktrace
    /// Exception types and masked values, for exceptions without usable frames.
    case exception
    /// The message template, or the masked message.
    case message
    /// The level and transaction, when the event has nothing better.
    case fallback
  }

  /// The issue key: 32 lowercase hex digits, the same on every run and machine.
  public var hash: String
  /// The grouping rules version that computed ``hash``.
  public var version: Int
  /// The rule that produced ``components``.
  public var method: Method
  /// The issue list's headline: `Type: value` of the raised exception, or the message.
  public var title: String
  /// Where the event happened: `module in function` of the last in-app frame, or the
  /// transaction; empty when unknown.
  public var culprit: String
  /// The normalised inputs hashed into ``hash``, in order, each prefixed with its kind
  /// (`frame:`, `type:`, `value:`, `message:`, `fingerprint:`, `level:`, `transaction:`).
  public var components: [String]

  /// Creates a result from its parts.
  public init(
    hash: String, version: Int, method: Method, title: String, culprit: String,
    components: [String]
  ) {
    self.hash = hash
    self.version = version
    self.method = method
    self.title = title
    self.culprit = culprit
    self.components = components
  }
}
