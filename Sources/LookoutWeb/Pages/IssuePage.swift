import LookoutCore

/// One issue: what it is, its actions, events over time, the shown event's stack trace
/// (in-app frames highlighted, with context lines), breadcrumbs, tags, and the events
/// before and after it.
public struct IssuePage: Sendable {
  /// A breadcrumb of the shown event.
  public struct Breadcrumb: Sendable {
    public var time: String
    public var category: String
    public var level: String
    public var message: String

    public init(time: String, category: String, level: String, message: String) {
      self.time = time
      self.category = category
      self.level = level
      self.message = message
    }
  }

  /// A stack frame as shown.
  public struct Frame: Sendable {
    public var location: String
    public var function: String
    public var inApp: Bool
    public var lines: [Line]
  }

  /// A source line around a frame; `current` is the line that ran.
  public struct Line: Sendable {
    public var number: String
    public var text: String
    public var current: Bool
  }

  /// One exception of the chain.
  public struct Exception: Sendable {
    public var type: String
    public var value: String
    public var frames: [Frame]
  }

  /// A tag key with its most frequent values.
  public struct Tag: Sendable {
    public var key: String
    public var values: [Figure]
  }

  public var id: Int64
  public var title: String
  public var culprit: String
  public var badge: String
  /// Whether there is a badge (swift-mustache treats an empty string as true).
  public var hasBadge: Bool
  public var status: String
  public var isResolved: Bool
  public var isIgnored: Bool
  public var figures: [Figure]
  public var chart: String
  public var environments: [Figure]
  public var releases: [Figure]
  public var tags: [Tag]
  public var eventID: String
  public var eventTime: String
  public var eventTimeMicros: Int64
  public var eventMessage: String
  public var traceID: String
  public var hasTrace: Bool
  public var hasMessage: Bool
  public var exceptions: [Exception]
  public var breadcrumbs: [Breadcrumb]
  public var hasBreadcrumbs: Bool
  public var previousURL: String?
  public var nextURL: String?
  public var actionURL: String
  public var returnURL: String

  /// Builds the page.
  public init(
    id: Int64, title: String, culprit: String, status: String, substatus: String, count: Int,
    users: Int, firstSeen: Int64, lastSeen: Int64, assignee: String?,
    times: [Int64], step: Int64, steps: [Int], environments: [(String, Int)],
    releases: [(String, Int)], tags: [(key: String, values: [(value: String, count: Int)])],
    event: ErrorEvent?, breadcrumbs: [Breadcrumb], previousEventID: String?,
    nextEventID: String?, state: PageState
  ) {
    self.id = id
    self.title = title
    self.culprit = culprit
    self.status = status
    badge = status == "unresolved" ? (substatus == "ongoing" ? "" : substatus) : status
    hasBadge = !badge.isEmpty
    isResolved = status == "resolved"
    isIgnored = status == "ignored"
    figures = [
      Figure(label: "Events", value: HumanFormat.count(Double(count))),
      Figure(label: "Users", value: HumanFormat.count(Double(users))),
      Figure(label: "First seen", value: HumanFormat.isoTime(firstSeen)),
      Figure(label: "Last seen", value: HumanFormat.isoTime(lastSeen)),
      Figure(label: "Assignee", value: assignee ?? "nobody"),
    ]
    chart = StackedBarChart(
      times: times, stepMicros: step,
      series: [ChartSeries(name: "events", values: steps.map { Double($0) }, colorIndex: 3)],
      unit: .count, title: "Events over time"
    ).svg()
    self.environments = environments.map {
      Figure(label: $0.0, value: HumanFormat.count(Double($0.1)))
    }
    self.releases = releases.prefix(10).map {
      Figure(label: $0.0, value: HumanFormat.count(Double($0.1)))
    }
    self.tags = tags.map { tag in
      Tag(
        key: tag.key,
        values: tag.values.map {
          Figure(label: $0.value, value: HumanFormat.count(Double($0.count)))
        })
    }
    eventID = event?.eventID ?? ""
    eventTime = event.map { HumanFormat.isoTime($0.timestamp) } ?? ""
    eventTimeMicros = event?.timestamp ?? 0
    eventMessage = event?.message ?? ""
    traceID = event?.traceID ?? ""
    hasTrace = !traceID.isEmpty
    hasMessage = !eventMessage.isEmpty
    // The raised exception first, then its causes, frames most recent call first.
    exceptions = (event?.exceptions ?? []).reversed().map { exception in
      Exception(
        type: exception.type, value: exception.value,
        frames: exception.frames.reversed().map { frame in
          let location = [frame.module.isEmpty ? frame.filename : frame.module]
            .filter { !$0.isEmpty }.joined()
          var lines: [Line] = []
          if let lineno = frame.lineno, !frame.contextLine.isEmpty {
            for (offset, text) in frame.preContext.enumerated() {
              let number = lineno - frame.preContext.count + offset
              lines.append(Line(number: String(number), text: text, current: false))
            }
            lines.append(Line(number: String(lineno), text: frame.contextLine, current: true))
            for (offset, text) in frame.postContext.enumerated() {
              lines.append(Line(number: String(lineno + 1 + offset), text: text, current: false))
            }
          }
          return Frame(
            location: location + (frame.lineno.map { " line \($0)" } ?? ""),
            function: frame.function, inApp: frame.inApp == true, lines: lines)
        })
    }
    self.breadcrumbs = breadcrumbs
    hasBreadcrumbs = !breadcrumbs.isEmpty
    let path = "/issues/\(id)"
    previousURL = previousEventID.map { state.url(path, ["event": $0]) }
    nextURL = nextEventID.map { state.url(path, ["event": $0]) }
    actionURL = "/issues/\(id)/action"
    returnURL = state.url(path)
  }
}
