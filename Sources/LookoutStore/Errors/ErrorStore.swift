import Foundation
import GRDB
import LookoutCore

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

  /// Most tags kept per event, and longest key and value.
  static let tagLimit = 50
  static let tagTextLimit = 200

  /// Opens (or creates) the store at `path` and brings its schema up to date.
  public init(path: String, durability: DatabaseOpener.Durability = .full) throws {
    var migrator = DatabaseMigrator()
    ErrorSchema.register(in: &migrator)
    database = try DatabaseOpener.openPool(at: path, durability: durability, migrator: migrator)
  }

  /// Stores `events` inside the caller's transaction: each joins the issue of its hash (a
  /// new one when the hash is new) and moves it through ``IssueLifecycle``. Events whose
  /// id was stored before are skipped (SDKs resend). Returns the new issues and
  /// regressions, to be announced once the transaction commits.
  public func write(_ events: [GroupedEvent], in db: Database) throws -> [IssueNotification] {
    var notifications: [IssueNotification] = []
    for grouped in events {
      if let note = try write(grouped, in: db) { notifications.append(note) }
    }
    return notifications
  }

  private func write(_ grouped: GroupedEvent, in db: Database) throws -> IssueNotification? {
    let event = grouped.event
    let project = grouped.project
    let seen = try Bool.fetchOne(
      db.cachedStatement(sql: "SELECT 1 FROM error_event WHERE project = ? AND event_id = ?"),
      arguments: [project, event.eventID])
    if seen == true { return nil }

    var notification: IssueNotification?
    let issueID: Int64
    if let existing = try Int64.fetchOne(
      db.cachedStatement(sql: "SELECT issue_id FROM issue_hash WHERE project = ? AND hash = ?"),
      arguments: [project, grouped.hash])
    {
      issueID = existing
      var state = try Self.state(of: issueID, in: db)
      let change = state.record(eventAt: event.timestamp, release: event.release)
      try db.cachedStatement(
        sql: """
          UPDATE issue SET status = ?, substatus = ?, resolved_at = ?, resolved_in_release = ?,
            ignore_until = ?, ignore_until_count = ?, event_count = ?,
            first_seen = min(first_seen, ?), last_seen = max(last_seen, ?),
            last_release = CASE WHEN ? = '' THEN last_release ELSE ? END
          WHERE id = ?
          """
      ).execute(arguments: [
        state.status.rawValue, state.substatus.rawValue, state.resolvedAt,
        state.resolvedInRelease, state.ignoreUntil, state.ignoreUntilCount, state.eventCount,
        event.timestamp, event.timestamp, event.release, event.release, issueID,
      ])
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
      notification = IssueNotification(
        kind: .newIssue, project: project, issueID: issueID, title: grouped.title,
        culprit: grouped.culprit, environment: event.environment, release: event.release,
        eventID: event.eventID)
    }

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
    try db.cachedStatement(
      sql: """
        INSERT INTO issue_minute (issue_id, minute, environment, release, count)
        VALUES (?, ?, ?, ?, 1)
        ON CONFLICT DO UPDATE SET count = count + 1
        """
    ).execute(arguments: [
      issueID, Micros.floor(event.timestamp, to: Micros.perMinute), event.environment,
      event.release,
    ])
    if let userKey {
      try db.cachedStatement(
        sql: "INSERT OR IGNORE INTO issue_user (issue_id, user_key) VALUES (?, ?)"
      ).execute(arguments: [issueID, userKey])
      if db.changesCount > 0 {
        try db.cachedStatement(sql: "UPDATE issue SET user_count = user_count + 1 WHERE id = ?")
          .execute(arguments: [issueID])
      }
    }
    let tags =
      Self.standardTags(of: event)
      + event.tags.prefix(Self.tagLimit).map { ($0.key, $0.value) }
    for (key, value) in tags where !key.isEmpty {
      try db.cachedStatement(
        sql: """
          INSERT INTO issue_tag (issue_id, key, value, count) VALUES (?, ?, ?, 1)
          ON CONFLICT DO UPDATE SET count = count + 1
          """
      ).execute(arguments: [
        issueID, String(key.prefix(Self.tagTextLimit)), String(value.prefix(Self.tagTextLimit)),
      ])
    }
    return notification
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
