import LookoutCore

/// The offline per-endpoint report over access-log requests, a peer of GoAccess that adds
/// route templating, domains, error rates and exact percentiles.
///
/// Feed records with ``add(_:)``; each is templated by the digest's own ``RouteTemplater``
/// (unless it already carries a route). Requests are grouped by `(method, route)` as templated
/// at the time; ``report()`` regroups them through ``RouteTemplater/retemplate(_:)`` so that
/// requests seen before a slug position was learned join the learned route, and names each
/// row's domain with the ``DomainClassifier`` applied to the final *route* and the host of the
/// group's first request (or the domain that request already carried). Classifying the route
/// rather than each raw path keeps domains few: `/{slug}` is one domain, not one per user.
///
/// To use several cores, give each its own digest and ``merge(_:)`` them at the end; the
/// merge combines what the templaters learned and regroups both sides, so slugs learned by
/// either unify.
///
/// Memory: 4 bytes per timed request plus one entry per group.
///
/// ```swift
/// var digest = RequestDigest()
/// for record in records { digest.add(record) }
/// for row in digest.report().prefix(10) {
///   print(row.method, row.route, row.count, row.p95Ms ?? 0)
/// }
/// ```
public struct RequestDigest: Sendable {
  /// The group key: what one report row is about.
  struct GroupKey: Hashable, Sendable {
    var method: String
    var route: String
  }

  /// The templater, with everything it has learned from the records added.
  public private(set) var templater: RouteTemplater
  /// The classifier naming each request's domain.
  public let classifier: DomainClassifier
  /// Records added, including those merged in.
  public private(set) var recordCount = 0
  private var groups: [GroupKey: RouteAccumulator] = [:]

  /// Creates an empty digest.
  ///
  /// - Parameters:
  ///   - templater: Templates each record's path; pass one with configured routes to use them.
  ///   - classifier: Names each record's domain.
  public init(
    templater: RouteTemplater = RouteTemplater(), classifier: DomainClassifier = DomainClassifier()
  ) {
    self.templater = templater
    self.classifier = classifier
  }

  /// Adds one request.
  ///
  /// A record's own ``RequestRecord/route`` and ``RequestRecord/domain`` are used when they
  /// are not empty. The latency is ``RequestRecord/latency``; a request without one counts
  /// toward the counts and the error rate but not toward timing.
  public mutating func add(_ record: RequestRecord) {
    let route =
      record.route.isEmpty ? templater.template(record.path, method: record.method) : record.route
    let key = GroupKey(method: record.method, route: route)
    let status = record.status
    let latency = record.latency
    groups[key, default: RouteAccumulator(host: record.host, givenDomain: record.domain)]
      .add(status: status, latency: latency)
    recordCount += 1
  }

  /// Adds everything `other` has seen, as if its records had been added here.
  ///
  /// The templaters' learned positions are combined first, then the groups of both digests
  /// are regrouped through ``RouteTemplater/retemplate(_:)``.
  public mutating func merge(_ other: RequestDigest) {
    templater.absorbLearning(from: other.templater)
    recordCount += other.recordCount
    var merged: [GroupKey: RouteAccumulator] = [:]
    merged.reserveCapacity(groups.count)
    for (key, accumulator) in groups {
      merged[retemplated(key), default: RouteAccumulator()].merge(accumulator)
    }
    for (key, accumulator) in other.groups {
      merged[retemplated(key), default: RouteAccumulator()].merge(accumulator)
    }
    groups = merged
  }

  /// One row per `(method, route)`, by total time spent, descending (then by count,
  /// descending, then by method and route).
  public func report() -> [RouteStats] {
    var regrouped: [GroupKey: RouteAccumulator] = [:]
    regrouped.reserveCapacity(groups.count)
    for (key, accumulator) in groups {
      regrouped[retemplated(key), default: RouteAccumulator()].merge(accumulator)
    }
    let rows = regrouped.map { key, accumulator in
      let domain =
        accumulator.givenDomain.isEmpty
        ? classifier.domain(path: key.route, host: accumulator.host) : accumulator.givenDomain
      return accumulator.stats(method: key.method, route: key.route, domain: domain)
    }
    return rows.sorted { lhs, rhs in
      if lhs.totalMs != rhs.totalMs { return lhs.totalMs > rhs.totalMs }
      if lhs.count != rhs.count { return lhs.count > rhs.count }
      if lhs.method != rhs.method { return lhs.method < rhs.method }
      return lhs.route < rhs.route
    }
  }

  private func retemplated(_ key: GroupKey) -> GroupKey {
    var key = key
    key.route = templater.retemplate(key.route)
    return key
  }
}
