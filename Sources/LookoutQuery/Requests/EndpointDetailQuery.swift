import LookoutAnalysis
import LookoutCore
import LookoutStore

/// What an endpoint's page shows from minute rollups, in one read: its figures, merged
/// latency sketch, status classes per step and latency per step.
public enum EndpointDetailQuery {
  /// The figures of one endpoint over one range.
  public struct Result: Sendable {
    /// Count, error rate, percentiles; nil when the endpoint had no requests.
    public var stats: RouteStats?
    /// Every request's latency (µs), for the distribution chart.
    public var sketch: QuantileSketch
    /// Requests per status class, per step.
    public var byStatus: RequestBreakdownQuery.Result
    /// Requests and percentiles per step.
    public var series: [RequestSeriesPoint]
  }

  /// Runs the endpoint page's rollup queries over `filter` (which names the route and
  /// usually the method) in one pass.
  public static func run(_ store: RequestStore, filter: RequestFilter, step: Int64) throws
    -> Result
  {
    let dictionary = store.dictionary
    var byStatus = RequestBreakdownQuery.Fold(
      range: filter.range, step: step, dimension: .statusClass, dictionary: dictionary,
      routeName: { $0 })
    var series = RequestSeriesQuery.Fold(range: filter.range, step: step)
    var endpoints = EndpointQuery.RollupFold()
    var sketch = QuantileSketch()
    if series.stepCount > 0, let dimensions = RequestDimensionFilter(store: store, filter: filter) {
      try RollupReader.forEach(store, filter: filter, dimensions: dimensions) { row in
        byStatus.add(row)
        series.add(row)
        endpoints.add(row)
        sketch.merge(row.sketch)
      }
    }
    return Result(
      stats: endpoints.stats(dictionary: dictionary, routeName: { $0 }).first, sketch: sketch,
      byStatus: byStatus.result(), series: series.points())
  }
}
