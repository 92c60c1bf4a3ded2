import Foundation
import GRDB
import LookoutCore

/// Spans in `traces.sqlite`, one row each, indexed by trace and by (service, name, time).
///
/// Today only Sentry transactions land here; the traces work (OTLP, X-Ray, the trace view)
/// moves spans to column blocks with rollups, behind the same calls.
public final class SpanStore: Sendable {
  /// The WAL pool of `traces.sqlite`.
  public let database: DatabasePool

  /// Opens (or creates) the store at `path` and brings its schema up to date.
  public init(path: String, durability: DatabaseOpener.Durability = .full) throws {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("spans v1") { db in
      try db.create(table: "span") { t in
        t.column("project", .integer).notNull()
        t.column("trace_id", .text).notNull()
        t.column("span_id", .text).notNull()
        t.column("parent_span_id", .text).notNull()
        t.column("service", .text).notNull()
        t.column("name", .text).notNull()
        t.column("kind", .text).notNull()
        t.column("start", .integer).notNull()
        t.column("duration", .integer).notNull()
        t.column("status", .text).notNull()
        t.column("status_message", .text).notNull()
        t.column("attributes", .text).notNull()
        t.column("environment", .text).notNull()
        t.primaryKey(["project", "trace_id", "span_id"])
      }
      try db.create(
        index: "span_service_name", on: "span", columns: ["project", "service", "name", "start"])
    }
    database = try DatabaseOpener.openPool(at: path, durability: durability, migrator: migrator)
  }

  /// Stores `spans` of `project` inside the caller's transaction; a span stored before
  /// (same trace and span id) is replaced.
  public func write(_ spans: [SpanRecord], project: Int64, in db: Database) throws {
    let insert = try db.cachedStatement(
      sql: """
        INSERT OR REPLACE INTO span (project, trace_id, span_id, parent_span_id, service, name,
          kind, start, duration, status, status_message, attributes, environment)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    for span in spans {
      let attributes = String(
        decoding: try JSONSerialization.data(
          withJSONObject: span.attributes, options: [.sortedKeys]),
        as: UTF8.self)
      try insert.execute(arguments: [
        project, span.traceID, span.spanID, span.parentSpanID, span.service, span.name,
        span.kind.rawValue, span.start, span.duration, span.status.rawValue, span.statusMessage,
        attributes, span.environment,
      ])
    }
  }

  /// The spans of one trace, in start order.
  public func trace(project: Int64, traceID: String) throws -> [SpanRecord] {
    try database.read { db in
      try Row.fetchAll(
        db, sql: "SELECT * FROM span WHERE project = ? AND trace_id = ? ORDER BY start, span_id",
        arguments: [project, traceID]
      ).map { row in
        let attributes =
          (try? JSONSerialization.jsonObject(with: Data((row["attributes"] as String).utf8)))
          as? [String: String] ?? [:]
        return SpanRecord(
          traceID: row["trace_id"], spanID: row["span_id"], parentSpanID: row["parent_span_id"],
          service: row["service"], name: row["name"],
          kind: SpanRecord.Kind(rawValue: row["kind"]) ?? .unspecified, start: row["start"],
          duration: row["duration"], status: SpanRecord.Status(rawValue: row["status"]) ?? .unset,
          statusMessage: row["status_message"], attributes: attributes,
          environment: row["environment"])
      }
    }
  }
}
