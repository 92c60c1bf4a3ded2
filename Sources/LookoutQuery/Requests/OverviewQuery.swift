import LookoutAnalysis
import LookoutCore
import LookoutStore

/// Everything the Overview page shows of requests, from one read of the minute rollups:
/// reading them once instead of four times is what keeps the page fast over long ranges.
public enum OverviewQuery {
  /// The figures of one range.
  public struct Result: Sendable {
    /// Requests split by domain, per step.
    public var byDomain: RequestBreakdownQuery.Result
    /// Requests split by endpoint, per step.
    public var byEndpoint: RequestBreakdownQuery.Result
    /// All requests per step, with percentiles.
    public var series: [RequestSeriesPoint]
    /// Per-endpoint figures over the whole range.
    public var endpoints: [RouteStats]
  }

  /// Runs the four queries of the Overview over `filter` in one pass.
  ///
  /// - Parameter routeName: maps a stored route to the one to report (the server's
  ///   retemplating), as in ``EndpointQuery/fromRollups(_:filter:routeName:)``.
  public static func run(
    _ store: RequestStore, filter: RequestFilter, step: Int64,
    routeName: @escaping (String) -> String = { $0 }
  ) throws -> Result {
    let dictionary = store.dictionary
    var byDomain = RequestBreakdownQuery.Fold(
      range: filter.range, step: step, dimension: .domain, dictionary: dictionary,
      routeName: routeName)
    var byEndpoint = RequestBreakdownQuery.Fold(
      range: filter.range, step: step, dimension: .endpoint, dictionary: dictionary,
      routeName: routeName)
    var series = RequestSeriesQuery.Fold(range: filter.range, step: step)
    var endpoints = EndpointQuery.RollupFold()
    if series.stepCount > 0, let dimensions = RequestDimensionFilter(store: store, filter: filter) {
      try RollupReader.forEach(store, filter: filter, dimensions: dimensions) { row in
        byDomain.add(row)
        byEndpoint.add(row)
        series.add(row)
        endpoints.add(row)
      }
    }
    return Result(
      byDomain: byDomain.result(), byEndpoint: byEndpoint.result(), series: series.points(),
      endpoints: endpoints.stats(dictionary: dictionary, routeName: routeName))
  }

  /// The Endpoints page's figures in one pass: per-endpoint statistics and per-endpoint
  /// traffic per step (for sparklines).
  public static func endpointTable(
    _ store: RequestStore, filter: RequestFilter, step: Int64,
    routeName: @escaping (String) -> String = { $0 }
  ) throws -> (endpoints: [RouteStats], byEndpoint: RequestBreakdownQuery.Result) {
    let dictionary = store.dictionary
    var byEndpoint = RequestBreakdownQuery.Fold(
      range: filter.range, step: step, dimension: .endpoint, dictionary: dictionary,
      routeName: routeName)
    var endpoints = EndpointQuery.RollupFold()
    if byEndpoint.stepCount > 0,
      let dimensions = RequestDimensionFilter(store: store, filter: filter)
    {
      try RollupReader.forEach(store, filter: filter, dimensions: dimensions) { row in
        byEndpoint.add(row)
        endpoints.add(row)
      }
    }
    return (endpoints.stats(dictionary: dictionary, routeName: routeName), byEndpoint.result())
  }
}
