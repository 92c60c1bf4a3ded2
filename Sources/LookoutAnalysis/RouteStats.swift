/// What ``RequestDigest`` reports for one endpoint: one `(method, route)`.
///
/// Counts include every request; timing fields cover only the ``timedCount`` requests that
/// carried a latency (`$request_time`, else `$upstream_response_time`) and are `nil` when
/// there were none. Percentiles are exact, by the nearest-rank definition: `pN` is the
/// smallest logged latency such that at least N % of the timed requests took no longer,
/// i.e. `sorted[ceil(N / 100 * timedCount) - 1]`. Latencies are kept at microsecond
/// resolution, capped at `UInt32.max` µs (about 71 minutes).
public struct RouteStats: Sendable, Hashable {
  /// HTTP method as logged.
  public var method: String
  /// Route template (`/api/v1/users/{id}`).
  public var route: String
  /// Domain the route belongs to (``DomainClassifier``).
  public var domain: String
  /// Requests.
  public var count: Int
  /// Requests answered 400-499.
  public var status4xx: Int
  /// Requests answered 500-599.
  public var status5xx: Int
  /// Requests that carried a latency.
  public var timedCount: Int
  /// Server errors as a share of all requests: `status5xx / count`, in `0...1`. Client errors
  /// (4xx) are the caller's, so they are counted but not in the rate.
  public var errorRate: Double
  /// Total time spent serving the timed requests, in milliseconds.
  public var totalMs: Double
  /// Mean latency, milliseconds.
  public var avgMs: Double?
  /// Median latency (nearest rank), milliseconds.
  public var p50Ms: Double?
  /// 95th percentile latency (nearest rank), milliseconds.
  public var p95Ms: Double?
  /// 99th percentile latency (nearest rank), milliseconds.
  public var p99Ms: Double?
  /// Largest latency, milliseconds.
  public var maxMs: Double?

  /// Creates a row; ``RequestDigest/report()`` is the usual source.
  public init(
    method: String, route: String, domain: String, count: Int, status4xx: Int, status5xx: Int,
    timedCount: Int, errorRate: Double, totalMs: Double, avgMs: Double?, p50Ms: Double?,
    p95Ms: Double?, p99Ms: Double?, maxMs: Double?
  ) {
    self.method = method
    self.route = route
    self.domain = domain
    self.count = count
    self.status4xx = status4xx
    self.status5xx = status5xx
    self.timedCount = timedCount
    self.errorRate = errorRate
    self.totalMs = totalMs
    self.avgMs = avgMs
    self.p50Ms = p50Ms
    self.p95Ms = p95Ms
    self.p99Ms = p99Ms
    self.maxMs = maxMs
  }
}
