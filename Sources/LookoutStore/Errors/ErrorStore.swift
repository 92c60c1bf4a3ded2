import Foundation
import GRDB
import LookoutCore
import Synchronization

/// Errors grouped into issues, in `errors.sqlite`: the issues with their lifecycle, every
/// event (whole, size-capped), and per-minute, per-user and per-tag counts.
///
/// ```swift
/// let store = try ErrorStore(path: "lookout-data/errors.sqlite")
/// let notes = try await store.database.write { db in try store.write(events, in: db) }
/// ```
public final class ErrorStore: Sendable {
  /// The WAL pool of `errors.sqlite`.
  public let database: DatabasePool

  /// Whether `error_count_log` may hold rows, and when it was last folded.
  struct CountLogState {
    /// True at start: a crash may have left rows.
    var pending = true
    var lastFold = ContinuousClock.now
  }

  /// How often, at most, the count log is folded while batches keep coming.
  let countFoldInterval: Duration

  let countLog = Mutex(CountLogState())

  /// Most tags kept per event, and longest key and value.
  static let tagLimit = 50
  static let tagTextLimit = 200

  /// Opens (or creates) the store at `path` and brings its schema up to date.
  ///
  /// - Parameter countFoldInterval: how often, at most, batches fold the count log
  ///   (``ErrorCounts``); readers fold it whenever it holds rows.
  public init(
    path: String, durability: DatabaseOpener.Durability = .full,
    countFoldInterval: Duration = .seconds(1)
  ) throws {
    self.countFoldInterval = countFoldInterval
    var migrator = DatabaseMigrator()
    ErrorSchema.register(in: &migrator)
    database = try DatabaseOpener.openPool(at: path, durability: durability, migrator: migrator)
  }

  /// Stores `events` inside the caller's transaction: each joins the issue of its hash (a
  /// new one when the hash is new) and moves it through ``IssueLifecycle``. Events whose
  /// id was stored before are skipped (SDKs resend). Returns the new issues and
  /// regressions, to be announced once the transaction commits.
  ///
  /// Each event gets its own row; the issue, minute, user and tag rows are summed over
  /// the batch (``ErrorBatchTally``) and written once each, with the same result as
  /// writing them event by event.
  public func write(_ events: [GroupedEvent], in db: Database) throws -> [IssueNotification] {
    var notifications: [IssueNotification] = []
    var tally = ErrorBatchTally()
    for grouped in events {
      if let note = try write(grouped, tally: &tally, in: db) { notifications.append(note) }
    }
    try tally.write(in: db)
    try log(tally.counts, in: db)
    return notifications
  }

  /// Appends a batch's minute and tag counts to the count log, or folds the log with them
  /// when the last fold is ``countFoldInterval`` old.
  private func log(_ counts: ErrorCounts, in db: Database) throws {
    guard !counts.isEmpty else { return }
    let due = countLog.withLock { $0.lastFold.duration(to: .now) >= countFoldInterval }
    if due {
      try foldCounts(adding: counts, in: db)
      return
    }
    try db.cachedStatement(sql: "INSERT INTO error_count_log (counts) VALUES (?)")
      .execute(arguments: [Data(counts.encoded())])
    db.afterNextTransaction { _ in self.countLog.withLock { $0.pending = true } }
  }

  /// Folds every logged count (and `extra`) into `issue_minute` and `issue_tag`, in the
  /// caller's transaction.
  func foldCounts(adding extra: ErrorCounts = ErrorCounts(), in db: Database) throws {
    var total = extra
    let rows = try Row.fetchAll(db, sql: "SELECT counts FROM error_count_log ORDER BY id")
    for row in rows {
      // A row this code did not write (a damaged page) cannot be read by anyone: it
      // goes with the others rather than stop every later fold.
      if let counts = try? ErrorCounts(decoding: [UInt8](row[0] as Data)) { total.add(counts) }
    }
    if !rows.isEmpty { try db.execute(sql: "DELETE FROM error_count_log") }
    try total.write(in: db)
    db.afterNextTransaction { _ in
      self.countLog.withLock {
        $0.pending = false
        $0.lastFold = .now
      }
    }
  }

  /// Folds the count log when it may hold rows: readers of `issue_minute` and
  /// `issue_tag` call this first, so counts are never behind the events.
  public func settle() throws {
    guard countLog.withLock({ $0.pending }) else { return }
    try database.write { db in try foldCounts(in: db) }
  }

  private func write(_ grouped: GroupedEvent, tally: inout ErrorBatchTally, in db: Database)
    throws -> IssueNotification?
  {
    let event = grouped.event
    let project = grouped.project
    let seen = try Bool.fetchOne(
      db.cachedStatement(sql: "SELECT 1 FROM error_event WHERE project = ? AND event_id = ?"),
      arguments: [project, event.eventID])
    if seen == true { return nil }

    var notification: IssueNotification?
    let hashKey = ErrorBatchTally.HashKey(project: project, hash: grouped.hash)
    let issueID: Int64
    if let existing = try tally.issueIDs[hashKey] ?? existingIssue(of: grouped, in: db) {
      issueID = existing
      if tally.issues[issueID] == nil {
        tally.track(
          issueID,
          .init(
            state: try Self.state(of: issueID, in: db), firstSeen: event.timestamp,
            lastSeen: event.timestamp))
      }
      let change = tally.record(eventAt: event.timestamp, release: event.release, issueID: issueID)
      if change == .regressed {
        notification = try note(.regressed, issueID: issueID, grouped, in: db)
      }
    } else {
      let state = IssueLifecycle.State.new()
      try db.cachedStatement(
        sql: """
          INSERT INTO issue (project, title, culprit, level, method, status, substatus,
            first_seen, last_seen, event_count, user_count, first_release, last_release)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?)
          """
      ).execute(arguments: [
        project, grouped.title, grouped.culprit, event.level, grouped.method,
        state.status.rawValue, state.substatus.rawValue, event.timestamp, event.timestamp,
        event.release, event.release,
      ])
      issueID = db.lastInsertedRowID
      try db.cachedStatement(
        sql: "INSERT INTO issue_hash (project, hash, version, issue_id) VALUES (?, ?, ?, ?)"
      ).execute(arguments: [project, grouped.hash, grouped.groupingVersion, issueID])
      tally.track(
        issueID, .init(state: state, firstSeen: event.timestamp, lastSeen: event.timestamp))
      notification = IssueNotification(
        kind: .newIssue, project: project, issueID: issueID, title: grouped.title,
        culprit: grouped.culprit, environment: event.environment, release: event.release,
        eventID: event.eventID)
    }
    tally.issueIDs[hashKey] = issueID

    let userKey = event.user?.key
    try db.cachedStatement(
      sql: """
        INSERT INTO error_event (project, event_id, issue_id, hash, timestamp, environment,
          release, level, user_key, message, trace_id, payload)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(arguments: [
      project, event.eventID, issueID, grouped.hash, event.timestamp, event.environment,
      event.release, event.level, userKey, Self.summary(of: event), event.traceID,
      Data(event.payload),
    ])
    tally.count(
      minute: .init(
        issueID: issueID, minute: Micros.floor(event.timestamp, to: Micros.perMinute),
        environment: event.environment, release: event.release))
    if let userKey, tally.firstInBatch(.init(issueID: issueID, userKey: userKey)) {
      try db.cachedStatement(
        sql: "INSERT OR IGNORE INTO issue_user (issue_id, user_key) VALUES (?, ?)"
      ).execute(arguments: [issueID, userKey])
      if db.changesCount > 0 { tally.countNewUser(issueID: issueID) }
    }
    for (key, value) in Self.standardTags(of: event) {
      tally.count(tag: Self.tagKey(issueID: issueID, key: key, value: value))
    }
    for tag in event.tags.prefix(Self.tagLimit) where !tag.key.isEmpty {
      tally.count(tag: Self.tagKey(issueID: issueID, key: tag.key, value: tag.value))
    }
    return notification
  }

  /// The issue a grouping hash already belongs to, nil for a new hash.
  private func existingIssue(of grouped: GroupedEvent, in db: Database) throws -> Int64? {
    try Int64.fetchOne(
      db.cachedStatement(sql: "SELECT issue_id FROM issue_hash WHERE project = ? AND hash = ?"),
      arguments: [grouped.project, grouped.hash])
  }

  /// A tag row's key, with key and value cut to ``tagTextLimit`` characters.
  private static func tagKey(issueID: Int64, key: String, value: String)
    -> ErrorBatchTally.TagKey
  {
    .init(
      issueID: issueID, key: Self.cut(key, to: tagTextLimit),
      value: Self.cut(value, to: tagTextLimit))
  }

  /// `text` cut to `limit` characters; the text itself when it is that short (checked on
  /// its UTF-8 length first, which is never less than its characters).
  private static func cut(_ text: String, to limit: Int) -> String {
    text.utf8.count <= limit ? text : String(text.prefix(limit))
  }

  /// Tags every event gets from its own fields, as Sentry shows them.
  static func standardTags(of event: ErrorEvent) -> [(String, String)] {
    var tags: [(String, String)] = [("environment", event.environment), ("level", event.level)]
    if !event.release.isEmpty { tags.append(("release", event.release)) }
    if !event.serverName.isEmpty { tags.append(("server_name", event.serverName)) }
    if !event.transaction.isEmpty { tags.append(("transaction", event.transaction)) }
    if let user = event.user?.key { tags.append(("user", user)) }
    return tags
  }

  /// The line an event shows in lists: the raised exception, else the message.
  static func summary(of event: ErrorEvent) -> String {
    if let last = event.exceptions.last {
      return last.value.isEmpty ? last.type : "\(last.type): \(last.value)"
    }
    return event.message
  }

  private func note(
    _ kind: IssueNotification.Kind, issueID: Int64, _ grouped: GroupedEvent, in db: Database
  ) throws -> IssueNotification {
    let row = try Row.fetchOne(
      db.cachedStatement(sql: "SELECT title, culprit FROM issue WHERE id = ?"),
      arguments: [issueID])
    return IssueNotification(
      kind: kind, project: grouped.project, issueID: issueID, title: row?["title"] ?? "",
      culprit: row?["culprit"] ?? "", environment: grouped.event.environment,
      release: grouped.event.release, eventID: grouped.event.eventID)
  }

  static func state(of issueID: Int64, in db: Database) throws -> IssueLifecycle.State {
    guard
      let row = try Row.fetchOne(
        db.cachedStatement(
          sql: """
            SELECT status, substatus, resolved_at, resolved_in_release, ignore_until,
              ignore_until_count, event_count FROM issue WHERE id = ?
            """), arguments: [issueID])
    else { throw ErrorStoreError.issueNotFound(issueID) }
    return IssueLifecycle.State(
      status: IssueLifecycle.Status(rawValue: row["status"]) ?? .unresolved,
      substatus: IssueLifecycle.Substatus(rawValue: row["substatus"]) ?? .ongoing,
      resolvedAt: row["resolved_at"], resolvedInRelease: row["resolved_in_release"],
      ignoreUntil: row["ignore_until"], ignoreUntilCount: row["ignore_until_count"],
      eventCount: row["event_count"])
  }
}

/// Errors of the error store.
public enum ErrorStoreError: Error, CustomStringConvertible, Equatable {
  case issueNotFound(Int64)
  case invalidAction(String)

  public var description: String {
    switch self {
    case .issueNotFound(let id): "no issue \(id)"
    case .invalidAction(let detail): detail
    }
  }
}
