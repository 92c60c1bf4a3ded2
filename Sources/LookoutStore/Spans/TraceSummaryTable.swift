import GRDB
import LookoutCore

/// One row per trace in `trace_summary`: its time bounds, root span, span count and
/// failures. It finds a trace's blocks when a trace is opened by id, and lists traces
/// without scanning spans.
public enum TraceSummaryTable {
  /// Adds the `trace_summary` table.
  public static func registerMigrations(in migrator: inout DatabaseMigrator) {
    migrator.registerMigration("trace_summary v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE trace_summary(
            project INTEGER NOT NULL, trace_hi INTEGER NOT NULL, trace_lo INTEGER NOT NULL,
            start_us INTEGER NOT NULL, end_us INTEGER NOT NULL, env TEXT NOT NULL,
            root_service TEXT, root_name TEXT, root_duration_us INTEGER, root_outcome INTEGER,
            spans INTEGER NOT NULL, faults INTEGER NOT NULL, errors INTEGER NOT NULL,
            PRIMARY KEY(project, trace_hi, trace_lo)
          ) WITHOUT ROWID;
          CREATE INDEX trace_summary_start ON trace_summary(project, start_us);
          """)
    }
  }

  /// The key of one row.
  struct Key: Hashable {
    var project: Int64
    var trace: TraceKey
  }

  /// What one write adds to a row.
  struct Update {
    var start = Int64.max
    var end = Int64.min
    var environment = ""
    var root: (service: String, name: String, start: Int64, duration: Int64, outcome: Int64)?
    var spans: Int64 = 0
    var faults: Int64 = 0
    var errors: Int64 = 0

    mutating func add(_ span: SpanRecord, environment: String, outcome: SpanOutcome) {
      start = min(start, span.start)
      end = max(end, span.start + max(0, span.duration))
      if self.environment.isEmpty { self.environment = environment }
      spans += 1
      if outcome == .fault { faults += 1 }
      if outcome == .clientError { errors += 1 }
      if span.parentSpanID.isEmpty, root.map({ span.start < $0.start }) ?? true {
        root = (span.service, span.name, span.start, span.duration, outcome.rawValue)
      }
    }

    /// Adds a later batch's update of the same trace (the same result as adding its spans).
    mutating func merge(_ other: Update) {
      start = min(start, other.start)
      end = max(end, other.end)
      if environment.isEmpty { environment = other.environment }
      spans += other.spans
      faults += other.faults
      errors += other.errors
      if let candidate = other.root, root.map({ candidate.start < $0.start }) ?? true {
        root = candidate
      }
    }
  }

  static func upsert(_ updates: [Key: Update], in db: Database) throws {
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO trace_summary(project, trace_hi, trace_lo, start_us, end_us, env,
          root_service, root_name, root_duration_us, root_outcome, spans, faults, errors)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(project, trace_hi, trace_lo) DO UPDATE SET
          start_us = min(start_us, excluded.start_us), end_us = max(end_us, excluded.end_us),
          env = CASE WHEN env = '' THEN excluded.env ELSE env END,
          root_service = coalesce(excluded.root_service, root_service),
          root_name = coalesce(excluded.root_name, root_name),
          root_duration_us = coalesce(excluded.root_duration_us, root_duration_us),
          root_outcome = coalesce(excluded.root_outcome, root_outcome),
          spans = spans + excluded.spans, faults = faults + excluded.faults,
          errors = errors + excluded.errors
        """)
    for (key, update) in updates {
      try statement.execute(arguments: [
        key.project, key.trace.high, key.trace.low, update.start, update.end,
        update.environment, update.root?.service, update.root?.name, update.root?.duration,
        update.root?.outcome, update.spans, update.faults, update.errors,
      ])
    }
  }
}

/// A trace as its summary row describes it.
public struct TraceSummary: Sendable, Hashable {
  /// 32 lowercase hex digits.
  public var traceID: String
  /// Earliest span start, µs since epoch.
  public var start: Int64
  /// Latest span end, µs since epoch.
  public var end: Int64
  public var environment: String
  /// The root span's service and operation, nil until the root span arrives.
  public var rootService: String?
  public var rootName: String?
  /// The root span's duration, µs.
  public var rootDuration: Int64?
  /// The root span's outcome.
  public var rootOutcome: SpanOutcome?
  public var spanCount: Int64
  public var faults: Int64
  public var errors: Int64

  /// The trace's end-to-end duration, µs (the root's, else the span bounds').
  public var duration: Int64 { rootDuration ?? (end - start) }

  init(row: Row) {
    traceID = TraceKey(high: row["trace_hi"], low: row["trace_lo"]).hex
    start = row["start_us"]
    end = row["end_us"]
    environment = row["env"]
    rootService = row["root_service"]
    rootName = row["root_name"]
    rootDuration = row["root_duration_us"]
    rootOutcome = (row["root_outcome"] as Int64?).flatMap(SpanOutcome.init(rawValue:))
    spanCount = row["spans"]
    faults = row["faults"]
    errors = row["errors"]
  }
}
