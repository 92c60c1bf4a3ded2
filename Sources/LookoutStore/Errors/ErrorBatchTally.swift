import GRDB

/// What one batch of events adds to issues and their per-minute, per-tag and per-user
/// rows, summed in memory so each row is written once per batch instead of once per event.
///
/// ``ErrorStore`` records every event here in order (so issue states move exactly as they
/// would event by event) and calls ``write(in:)`` at the end of the batch, inside the same
/// transaction, for the issue rows; the minute and tag counts (``counts``) go to the count
/// log (``ErrorCounts``).
///
/// ```swift
/// var tally = ErrorBatchTally()
/// tally.count(minute: key)
/// try tally.write(in: db)
/// ```
struct ErrorBatchTally {
  /// An issue touched by the batch: its state after the batch's events so far, and what
  /// they change in its row.
  struct IssueChange {
    var state: IssueLifecycle.State
    var firstSeen: Int64
    var lastSeen: Int64
    /// The last non-empty release of the batch's events, nil when none had one.
    var lastRelease: String?
    /// Users seen for the first time in this issue.
    var newUsers = 0
    /// Whether the row needs the update (an issue created by the batch needs none until a
    /// second event or a user joins it).
    var changed = false

    /// Folds one event's time and release in.
    mutating func record(eventAt time: Int64, release: String) {
      firstSeen = min(firstSeen, time)
      lastSeen = max(lastSeen, time)
      if !release.isEmpty { lastRelease = release }
      changed = true
    }
  }

  /// A grouping hash of a project.
  struct HashKey: Hashable {
    var project: Int64
    var hash: String
  }

  /// One `issue_minute` row.
  struct MinuteKey: Hashable {
    var issueID: Int64
    var minute: Int64
    var environment: String
    var release: String
  }

  /// One `issue_tag` row.
  struct TagKey: Hashable {
    var issueID: Int64
    var key: String
    var value: String
  }

  /// One `issue_user` row.
  struct UserKey: Hashable {
    var issueID: Int64
    var userKey: String
  }

  /// The issue of each hash the batch has looked up or created.
  var issueIDs: [HashKey: Int64] = [:]
  /// Issues touched, by id, and the order they were first touched in.
  private(set) var issues: [Int64: IssueChange] = [:]
  private var issueOrder: [Int64] = []
  /// The batch's minute and tag counts.
  private(set) var counts = ErrorCounts()
  private var users: Set<UserKey> = []

  /// Starts tracking an issue with its state before the batch's next event.
  mutating func track(_ issueID: Int64, _ change: IssueChange) {
    if issues.updateValue(change, forKey: issueID) == nil { issueOrder.append(issueID) }
  }

  /// Applies one event to a tracked issue's state and returns what that changed.
  mutating func record(eventAt time: Int64, release: String, issueID: Int64)
    -> IssueLifecycle.Change
  {
    guard var change = issues[issueID] else { return .none }
    let result = change.state.record(eventAt: time, release: release)
    change.record(eventAt: time, release: release)
    issues[issueID] = change
    return result
  }

  /// Whether `user` is new to the batch for the issue (only then is its row written).
  mutating func firstInBatch(_ user: UserKey) -> Bool {
    users.insert(user).inserted
  }

  /// Counts a user the store had not seen for the issue.
  mutating func countNewUser(issueID: Int64) {
    issues[issueID]?.newUsers += 1
    issues[issueID]?.changed = true
  }

  /// Counts one event in its minute row.
  mutating func count(minute key: MinuteKey) { counts.minutes[key, default: 0] += 1 }

  /// Counts one event in a tag row.
  mutating func count(tag key: TagKey) { counts.tags[key, default: 0] += 1 }

  /// Writes one update per changed issue.
  func write(in db: Database) throws {
    for issueID in issueOrder {
      guard let change = issues[issueID], change.changed else { continue }
      let state = change.state
      try db.cachedStatement(
        sql: """
          UPDATE issue SET status = ?, substatus = ?, resolved_at = ?, resolved_in_release = ?,
            ignore_until = ?, ignore_until_count = ?, event_count = ?,
            first_seen = min(first_seen, ?), last_seen = max(last_seen, ?),
            last_release = coalesce(?, last_release), user_count = user_count + ?
          WHERE id = ?
          """
      ).execute(arguments: [
        state.status.rawValue, state.substatus.rawValue, state.resolvedAt,
        state.resolvedInRelease, state.ignoreUntil, state.ignoreUntilCount, state.eventCount,
        change.firstSeen, change.lastSeen, change.lastRelease, change.newUsers, issueID,
      ])
    }
  }
}
