import LookoutCore

/// An error event with its grouping, as the error writer stores it.
public struct GroupedEvent: Sendable {
  /// The project the event belongs to.
  public var project: Int64
  /// The event.
  public var event: ErrorEvent
  /// The grouping hash (32 hex) and the version of the rules that made it.
  public var hash: String
  public var groupingVersion: Int
  /// How the hash was made (`stacktrace`, `message`, ...).
  public var method: String
  /// The issue title and culprit this event would give a new issue.
  public var title: String
  public var culprit: String

  /// Creates a grouped event.
  public init(
    project: Int64, event: ErrorEvent, hash: String, groupingVersion: Int, method: String,
    title: String, culprit: String
  ) {
    self.project = project
    self.event = event
    self.hash = hash
    self.groupingVersion = groupingVersion
    self.method = method
    self.title = title
    self.culprit = culprit
  }
}

/// Something about an issue that people asked to hear about: a new issue or a regression.
public struct IssueNotification: Sendable, Hashable {
  /// What happened.
  public enum Kind: String, Sendable, Hashable {
    case newIssue = "issue.new"
    case regressed = "issue.regressed"
  }

  public var kind: Kind
  public var project: Int64
  public var issueID: Int64
  public var title: String
  public var culprit: String
  public var environment: String
  public var release: String
  public var eventID: String
}
