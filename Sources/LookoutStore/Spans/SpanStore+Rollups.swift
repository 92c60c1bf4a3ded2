import Foundation
import GRDB
import LookoutAnalysis
import LookoutCore

/// RED figures of one operation, or one service-map edge, over a range.
public struct SpanRED: Sendable {
  public var calls: Int64 = 0
  public var faults: Int64 = 0
  public var errors: Int64 = 0
  public var sumMicros: Int64 = 0
  public var maxMicros: Int64 = 0
  /// Durations, µs.
  public var sketch = QuantileSketch()

  public init() {}

  /// Mean duration, µs; 0 without calls.
  public var meanMicros: Double { calls > 0 ? Double(sumMicros) / Double(calls) : 0 }

  /// Adds `other`'s calls to these.
  public mutating func merge(_ other: SpanRED) {
    calls += other.calls
    faults += other.faults
    errors += other.errors
    sumMicros += other.sumMicros
    maxMicros = max(maxMicros, other.maxMicros)
    sketch.merge(other.sketch)
  }

  mutating func add(_ row: Row) throws {
    calls += row["calls"]
    faults += row["faults"]
    errors += row["errors"]
    sumMicros += row["sum_us"]
    maxMicros = max(maxMicros, row["max_us"])
    sketch.merge(try QuantileSketch(serialized: row["sketch"] as Data))
  }
}

/// One operation's figures over a range.
public struct OperationStats: Sendable {
  public var service: String
  public var name: String
  public var kind: SpanRecord.Kind
  public var red: SpanRED
}

/// One service-map edge's figures over a range.
public struct EdgeStats: Sendable {
  /// Calling node id (`service:orders`, `client`).
  public var source: String
  /// Called node id.
  public var target: String
  public var red: SpanRED
}

/// One step of an operation's or a service's series.
public struct SpanSeriesPoint: Sendable {
  /// Step start, µs since epoch.
  public var time: Int64
  public var red: SpanRED
}

extension SpanStore {
  /// Figures per (service, operation, kind) over `range`, from the minute rollups.
  public func operations(project: Int64, range: TimeRange, environment: String? = nil) throws
    -> [OperationStats]
  {
    try database.read { db in
      var byKey: [String: OperationStats] = [:]
      for row in try rollupRows(
        db, table: "span_rollup", project: project, range: range, environment: environment)
      {
        let service = dictionary.value(UInt32(row["service"] as Int64), column: "service")
        let name = dictionary.value(UInt32(row["name"] as Int64), column: "name")
        let kind = SpanCodes.kind(code: row["kind"])
        let key = "\(service)\u{0}\(name)\u{0}\(kind.rawValue)"
        try byKey[
          key, default: OperationStats(service: service, name: name, kind: kind, red: .init())
        ]
        .red.add(row)
      }
      return byKey.values.sorted { ($0.service, $0.name) < ($1.service, $1.name) }
    }
  }

  /// Figures per service-map edge over `range`, from the minute rollups.
  public func edges(project: Int64, range: TimeRange, environment: String? = nil) throws
    -> [EdgeStats]
  {
    try database.read { db in
      var byKey: [String: EdgeStats] = [:]
      for row in try rollupRows(
        db, table: "span_edge_rollup", project: project, range: range, environment: environment)
      {
        let source = dictionary.value(UInt32(row["source"] as Int64), column: Self.nodeColumn)
        let target = dictionary.value(UInt32(row["target"] as Int64), column: Self.nodeColumn)
        try byKey[
          "\(source)\u{0}\(target)",
          default: EdgeStats(source: source, target: target, red: .init())
        ]
        .red.add(row)
      }
      return byKey.values.sorted { ($0.source, $0.target) < ($1.source, $1.target) }
    }
  }

  /// Figures per `step` over `range` of one service (and one operation when given), from
  /// the minute rollups; every step is present, empty ones with zero calls.
  public func series(
    project: Int64, range: TimeRange, step: Int64, environment: String? = nil,
    service: String? = nil, operation: String? = nil, kind: SpanRecord.Kind? = nil
  ) throws -> [SpanSeriesPoint] {
    let step = max(Micros.perMinute, step)
    let first = Micros.floor(range.from, to: step)
    var points = stride(from: first, to: range.to, by: Int(step)).map {
      SpanSeriesPoint(time: $0, red: .init())
    }
    let serviceID = service.flatMap { dictionary.existingID($0, column: "service") }
    let nameID = operation.flatMap { dictionary.existingID($0, column: "name") }
    if (service != nil && serviceID == nil) || (operation != nil && nameID == nil) { return points }
    try database.read { db in
      for row in try rollupRows(
        db, table: "span_rollup", project: project, range: range, environment: environment)
      {
        if let serviceID, UInt32(row["service"] as Int64) != serviceID { continue }
        if let nameID, UInt32(row["name"] as Int64) != nameID { continue }
        if let kind, SpanCodes.kind(code: row["kind"]) != kind { continue }
        let index = Int((Micros.floor(row["minute"], to: step) - first) / step)
        if points.indices.contains(index) { try points[index].red.add(row) }
      }
    }
    return points
  }

  /// The rollup rows of `table` in `range` (whole minutes starting in it).
  private func rollupRows(
    _ db: Database, table: String, project: Int64, range: TimeRange, environment: String?
  ) throws -> [Row] {
    var sql = "SELECT * FROM \(table) WHERE project = ? AND minute >= ? AND minute < ?"
    var arguments: StatementArguments = [project, range.from, range.to]
    if let environment {
      guard let id = dictionary.existingID(environment, column: SpanColumn.environment.name)
      else { return [] }
      sql += " AND env = ?"
      arguments += [Int64(id)]
    }
    return try Row.fetchAll(db, sql: sql, arguments: arguments)
  }
}
