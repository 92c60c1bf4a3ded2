import Foundation
import GRDB
import LookoutCore

/// An issue as lists and the JSON API show it.
public struct IssueSummary: Sendable, Hashable, Codable {
  public var id: Int64
  public var title: String
  public var culprit: String
  public var level: String
  public var status: String
  public var substatus: String
  public var count: Int
  public var users: Int
  /// µs since epoch.
  public var firstSeen: Int64
  public var lastSeen: Int64
  public var environments: [String]
  public var releases: [String]
  public var assignee: String?
  /// Events in the filter's range (all events when the filter has none).
  public var countInRange: Int
  /// An ignored issue comes back at this time (µs), when ignored for a time.
  public var ignoreUntil: Int64?
  /// An ignored issue comes back when its event count reaches this, when ignored until
  /// more events.
  public var ignoreUntilCount: Int?

  enum CodingKeys: String, CodingKey {
    case id, title, culprit, level, status, substatus, count, users, environments, releases
    case assignee
    case ignoreUntil = "ignore_until"
    case ignoreUntilCount = "ignore_until_count"
    case firstSeen = "first_seen"
    case lastSeen = "last_seen"
    case countInRange = "count_in_range"
  }
}

/// Which issues a list shows, and in what order.
public struct IssueFilter: Sendable, Hashable {
  /// Sort orders of the issue list.
  public enum Sort: String, Sendable, CaseIterable {
    case lastSeen = "last_seen"
    case firstSeen = "first_seen"
    case events
    case users
  }

  public var project: Int64
  public var environment: String?
  public var release: String?
  public var status: IssueLifecycle.Status?
  /// Free text (matched in title and culprit) and `key:value` tag terms.
  public var query: String
  /// Only issues seen in this range, when set; counts in range are counted in it.
  public var range: TimeRange?
  public var sort: Sort
  public var limit: Int

  public init(
    project: Int64 = 1, environment: String? = nil, release: String? = nil,
    status: IssueLifecycle.Status? = .unresolved, query: String = "", range: TimeRange? = nil,
    sort: Sort = .lastSeen, limit: Int = 100
  ) {
    self.project = project
    self.environment = environment
    self.release = release
    self.status = status
    self.query = query
    self.range = range
    self.sort = sort
    self.limit = limit
  }
}

/// A stored event, as the issue page and `GET /api/v1/issues/{id}/events` show it.
public struct StoredErrorEvent: Sendable, Hashable {
  public var eventID: String
  public var issueID: Int64
  public var timestamp: Int64
  public var environment: String
  public var release: String
  public var level: String
  public var message: String
  public var traceID: String
  public var userKey: String?
  /// The event JSON as received (size-capped).
  public var payload: [UInt8]
}

/// What a person does to an issue.
public enum IssueAction: Sendable, Hashable {
  case resolve
  /// Resolved until a release newer than the issue's latest is seen.
  case resolveInNextRelease
  case unresolve
  /// Ignored forever, until a time (µs), or until N more events.
  case ignore(until: Int64?, moreEvents: Int?)
  case assign(String?)
}

extension ErrorStore {
  /// The issues of `filter`.
  public func issues(_ filter: IssueFilter) throws -> [IssueSummary] {
    try settle()
    var conditions = ["issue.project = ?", "issue.merged_into IS NULL"]
    var arguments: StatementArguments = [filter.project]
    if let status = filter.status {
      conditions.append("issue.status = ?")
      arguments += [status.rawValue]
    }
    var minuteConditions: [String] = []
    var minuteArguments: StatementArguments = []
    if let environment = filter.environment {
      minuteConditions.append("environment = ?")
      minuteArguments += [environment]
    }
    if let release = filter.release {
      minuteConditions.append("release = ?")
      minuteArguments += [release]
    }
    if let range = filter.range {
      minuteConditions.append("minute >= ? AND minute < ?")
      minuteArguments += [Micros.floor(range.from, to: Micros.perMinute), range.to]
    }
    let minuteWhere = (["issue_id = issue.id"] + minuteConditions).joined(separator: " AND ")
    if !minuteConditions.isEmpty {
      conditions.append("EXISTS (SELECT 1 FROM issue_minute WHERE \(minuteWhere))")
      arguments += minuteArguments
    }
    for term in Self.terms(filter.query) {
      if let colon = term.firstIndex(of: ":"), colon != term.startIndex {
        conditions.append(
          "EXISTS (SELECT 1 FROM issue_tag WHERE issue_id = issue.id AND key = ? AND value = ?)")
        arguments += [String(term[..<colon]), String(term[term.index(after: colon)...])]
      } else {
        conditions.append("(issue.title LIKE ? ESCAPE '\\' OR issue.culprit LIKE ? ESCAPE '\\')")
        let pattern = "%" + Self.escapeLike(term) + "%"
        arguments += [pattern, pattern]
      }
    }
    let order =
      switch filter.sort {
      case .lastSeen: "issue.last_seen DESC"
      case .firstSeen: "issue.first_seen DESC"
      case .events: "issue.event_count DESC"
      case .users: "issue.user_count DESC"
      }
    let sql = """
      SELECT issue.*,
        (SELECT coalesce(sum(count), 0) FROM issue_minute WHERE \(minuteWhere)) AS in_range,
        (SELECT group_concat(DISTINCT environment) FROM issue_minute
          WHERE issue_id = issue.id) AS environments,
        (SELECT group_concat(DISTINCT release) FROM issue_minute
          WHERE issue_id = issue.id AND release != '') AS releases
      FROM issue WHERE \(conditions.joined(separator: " AND "))
      ORDER BY \(order), issue.id DESC LIMIT ?
      """
    // The in-range subquery's arguments come first: it appears first in the statement.
    var all: StatementArguments = minuteArguments
    all += arguments
    all += [max(1, min(filter.limit, 1_000))]
    return try database.read { db in
      try Row.fetchAll(db, sql: sql, arguments: all).map(Self.summary)
    }
  }

  /// One issue, merged or not.
  public func issue(id: Int64) throws -> IssueSummary? {
    try settle()
    return try database.read { db in
      try Row.fetchOne(
        db,
        sql: """
          SELECT issue.*, event_count AS in_range,
            (SELECT group_concat(DISTINCT environment) FROM issue_minute
              WHERE issue_id = issue.id) AS environments,
            (SELECT group_concat(DISTINCT release) FROM issue_minute
              WHERE issue_id = issue.id AND release != '') AS releases
          FROM issue WHERE id = ?
          """, arguments: [id]
      ).map(Self.summary)
    }
  }

  /// Events of an issue, newest first, older than `before` (µs) when given.
  public func events(issueID: Int64, limit: Int = 50, before: Int64? = nil) throws
    -> [StoredErrorEvent]
  {
    try database.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM error_event WHERE issue_id = ? AND timestamp < ?
          ORDER BY timestamp DESC, event_id DESC LIMIT ?
          """, arguments: [issueID, before ?? Int64.max, max(1, min(limit, 1_000))]
      ).map(Self.storedEvent)
    }
  }

  /// The ids of the events just older and just newer than `event` in its issue (by time,
  /// then id), for older/newer links; nil at either end.
  public func neighbors(of event: StoredErrorEvent) throws -> (older: String?, newer: String?) {
    try database.read { db in
      let arguments: StatementArguments = [
        event.issueID, event.timestamp, event.timestamp, event.eventID,
      ]
      let older = try String.fetchOne(
        db,
        sql: """
          SELECT event_id FROM error_event WHERE issue_id = ?
            AND (timestamp < ? OR (timestamp = ? AND event_id < ?))
          ORDER BY timestamp DESC, event_id DESC LIMIT 1
          """, arguments: arguments)
      let newer = try String.fetchOne(
        db,
        sql: """
          SELECT event_id FROM error_event WHERE issue_id = ?
            AND (timestamp > ? OR (timestamp = ? AND event_id > ?))
          ORDER BY timestamp, event_id LIMIT 1
          """, arguments: arguments)
      return (older, newer)
    }
  }

  /// One event by id.
  public func event(project: Int64, eventID: String) throws -> StoredErrorEvent? {
    try database.read { db in
      try Row.fetchOne(
        db, sql: "SELECT * FROM error_event WHERE project = ? AND event_id = ?",
        arguments: [project, eventID]
      ).map(Self.storedEvent)
    }
  }

  /// Applies a person's action to an issue and returns it updated.
  @discardableResult
  public func apply(_ action: IssueAction, to issueID: Int64, now: Int64) async throws
    -> IssueSummary
  {
    try await database.write { db in
      var state = try Self.state(of: issueID, in: db)
      switch action {
      case .resolve: state.resolve(at: now)
      case .resolveInNextRelease:
        let latest =
          try String.fetchOne(
            db, sql: "SELECT last_release FROM issue WHERE id = ?", arguments: [issueID]) ?? ""
        guard !latest.isEmpty else {
          throw ErrorStoreError.invalidAction("the issue has no release to resolve it after")
        }
        state.resolve(at: now, inNextRelease: latest)
      case .unresolve: state.unresolve()
      case .ignore(let until, let moreEvents):
        state.ignore(until: until, moreEvents: moreEvents)
      case .assign(let assignee):
        try db.execute(
          sql: "UPDATE issue SET assignee = ? WHERE id = ?", arguments: [assignee, issueID])
        return
      }
      try db.execute(
        sql: """
          UPDATE issue SET status = ?, substatus = ?, resolved_at = ?, resolved_in_release = ?,
            ignore_until = ?, ignore_until_count = ? WHERE id = ?
          """,
        arguments: [
          state.status.rawValue, state.substatus.rawValue, state.resolvedAt,
          state.resolvedInRelease, state.ignoreUntil, state.ignoreUntilCount, issueID,
        ])
    }
    guard let updated = try issue(id: issueID) else { throw ErrorStoreError.issueNotFound(issueID) }
    return updated
  }

  /// Events per step of `range` for each of `issueIDs` (sparklines).
  public func counts(issueIDs: [Int64], range: TimeRange, step: Int64, environment: String? = nil)
    throws -> [Int64: [Int]]
  {
    guard !issueIDs.isEmpty, step > 0, range.to > range.from else { return [:] }
    try settle()
    let steps = Int(min(10_000, (range.to - range.from + step - 1) / step))
    var result = Dictionary(
      uniqueKeysWithValues: issueIDs.map { ($0, [Int](repeating: 0, count: steps)) })
    let placeholders = issueIDs.map { _ in "?" }.joined(separator: ",")
    var arguments: StatementArguments = StatementArguments(issueIDs)
    arguments += [Micros.floor(range.from, to: Micros.perMinute), range.to]
    var sql = """
      SELECT issue_id, minute, sum(count) AS n FROM issue_minute
      WHERE issue_id IN (\(placeholders)) AND minute >= ? AND minute < ?
      """
    if let environment {
      sql += " AND environment = ?"
      arguments += [environment]
    }
    sql += " GROUP BY issue_id, minute"
    try database.read { db in
      let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
      while let row = try rows.next() {
        let id: Int64 = row["issue_id"]
        let index = Int((max(row["minute"] as Int64, range.from) - range.from) / step)
        if index >= 0 && index < steps { result[id]?[index] += row["n"] as Int }
      }
    }
    return result
  }

  /// An issue's tags: each key with its values and counts, most frequent first.
  public func tags(issueID: Int64, valuesPerKey: Int = 10) throws -> [(
    key: String, values: [(value: String, count: Int)]
  )] {
    try settle()
    return try database.read { db in
      let rows = try Row.fetchAll(
        db,
        sql: "SELECT key, value, count FROM issue_tag WHERE issue_id = ? ORDER BY key, count DESC",
        arguments: [issueID])
      var keys: [String] = []
      var values: [String: [(String, Int)]] = [:]
      for row in rows {
        let key: String = row["key"]
        if values[key] == nil { keys.append(key) }
        if values[key, default: []].count < valuesPerKey {
          values[key, default: []].append((row["value"], row["count"]))
        }
      }
      return keys.map { ($0, values[$0]!.map { (value: $0.0, count: $0.1) }) }
    }
  }

  /// Events per environment and per release of an issue.
  public func breakdown(issueID: Int64) throws -> (
    environments: [(String, Int)], releases: [(String, Int)]
  ) {
    try settle()
    return try database.read { db in
      let environments = try Row.fetchAll(
        db,
        sql: """
          SELECT environment, sum(count) AS n FROM issue_minute WHERE issue_id = ?
          GROUP BY environment ORDER BY n DESC
          """, arguments: [issueID]
      ).map { ($0["environment"] as String, $0["n"] as Int) }
      let releases = try Row.fetchAll(
        db,
        sql: """
          SELECT release, sum(count) AS n FROM issue_minute WHERE issue_id = ? AND release != ''
          GROUP BY release ORDER BY n DESC
          """, arguments: [issueID]
      ).map { ($0["release"] as String, $0["n"] as Int) }
      return (environments, releases)
    }
  }

  static func terms(_ query: String) -> [String] {
    query.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init).filter {
      !$0.isEmpty
    }
  }

  static func escapeLike(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
      .replacingOccurrences(of: "_", with: "\\_")
  }

  static func summary(_ row: Row) -> IssueSummary {
    func list(_ column: String) -> [String] {
      ((row[column] as String?) ?? "").split(separator: ",").map(String.init).sorted()
    }
    return IssueSummary(
      id: row["id"], title: row["title"], culprit: row["culprit"], level: row["level"],
      status: row["status"], substatus: row["substatus"], count: row["event_count"],
      users: row["user_count"], firstSeen: row["first_seen"], lastSeen: row["last_seen"],
      environments: list("environments"), releases: list("releases"), assignee: row["assignee"],
      countInRange: row["in_range"], ignoreUntil: row["ignore_until"],
      ignoreUntilCount: row["ignore_until_count"])
  }

  static func storedEvent(_ row: Row) -> StoredErrorEvent {
    StoredErrorEvent(
      eventID: row["event_id"], issueID: row["issue_id"], timestamp: row["timestamp"],
      environment: row["environment"], release: row["release"], level: row["level"],
      message: row["message"], traceID: row["trace_id"], userKey: row["user_key"],
      payload: [UInt8](row["payload"] as Data))
  }
}

extension ErrorStore {
  /// How far around a trace's spans its error events are looked for (SDK clocks drift,
  /// and an error can be reported after the span that raised it ended).
  public static let traceEventMargin: Int64 = 10 * Micros.perMinute

  /// The issues (id and title) of the error events recorded in one trace, whose spans
  /// cover `spans`.
  ///
  /// Events are found by time (the project's events of `spans` widened by
  /// ``traceEventMargin``) and then by trace id: an index by trace id would cost every
  /// event a write at a random place of it, and a trace is opened far less often than
  /// events arrive.
  public func issues(project: Int64, traceID: String, spans: TimeRange) throws -> [(
    id: Int64, title: String
  )] {
    guard !traceID.isEmpty else { return [] }
    return try database.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT DISTINCT i.id, i.title FROM error_event e JOIN issue i ON i.id = e.issue_id
          WHERE e.project = ? AND e.timestamp >= ? AND e.timestamp < ? AND e.trace_id = ?
          """,
        arguments: [
          project, spans.from - Self.traceEventMargin, spans.to + Self.traceEventMargin, traceID,
        ]
      ).map { (id: $0["id"], title: $0["title"]) }
    }
  }
}
