import Foundation
import GRDB
import LookoutAnalysis
import LookoutCore
import LookoutStore

/// Per-endpoint statistics over a time range: from minute rollups (fast, percentiles from
/// sketches with 1% relative error, minute granularity) or from raw blocks (exact).
public enum EndpointQuery {
  /// Figures from minute rollups; `filter.range` is widened to whole minutes.
  ///
  /// - Parameter routeName: maps a stored route to the one to report, merging endpoints
  ///   that map alike: the server passes its templater's `retemplate`, so requests stored
  ///   before a slug position was learned join their route.
  public static func fromRollups(
    _ store: RequestStore, filter: RequestFilter, routeName: (String) -> String = { $0 }
  ) throws -> [RouteStats] {
    guard let dimensions = RequestDimensionFilter(store: store, filter: filter) else { return [] }
    var fold = RollupFold()
    try RollupReader.forEach(store, filter: filter, dimensions: dimensions) { fold.add($0) }
    return fold.stats(dictionary: store.dictionary, routeName: routeName)
  }

  /// Accumulates rollup rows per endpoint.
  struct RollupFold {
    private var groups: [GroupKey: RollupAccumulator] = [:]

    mutating func add(_ row: RollupReader.Row) {
      let key = GroupKey(method: row.method, route: row.route)
      groups[key, default: RollupAccumulator(domain: row.domain)].add(row)
    }

    func stats(dictionary: StringDictionary, routeName: (String) -> String) -> [RouteStats] {
      var named: [NamedKey: RollupAccumulator] = [:]
      for (key, accumulator) in groups {
        let name = NamedKey(
          method: dictionary.value(key.method, column: RequestColumn.method.name),
          route: routeName(dictionary.value(key.route, column: RequestColumn.route.name)))
        if named[name] == nil {
          named[name] = accumulator
        } else {
          named[name]!.merge(accumulator)
        }
      }
      return named.map { name, accumulator in
        accumulator.stats(
          method: name.method, route: name.route,
          domain: dictionary.value(accumulator.domain, column: RequestColumn.domain.name))
      }.sortedByTotalTime()
    }
  }

  struct NamedKey: Hashable {
    var method: String
    var route: String
  }

  /// Exact figures from raw blocks, scanned on all cores.
  public static func fromBlocks(_ store: RequestStore, filter: RequestFilter) async throws
    -> [RouteStats]
  {
    guard let dimensions = RequestDimensionFilter(store: store, filter: filter) else { return [] }
    let range = filter.range
    let columns = [
      RequestColumn.timestamp, .environment, .domain, .method, .route, .status, .duration,
      .upstream,
    ].map(\.rawValue)
    let partials = try await store.blocks.scan(
      store.database, project: filter.project, range: range, columns: columns,
      where: { dimensions.mayMatch($0) }
    ) { _, vectors in
      var partial = ExactEndpointAccumulator()
      partial.add(vectors, range: range, dimensions: dimensions)
      return partial
    }
    var total = ExactEndpointAccumulator()
    for partial in partials { total.merge(partial) }
    return total.stats(dictionary: store.dictionary)
  }

  struct GroupKey: Hashable {
    var method: UInt32
    var route: UInt32
  }
}

/// Sums rollup rows of one endpoint.
struct RollupAccumulator {
  var domain: UInt32
  var count: Int64 = 0
  var status4xx: Int64 = 0
  var status5xx: Int64 = 0
  var timedCount: Int64 = 0
  var sumMicros: Int64 = 0
  var maxMicros: Int64 = 0
  var sketch = QuantileSketch()

  mutating func merge(_ other: RollupAccumulator) {
    count += other.count
    status4xx += other.status4xx
    status5xx += other.status5xx
    timedCount += other.timedCount
    sumMicros += other.sumMicros
    maxMicros = max(maxMicros, other.maxMicros)
    sketch.merge(other.sketch)
  }

  mutating func add(_ row: RollupReader.Row) {
    count += row.count
    if row.statusClass == 4 { status4xx += row.count }
    if row.statusClass == 5 { status5xx += row.count }
    timedCount += row.timedCount
    sumMicros += row.sumMicros
    maxMicros = max(maxMicros, row.maxMicros)
    sketch.merge(row.sketch)
  }

  func stats(method: String, route: String, domain: String) -> RouteStats {
    let timed = timedCount > 0
    func ms(_ micros: Double?) -> Double? { micros.map { $0 / 1000 } }
    return RouteStats(
      method: method, route: route, domain: domain, count: Int(count), status4xx: Int(status4xx),
      status5xx: Int(status5xx), timedCount: Int(timedCount),
      errorRate: count == 0 ? 0 : Double(status5xx) / Double(count),
      totalMs: Double(sumMicros) / 1000,
      avgMs: timed ? Double(sumMicros) / Double(timedCount) / 1000 : nil,
      p50Ms: ms(sketch.quantile(0.5)), p95Ms: ms(sketch.quantile(0.95)),
      p99Ms: ms(sketch.quantile(0.99)),
      maxMs: timed ? Double(maxMicros) / 1000 : nil)
  }
}
