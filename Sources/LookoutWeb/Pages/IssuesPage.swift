/// The issue list: filters (status, release, search with `key:value` tags, sort) over the
/// header's environment and range, one row per issue with its sparkline.
public struct IssuesPage: Sendable {
  /// What the server knows of one issue.
  public struct IssueInput: Sendable {
    public var id: Int64
    public var title: String
    public var culprit: String
    public var level: String
    public var status: String
    public var substatus: String
    public var count: Int
    public var countInRange: Int
    public var users: Int
    public var firstSeen: Int64
    public var lastSeen: Int64
    public var environments: [String]
    /// Events per step of the range.
    public var steps: [Int]

    public init(
      id: Int64, title: String, culprit: String, level: String, status: String, substatus: String,
      count: Int, countInRange: Int, users: Int, firstSeen: Int64, lastSeen: Int64,
      environments: [String], steps: [Int]
    ) {
      self.id = id
      self.title = title
      self.culprit = culprit
      self.level = level
      self.status = status
      self.substatus = substatus
      self.count = count
      self.countInRange = countInRange
      self.users = users
      self.firstSeen = firstSeen
      self.lastSeen = lastSeen
      self.environments = environments
      self.steps = steps
    }
  }

  /// A row of the list.
  public struct Row: Sendable {
    public var id: Int64
    public var url: String
    public var title: String
    public var culprit: String
    public var level: String
    public var badge: String
    public var hasBadge: Bool
    public var events: String
    public var eventsInRange: String
    public var users: String
    public var firstSeen: String
    public var firstSeenMicros: Int64
    public var lastSeen: String
    public var lastSeenMicros: Int64
    public var environments: String
    public var sparkline: String
  }

  /// A choice of a filter.
  public struct Option: Sendable {
    public var value: String
    public var label: String
    public var selected: Bool
  }

  public var rows: [Row]
  public var isEmpty: Bool
  public var statuses: [Option]
  public var sorts: [Option]
  public var query: String
  public var release: String
  public var hiddenFields: [PageChrome.Field]
  public var dsnSnippet: String

  /// Builds the list.
  public init(issues: [IssueInput], state: PageState, sentryDSN: String) {
    rows = issues.map { issue in
      Row(
        id: issue.id, url: state.url("/issues/\(issue.id)", Page.dropPageParameters),
        title: issue.title, culprit: issue.culprit, level: issue.level,
        badge: issue.status == "unresolved"
          ? (issue.substatus == "ongoing" ? "" : issue.substatus) : issue.status,
        hasBadge: issue.status != "unresolved" || issue.substatus != "ongoing",
        events: HumanFormat.count(Double(issue.count)),
        eventsInRange: HumanFormat.count(Double(issue.countInRange)),
        users: HumanFormat.count(Double(issue.users)),
        firstSeen: HumanFormat.isoTime(issue.firstSeen), firstSeenMicros: issue.firstSeen,
        lastSeen: HumanFormat.isoTime(issue.lastSeen), lastSeenMicros: issue.lastSeen,
        environments: issue.environments.joined(separator: ", "),
        sparkline: Sparkline(values: issue.steps.map { Double($0) }, colorIndex: 3).svg())
    }
    isEmpty = rows.isEmpty
    let status = state.extra["status"] ?? "unresolved"
    statuses = [
      ("unresolved", "Unresolved"), ("resolved", "Resolved"), ("ignored", "Ignored"),
      ("all", "All"),
    ].map { Option(value: $0.0, label: $0.1, selected: status == $0.0) }
    let sort = state.extra["sort"] ?? "last_seen"
    sorts = [
      ("last_seen", "Last seen"), ("first_seen", "First seen"), ("events", "Events"),
      ("users", "Users"),
    ].map { Option(value: $0.0, label: $0.1, selected: sort == $0.0) }
    query = state.extra["query"] ?? ""
    release = state.extra["release"] ?? ""
    hiddenFields =
      state.fieldsBesidesRange()
      .filter { !["status", "sort", "query", "release"].contains($0.name) }
      .map { PageChrome.Field(name: $0.name, value: $0.value) }
      + (state.rangeValue == "custom"
        ? [
          PageChrome.Field(name: "from", value: state.customFrom ?? ""),
          PageChrome.Field(name: "to", value: state.customTo ?? ""),
        ]
        : state.rangeValue == "1h"
          ? [] : [PageChrome.Field(name: "range", value: state.rangeValue)])
    dsnSnippet =
      "import sentry_sdk\nsentry_sdk.init(dsn=\"\(sentryDSN)\", environment=\"production\")"
  }
}
