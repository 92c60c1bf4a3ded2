import LookoutAnalysis
import LookoutCore
import LookoutStore

/// The `pattern` command's miner: LookoutAnalysis's Drain-style ``LogPatternMiner``, one
/// fresh miner per query.
public struct LogPatternMining: PatternMining {
  /// The miner's settings.
  public var configuration: LogPatternConfiguration

  /// Creates the bridge with the default (general) configuration.
  public init(configuration: LogPatternConfiguration = .default) {
    self.configuration = configuration
  }

  public func mine(_ values: [String]) -> [MinedPattern] {
    var miner = LogPatternMiner(configuration: configuration)
    let ids = values.map { miner.add($0) }
    var members: [Int: [Int]] = [:]
    for (position, id) in ids.enumerated() {
      members[miner.currentID(of: id), default: []].append(position)
    }
    return miner.patterns.map {
      MinedPattern(
        pattern: $0.template, count: $0.count, sample: $0.sample,
        severity: $0.severityLabel == "UNKNOWN" ? "" : $0.severityLabel,
        members: members[$0.id] ?? [])
    }
  }
}

/// The stores a query can read, for one project: builds the sources of a ``QueryEngine``.
public struct QueryCatalog: Sendable {
  public var requests: RequestStore?
  public var spans: SpanStore?
  public var slowQueries: SlowQueryStore?
  public var errors: ErrorStore?
  public var logs: LogStore?
  /// Sources built elsewhere, by name.
  public var extra: [String: any QuerySource]
  /// Whether simple stats may be answered from minute rollups; false reads raw blocks
  /// always (exact percentiles, and benchmarks of the scan).
  public var useRollups = true

  /// Creates a catalog; absent stores make their source unknown to queries.
  public init(
    requests: RequestStore? = nil, spans: SpanStore? = nil, slowQueries: SlowQueryStore? = nil,
    errors: ErrorStore? = nil, logs: LogStore? = nil, extra: [String: any QuerySource] = [:]
  ) {
    self.requests = requests
    self.spans = spans
    self.slowQueries = slowQueries
    self.errors = errors
    self.logs = logs
    self.extra = extra
  }

  /// The sources of `project`, by the name queries give after `source`.
  public func sources(project: Int64) -> [String: any QuerySource] {
    var sources = extra
    if let requests {
      sources["requests"] = RequestsQuerySource.make(
        requests, project: project, rollups: useRollups)
    }
    if let spans { sources["spans"] = SpansQuerySource.make(spans, project: project) }
    if let slowQueries {
      sources["slowqueries"] = SlowQueriesQuerySource.make(slowQueries, project: project)
    }
    if let errors { sources["errors"] = ErrorsQuerySource(errors, project: project) }
    if let logs { sources["logs"] = LogsQuerySource.make(logs, project: project) }
    return sources
  }

  /// An engine over the sources of `project`, with the log pattern miner.
  public func engine(project: Int64) -> QueryEngine {
    QueryEngine(sources: sources(project: project), patterns: LogPatternMining())
  }
}

/// Words of the language an editor completes.
public enum QueryLanguage {
  /// The commands that may follow `|`, and `source` itself.
  public static let commands = [
    "source", "fields", "display", "filter", "stats", "sort", "limit", "parse", "dedup",
    "pattern", "diff",
  ]
}

/// The time range of a query from the `from` and `to` a person typed.
public enum QueryRange {
  /// `from` and `to` as ``TimeExpression`` reads them (default: the last hour); relative ends
  /// (`now`, `now-1h`) are widened to whole minutes so that simple `stats` can be answered
  /// from minute rollups, absolute times are kept as given.
  ///
  /// - Throws: ``TimeExpression/ParseError`` for text that is not a time.
  public static func resolve(from: String?, to: String?, now: Int64) throws -> TimeRange {
    let from = from.flatMap { $0.isEmpty ? nil : $0 }
    let to = to.flatMap { $0.isEmpty ? nil : $0 }
    var range = try TimeExpression.range(from: from ?? "now-1h", to: to ?? "now", now: now)
    let isRelative = { (text: String?) in text.map { $0.hasPrefix("now") } ?? true }
    if isRelative(from) { range.from = Micros.floor(range.from, to: Micros.perMinute) }
    if isRelative(to) {
      let floored = Micros.floor(range.to, to: Micros.perMinute)
      range.to = floored == range.to ? floored : floored + Micros.perMinute
    }
    return range
  }
}
