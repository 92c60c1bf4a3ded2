import LookoutAnalysis
import LookoutCore
import LookoutStore

/// Whole traces (as ``TraceTree``s) behind a search, for the analyses that need every span:
/// bottlenecks per endpoint and the comparison of two sets.
public enum TraceSampleQuery {
  /// How far past the range a trace's spans are looked for (a trace that starts near the
  /// range's end ends after it).
  static let tail: Int64 = 10 * Micros.perMinute

  /// The newest traces (at most `limit`) with a span passing `filter` in `range`.
  ///
  /// With `fromMatch`, each tree is the subtree under the trace's newest matching span,
  /// which becomes its root: a downstream service's endpoint is then judged on its own
  /// work, not on its callers'.
  public static func trees(
    _ store: SpanStore, project: Int64, range: TimeRange, filter: SpanFilter, limit: Int,
    fromMatch: Bool = false, excluding: Set<String> = []
  ) async throws -> [TraceTree] {
    let matches = try await store.search(
      project: project, range: range, filter: filter, limit: max(1, limit) * 4 + excluding.count)
    let (order, chosen) = newestMatchPerTrace(matches, limit: limit, excluding: excluding)
    let keys = Set(order.compactMap(TraceKey.init(hex:)))
    let spans = try await store.spans(
      project: project, traces: keys,
      range: TimeRange(from: range.from &- tail, to: range.to &+ tail))
    return order.compactMap { id -> TraceTree? in
      guard let key = TraceKey(hex: id), let trace = spans[key], !trace.isEmpty else {
        return nil
      }
      guard fromMatch, let match = chosen[id] else { return TraceTree(spans: trace) }
      return TraceTree(spans: subtree(of: trace, under: match.spanID))
    }
  }

  /// The spans under (and including) `rootID`, the root made parentless.
  static func subtree(of spans: [SpanRecord], under rootID: String) -> [SpanRecord] {
    var children: [String: [Int]] = [:]
    for (index, span) in spans.enumerated() {
      children[span.parentSpanID, default: []].append(index)
    }
    guard let rootIndex = spans.firstIndex(where: { $0.spanID == rootID }) else { return spans }
    var kept: [SpanRecord] = []
    var seen: Set<String> = [rootID]
    var stack = [rootIndex]
    while let index = stack.popLast() {
      var span = spans[index]
      if index == rootIndex { span.parentSpanID = "" }
      kept.append(span)
      for child in children[spans[index].spanID] ?? []
      where seen.insert(spans[child].spanID).inserted {
        stack.append(child)
      }
    }
    return kept
  }
}

/// One endpoint (a service's server operation) and its figures over a range.
public struct TraceEndpoint: Sendable, Hashable {
  public var service: String
  public var name: String
  public var calls: Int64
  public var faults: Int64
  /// µs.
  public var p95: Double?
}

/// Where each endpoint's time goes.
public enum BottleneckQuery {
  /// Every service's server operations over `range`, busiest first.
  public static func endpoints(
    _ store: SpanStore, project: Int64, range: TimeRange, environment: String?
  ) throws -> [TraceEndpoint] {
    try store.operations(project: project, range: range, environment: environment)
      .filter { $0.kind == .server || $0.kind == .consumer }
      .map {
        TraceEndpoint(
          service: $0.service, name: $0.name, calls: $0.red.calls, faults: $0.red.faults,
          p95: $0.red.sketch.quantile(0.95))
      }
      .sorted { ($0.calls, $1.service, $1.name) > ($1.calls, $0.service, $0.name) }
  }

  /// The breakdown of one endpoint over up to `sampleSize` of its newest traces in `range`.
  public static func run(
    _ store: SpanStore, project: Int64, range: TimeRange, environment: String?, service: String,
    operation: String, sampleSize: Int = 200
  ) async throws -> EndpointBottleneckReport {
    let filter = SpanFilter(
      environment: environment, services: [service], operations: [operation],
      kinds: [.server, .consumer])
    let trees = try await TraceSampleQuery.trees(
      store, project: project, range: range, filter: filter, limit: sampleSize, fromMatch: true)
    var bottlenecks = EndpointBottlenecks(
      endpoint: EndpointKey(service: service, endpoint: operation))
    var classifier = SpanClassifier()
    for tree in trees { bottlenecks.add(tree, classifier: &classifier) }
    return bottlenecks.report()
  }
}

/// Which operations' self time changed between two sets of traces.
public enum TraceCompareQuery {
  /// What the matching traces are compared with.
  public enum Baseline: String, Sendable {
    /// The same filter over the same range a week earlier.
    case previousWeek = "week"
    /// The other traces of the range.
    case rest
  }

  /// Set A is the baseline, set B the traces matching `filter` in `range`, each at most
  /// `sampleSize` of the newest.
  public static func run(
    _ store: SpanStore, project: Int64, range: TimeRange, filter: SpanFilter, baseline: Baseline,
    sampleSize: Int = 300
  ) async throws -> TraceSetComparison {
    let matching = try await TraceSampleQuery.trees(
      store, project: project, range: range, filter: filter, limit: sampleSize)
    let others: [TraceTree]
    switch baseline {
    case .previousWeek:
      let week = 7 * 24 * 60 * Micros.perMinute
      others = try await TraceSampleQuery.trees(
        store, project: project, range: TimeRange(from: range.from - week, to: range.to - week),
        filter: filter, limit: sampleSize)
    case .rest:
      others = try await TraceSampleQuery.trees(
        store, project: project, range: range,
        filter: SpanFilter(environment: filter.environment, rootsOnly: true), limit: sampleSize,
        excluding: Set(matching.map(\.traceID)))
    }
    return TraceSetComparison(baseline: others, comparison: matching)
  }
}
