import Foundation
import LookoutAnalysis
import LookoutCore
import LookoutStore

/// `source requests`: nginx requests of one project, from raw blocks or minute rollups.
///
/// Fields: `@timestamp`, `env`, `domain`, `method`, `route`, `host` (dictionary), `status`,
/// `status_class` (`2xx`...), `duration` and `upstream` (milliseconds), `bytes`, `path`,
/// `query`, `remote_addr`, `user_agent`, `referer`.
///
/// Rollups answer `stats` of `count(*)` and of `count`, `sum`, `avg`, `min`, `max` and
/// `pct` over `duration`, grouped by `env`, `domain`, `method`, `route`, `status_class` and
/// a bin of whole minutes, filtered on those fields, over a range of whole minutes; `pct`
/// then comes from the rollups' quantile sketches (relative error at most 1%).
public enum RequestsQuerySource {
  /// The source over `store` for `project`; `rollups` false always scans raw blocks.
  public static func make(_ store: RequestStore, project: Int64, rollups: Bool = true)
    -> BlockQuerySource
  {
    let answerFromRollups: @Sendable (RollupStatsRequest) async throws -> QueryBatch? = {
      request in try answer(request, store: store, project: project)
    }
    return BlockQuerySource(
      name: "requests", store: store.blocks, reader: store.database,
      dictionary: store.dictionary, project: project, fields: fields(store.dictionary),
      rollups: rollups ? answerFromRollups : nil)
  }

  static func fields(_ dictionary: StringDictionary) -> [BlockField] {
    @Sendable func column(_ column: RequestColumn) -> Int { column.rawValue }
    func dictionaryField(_ name: String, _ requestColumn: RequestColumn) -> BlockField {
      .dictionary(name, requestColumn.rawValue, dictionaryColumn: requestColumn.name)
    }
    return [
      .integer("@timestamp", column(.timestamp), type: .timestamp),
      dictionaryField("env", .environment), dictionaryField("domain", .domain),
      dictionaryField("method", .method), dictionaryField("route", .route),
      .integer("status", column(.status)),
      BlockField(
        QueryFieldInfo(name: "status_class", type: .string, isDictionary: true),
        columns: [column(.status)],
        .derived { vectors, count in
          guard let statuses = vectors[column(.status)]?.int64Values else { return .nulls(count) }
          let codes = statuses.map { status -> Int32 in
            (100...599).contains(status) ? Int32(status / 100) : 0
          }
          return QueryColumn(
            .dictionary(codes: codes, dictionary: statusClassNames),
            present: codes.contains(0) ? codes.map { $0 != 0 } : nil)
        }),
      .scaled("duration", column(.duration), dividedBy: 1000),
      BlockField(
        QueryFieldInfo(name: "upstream", type: .double),
        columns: [column(.duration), column(.upstream)],
        .derived { vectors, count in
          // Stored as the gap to the request time when both are known.
          guard let durations = vectors[column(.duration)]?.int64Values,
            let stored = vectors[column(.upstream)]?.int64Values
          else { return .nulls(count) }
          let micros = zip(durations, stored).map {
            RequestColumn.upstreamTime(duration: $0, stored: $1)
          }
          return QueryColumn(
            .double(micros.map { $0 == .min ? 0 : Double($0) / 1000 }),
            present: micros.contains(.min) ? micros.map { $0 != .min } : nil)
        }),
      .integer("bytes", column(.bytes)),
      BlockField(
        QueryFieldInfo(name: "path", type: .string), columns: [column(.path), column(.route)],
        .derived { vectors, count in path(vectors, count: count, dictionary: dictionary) }),
      .text("query", column(.query)),
      BlockField(
        QueryFieldInfo(name: "remote_addr", type: .string),
        columns: [column(.remoteIPv4), column(.remoteAddress)],
        .derived { vectors, count in
          guard let numbers = vectors[column(.remoteIPv4)]?.int64Values,
            let texts = vectors[column(.remoteAddress)]?.stringValues
          else { return .nulls(count) }
          let values = zip(numbers, texts).map { number, text in
            number == .min ? text : RequestColumn.ipv4Text(number)
          }
          return QueryColumn(
            .string(values), present: values.contains("") ? values.map { !$0.isEmpty } : nil)
        }),
      dictionaryField("host", .host),
      .text("user_agent", column(.userAgent)),
      .text("referer", column(.referer)),
    ]
  }

  private static let statusClassNames = ["", "1xx", "2xx", "3xx", "4xx", "5xx"]

  /// Paths are stored relative to their route; the route's dictionary gives it back.
  private static func path(
    _ vectors: [Int: ColumnVector], count: Int, dictionary: StringDictionary
  ) -> QueryColumn {
    guard let stored = vectors[RequestColumn.path.rawValue]?.stringValues,
      let routes = vectors[RequestColumn.route.rawValue]?.dictionaryIDs
    else { return .nulls(count) }
    let names = dictionary.values(column: RequestColumn.route.name)
    let values = zip(stored, routes).map { text, route in
      RoutePathCodec.decode(text, route: Int(route) < names.count ? names[Int(route)] : "")
    }
    return QueryColumn(.string(values))
  }

  // MARK: Rollups

  /// The rollup answer of `request`, or nil when the rollups cannot give it exactly.
  static func answer(_ request: RollupStatsRequest, store: RequestStore, project: Int64) throws
    -> QueryBatch?
  {
    guard
      RollupGrouping<RollupGroup>.fits(
        request, fields: ["env", "domain", "method", "route", "status_class"])
    else { return nil }
    for aggregate in request.aggregates {
      switch (aggregate.function, aggregate.field) {
      case (.count, nil): continue
      case (_, "duration"?): continue
      default: return nil
      }
    }
    let needsSketch = request.aggregates.contains {
      switch $0.function {
      case .min, .percentile: true
      default: false
      }
    }
    let names = { (column: RequestColumn) in store.dictionary.values(column: column.name) }
    let dimensionNames: [String: [String]] = [
      "env": names(.environment), "domain": names(.domain), "method": names(.method),
      "route": names(.route),
    ]
    var grouping = RollupGrouping(request, empty: RollupGroup())
    let filter = RequestFilter(project: project, range: request.range)
    guard let dimensions = RequestDimensionFilter(store: store, filter: filter) else { return nil }
    try RollupReader.forEach(store, filter: filter, dimensions: dimensions, sketches: needsSketch) {
      row in
      grouping.add(minute: row.minute) { field in
        switch field {
        case "env": return name(row.environment, in: dimensionNames["env"])
        case "domain": return name(row.domain, in: dimensionNames["domain"])
        case "method": return name(row.method, in: dimensionNames["method"])
        case "route": return name(row.route, in: dimensionNames["route"])
        default: return statusClassNames[(0...5).contains(row.statusClass) ? row.statusClass : 0]
        }
      } _: {
        $0.add(row)
      }
    }
    return grouping.batch { group, aggregate in group.value(aggregate) }
  }

  private static func name(_ id: UInt32, in names: [String]?) -> String {
    guard let names, Int(id) < names.count else { return "" }
    return names[Int(id)]
  }

  /// The rollup rows of one output group, summed.
  private struct RollupGroup {
    var count: Int64 = 0
    var timedCount: Int64 = 0
    var sumMicros: Int64 = 0
    var maxMicros: Int64 = .min
    var sketch = QuantileSketch()

    mutating func add(_ row: RollupReader.Row) {
      count += row.count
      timedCount += row.timedCount
      sumMicros += row.sumMicros
      if row.timedCount > 0 { maxMicros = max(maxMicros, row.maxMicros) }
      sketch.merge(row.sketch)
    }

    func value(_ aggregate: RollupAggregate) -> QueryValue {
      switch aggregate.function {
      case .count: return .int(aggregate.field == nil ? count : timedCount)
      case .sum: return timedCount > 0 ? .double(Double(sumMicros) / 1000) : .null
      case .avg:
        return timedCount > 0 ? .double(Double(sumMicros) / Double(timedCount) / 1000) : .null
      case .max: return timedCount > 0 ? .double(Double(maxMicros) / 1000) : .null
      case .min: return sketch.min.map { .double($0 / 1000) } ?? .null
      case .percentile(let p):
        return sketch.percentile(nearestRank: p).map { .double($0 / 1000) } ?? .null
      }
    }
  }
}
