import LookoutStore

/// A ``RequestFilter``'s string dimensions turned into dictionary ids, so scans compare
/// integers and skip blocks by their stats.
struct RequestDimensionFilter: Sendable {
  var environment: UInt32?
  var domain: UInt32?
  var route: UInt32?
  var method: UInt32?

  /// Nil when a requested value was never stored: nothing can match.
  init?(store: RequestStore, filter: RequestFilter) {
    func lookup(_ value: String?, _ column: RequestColumn) -> UInt32?? {
      guard let value else { return .some(nil) }
      guard let id = store.dictionary.ids(matching: { $0 == value }, column: column.name).first
      else {
        return nil
      }
      return .some(id)
    }
    guard let environment = lookup(filter.environment, .environment),
      let domain = lookup(filter.domain, .domain), let route = lookup(filter.route, .route),
      let method = lookup(filter.method, .method)
    else { return nil }
    self.environment = environment
    self.domain = domain
    self.route = route
    self.method = method
  }

  /// (rollup column, id) pairs for SQL equality filters.
  var equalities: [(String, UInt32)] {
    [("env", environment), ("domain", domain), ("route", route), ("method", method)]
      .compactMap { column, id in id.map { (column, $0) } }
  }

  /// Whether a block can hold matching rows, judged by its per-column min/max.
  func mayMatch(_ block: BlockInfo) -> Bool {
    let checks: [(RequestColumn, UInt32?)] = [
      (.environment, environment), (.domain, domain), (.route, route), (.method, method),
    ]
    for (column, id) in checks {
      guard let id else { continue }
      let stats = block.stats[column.rawValue]
      if let min = stats.min, let max = stats.max, Int64(id) < min || Int64(id) > max {
        return false
      }
    }
    return true
  }

  /// Whether row `i` of the decoded dimension columns matches.
  @inline(__always)
  func matches(environment e: UInt32, domain d: UInt32, route r: UInt32, method m: UInt32) -> Bool {
    (environment == nil || environment == e) && (domain == nil || domain == d)
      && (route == nil || route == r) && (method == nil || method == m)
  }
}
