import LookoutAnalysis
import LookoutCore

/// Which requests a query looks at: a project, a time range, and optional dimensions.
public struct RequestFilter: Sendable, Hashable {
  /// The project.
  public var project: Int64
  /// The time range, µs since epoch.
  public var range: TimeRange
  /// Only this environment, when set.
  public var environment: String?
  /// Only this domain, when set.
  public var domain: String?
  /// Only this route template, when set.
  public var route: String?
  /// Only this method, when set.
  public var method: String?

  /// Creates a filter.
  public init(
    project: Int64 = 1, range: TimeRange, environment: String? = nil, domain: String? = nil,
    route: String? = nil, method: String? = nil
  ) {
    self.project = project
    self.range = range
    self.environment = environment
    self.domain = domain
    self.route = route
    self.method = method
  }
}

extension Array where Element == RouteStats {
  /// Sorted by total time spent, the order people read an endpoint table in.
  public func sortedByTotalTime() -> [RouteStats] {
    sorted {
      ($0.totalMs, $0.count, $1.route, $1.method) > ($1.totalMs, $1.count, $0.route, $0.method)
    }
  }
}
