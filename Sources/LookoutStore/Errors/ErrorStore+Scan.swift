import GRDB
import LookoutCore

/// One error event as the query language reads it: the indexed fields, not the payload.
public struct ErrorEventRow: Sendable, Hashable {
  public var timestamp: Int64
  public var eventID: String
  public var issueID: Int64
  public var title: String
  public var culprit: String
  public var environment: String
  public var release: String
  public var level: String
  public var message: String
  public var traceID: String
  public var userKey: String
}

extension ErrorStore {
  /// Calls `body` with the events of `project` in `range`, oldest first, `batchSize` at a
  /// time, each with its issue's title and culprit (a merged issue's events show the issue
  /// they were merged into); stops when `body` returns false.
  ///
  /// Each batch is its own read: a long scan never holds one transaction open.
  public func scanEvents(
    project: Int64, range: TimeRange, batchSize: Int = 8_192,
    _ body: ([ErrorEventRow]) throws -> Bool
  ) throws {
    var after: (timestamp: Int64, eventID: String) = (range.from - 1, "\u{10FFFF}")
    while true {
      let rows = try database.read { db in
        try Row.fetchAll(
          db,
          sql: """
            SELECT e.timestamp, e.event_id, COALESCE(i.merged_into, e.issue_id), i.title,
              i.culprit, e.environment, e.release, e.level, e.message, e.trace_id,
              COALESCE(e.user_key, '')
            FROM error_event e LEFT JOIN issue i ON i.id = e.issue_id
            WHERE e.project = ? AND e.timestamp < ?
              AND (e.timestamp > ? OR (e.timestamp = ? AND e.event_id > ?))
            ORDER BY e.timestamp, e.event_id LIMIT ?
            """,
          arguments: [
            project, range.to, after.timestamp, after.timestamp, after.eventID, batchSize,
          ]
        ).map { row in
          ErrorEventRow(
            timestamp: row[0], eventID: row[1], issueID: row[2], title: row[3] ?? "",
            culprit: row[4] ?? "", environment: row[5], release: row[6], level: row[7],
            message: row[8], traceID: row[9], userKey: row[10])
        }
      }
      guard let last = rows.last else { return }
      if try !body(rows) { return }
      guard rows.count == batchSize else { return }
      after = (last.timestamp, last.eventID)
    }
  }
}
