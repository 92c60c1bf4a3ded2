import Foundation
import GRDB
import LookoutAnalysis
import LookoutCore

/// Minute rollups of spans: RED metrics per (environment, service, operation, kind) in
/// `span_rollup`, and per service-map edge in `span_edge_rollup`. Each row has the calls,
/// faults, client errors, summed and largest duration and a mergeable ``QuantileSketch``
/// of durations (1% relative error), so the service pages and the map never rescan spans.
public enum SpanRollupTable {
  /// Adds both tables.
  public static func registerMigrations(in migrator: inout DatabaseMigrator) {
    migrator.registerMigration("span_rollup v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE span_rollup(
            project INTEGER NOT NULL, minute INTEGER NOT NULL, env INTEGER NOT NULL,
            service INTEGER NOT NULL, name INTEGER NOT NULL, kind INTEGER NOT NULL,
            calls INTEGER NOT NULL, faults INTEGER NOT NULL, errors INTEGER NOT NULL,
            sum_us INTEGER NOT NULL, max_us INTEGER NOT NULL, sketch BLOB NOT NULL,
            PRIMARY KEY(project, minute, env, service, name, kind)
          ) WITHOUT ROWID;
          CREATE TABLE span_edge_rollup(
            project INTEGER NOT NULL, minute INTEGER NOT NULL, env INTEGER NOT NULL,
            source INTEGER NOT NULL, target INTEGER NOT NULL,
            calls INTEGER NOT NULL, faults INTEGER NOT NULL, errors INTEGER NOT NULL,
            sum_us INTEGER NOT NULL, max_us INTEGER NOT NULL, sketch BLOB NOT NULL,
            PRIMARY KEY(project, minute, env, source, target)
          ) WITHOUT ROWID;
          """)
    }
  }

  /// The key of one operation row; strings are dictionary ids.
  struct OperationKey: Hashable {
    var project: Int64
    var minute: Int64
    var environment: UInt32
    var service: UInt32
    var name: UInt32
    var kind: Int64
  }

  /// The key of one edge row; node ids are dictionary ids.
  struct EdgeKey: Hashable {
    var project: Int64
    var minute: Int64
    var environment: UInt32
    var source: UInt32
    var target: UInt32
  }

  /// The measures of one row.
  struct Measures {
    var calls: Int64 = 0
    var faults: Int64 = 0
    var errors: Int64 = 0
    var sumMicros: Int64 = 0
    var maxMicros: Int64 = 0
    var sketch = QuantileSketch()

    mutating func add(duration: Int64, isFault: Bool, isClientError: Bool) {
      calls += 1
      if isFault { faults += 1 }
      if isClientError { errors += 1 }
      sumMicros += duration
      maxMicros = max(maxMicros, duration)
      sketch.add(Double(max(duration, 1)))
    }

    /// Adds the calls `other` measured.
    mutating func merge(_ other: Measures) {
      calls += other.calls
      faults += other.faults
      errors += other.errors
      sumMicros += other.sumMicros
      maxMicros = max(maxMicros, other.maxMicros)
      sketch.merge(other.sketch)
    }
  }

  /// Adds operation rollups to the stored rows, one upsert per key.
  static func upsert(_ rollups: [OperationKey: Measures], in db: Database) throws {
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO span_rollup(project, minute, env, service, name, kind, calls, faults, errors,
          sum_us, max_us, sketch)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(project, minute, env, service, name, kind) DO UPDATE SET
          \(mergedMeasures)
        """)
    for (key, measures) in rollups {
      try statement.execute(
        arguments: [
          key.project, key.minute, Int64(key.environment), Int64(key.service), Int64(key.name),
          key.kind,
        ] + arguments(measures))
    }
  }

  /// Adds edge rollups to the stored rows, one upsert per key.
  static func upsert(_ rollups: [EdgeKey: Measures], in db: Database) throws {
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO span_edge_rollup(project, minute, env, source, target, calls, faults, errors,
          sum_us, max_us, sketch)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(project, minute, env, source, target) DO UPDATE SET
          \(mergedMeasures)
        """)
    for (key, measures) in rollups {
      try statement.execute(
        arguments: [
          key.project, key.minute, Int64(key.environment), Int64(key.source), Int64(key.target),
        ] + arguments(measures))
    }
  }

  private static let mergedMeasures = """
    calls = calls + excluded.calls, faults = faults + excluded.faults,
      errors = errors + excluded.errors, sum_us = sum_us + excluded.sum_us,
      max_us = max(max_us, excluded.max_us),
      sketch = lookout_merge_sketch(sketch, excluded.sketch)
    """

  private static func arguments(_ measures: Measures) -> StatementArguments {
    [
      measures.calls, measures.faults, measures.errors, measures.sumMicros, measures.maxMicros,
      Data(measures.sketch.serialized()),
    ]
  }
}
