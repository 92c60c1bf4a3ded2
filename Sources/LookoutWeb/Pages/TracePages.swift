import Foundation
import LookoutAnalysis
import LookoutCore
import LookoutQuery
import LookoutStore

/// The Traces page: a filter, the latency scatter of the matching traces, and the list.
public struct TracesPage: Sendable {
  public struct Option: Sendable {
    public var value: String
    public var label: String
    public var selected: Bool
  }

  public struct Row: Sendable {
    public var traceID: String
    public var shortID: String
    public var url: String
    public var start: Int64
    public var time: String
    public var root: String
    public var duration: String
    public var spans: String
    public var faults: String
    public var hasFaults: Bool
    public var errors: String
    public var matched: String
    public var matchedDuration: String
  }

  public var hiddenFields: [PageChrome.Field]
  public var services: [Option]
  public var query: String
  public var queryError: String?
  public var figures: [Figure]
  public var isEmpty: Bool
  public var scatter: String
  public var rows: [Row]
  public var compareURL: String
  public var compareRestURL: String

  public init(
    hits: [TraceSearchHit], services: [String], service: String?, query: String,
    queryError: String?, range: TimeRange, state: PageState
  ) {
    hiddenFields = state.fieldsBesidesRange().filter { $0.name != "q" && $0.name != "service" }
      .map { PageChrome.Field(name: $0.name, value: $0.value) }
    self.services = services.map { Option(value: $0, label: $0, selected: $0 == service) }
    self.query = query
    self.queryError = queryError
    isEmpty = hits.isEmpty
    let durations = hits.map(\.durationMs).sorted()
    func quantile(_ q: Double) -> String {
      guard !durations.isEmpty else { return "–" }
      return HumanFormat.milliseconds(
        durations[min(durations.count - 1, Int(q * Double(durations.count - 1)))])
    }
    figures = [
      Figure(label: "Traces shown", value: HumanFormat.count(Double(hits.count))),
      Figure(label: "Median", value: quantile(0.5)),
      Figure(label: "p95", value: quantile(0.95)),
      Figure(
        label: "With faults", value: HumanFormat.count(Double(hits.filter { $0.faults > 0 }.count))),
    ]
    scatter = ScatterChart(
      points: hits.map {
        ScatterPoint(
          timeMicros: $0.start, durationMilliseconds: $0.durationMs, isError: $0.faults > 0,
          href: "/traces/\($0.traceID)")
      }, from: range.from, to: range.to, width: 1_440, height: 280,
      title: "Trace duration over time"
    ).svg()
    rows = hits.map { hit in
      Row(
        traceID: hit.traceID, shortID: String(hit.traceID.prefix(12)),
        url: state.url(
          "/traces/\(hit.traceID)",
          Page.dropPageParameters.merging(["q": nil, "service": nil]) { $1 }),
        start: hit.start, time: HumanFormat.isoTime(hit.start),
        root: [hit.rootService, hit.rootName].compactMap { $0 }.joined(separator: " · "),
        duration: HumanFormat.milliseconds(hit.durationMs),
        spans: HumanFormat.count(Double(hit.spans)), faults: HumanFormat.count(Double(hit.faults)),
        hasFaults: hit.faults > 0, errors: HumanFormat.count(Double(hit.errors)),
        matched: "\(hit.matchedService) · \(hit.matchedName)",
        matchedDuration: HumanFormat.milliseconds(hit.matchedDurationMs))
    }
    compareURL = state.url("/traces/compare", ["baseline": "week"])
    compareRestURL = state.url("/traces/compare", ["baseline": "rest"])
  }
}

/// One trace: the waterfall with its critical path, where the time went, and every span's
/// details with links to the slow-query class of its SQL and the issue of its exception.
public struct TracePage: Sendable {
  public struct CriticalRow: Sendable {
    public var spanID: String
    public var name: String
    public var service: String
    public var time: String
    public var share: String
  }

  public struct KeyValue: Sendable {
    public var key: String
    public var value: String
  }

  public struct EventRow: Sendable {
    public var name: String
    public var offset: String
    public var attributes: String
  }

  public struct ExceptionRow: Sendable {
    public var type: String
    public var message: String
    public var stacktrace: String?
    public var issueURL: String?
    public var issueLabel: String
  }

  public struct LinkRow: Sendable {
    public var traceID: String
    public var url: String
  }

  public struct SpanRow: Sendable {
    public var spanID: String
    public var name: String
    public var service: String
    public var kind: String
    public var offset: String
    public var duration: String
    public var selfTime: String
    public var isFault: Bool
    public var isClientError: Bool
    public var onCriticalPath: Bool
    public var open: Bool
    public var statusMessage: String?
    public var hasSQL: Bool
    public var sql: String
    public var sqlURL: String?
    public var exceptions: [ExceptionRow]
    public var attributes: [KeyValue]
    public var hasEvents: Bool
    public var events: [EventRow]
    public var hasLinks: Bool
    public var links: [LinkRow]
  }

  /// How a page links an exception to its issue, and an SQL statement to its class.
  public struct Links: Sendable {
    /// The issue id of an error event recorded in this trace, per exception type.
    public var issueByExceptionType: [String: Int64]
    /// The slow-query class id of a statement, nil when it cannot be fingerprinted.
    public var slowQueryClass: @Sendable (_ system: String, _ statement: String) -> String?

    public init(
      issueByExceptionType: [String: Int64] = [:],
      slowQueryClass: @escaping @Sendable (String, String) -> String? = { _, _ in nil }
    ) {
      self.issueByExceptionType = issueByExceptionType
      self.slowQueryClass = slowQueryClass
    }
  }

  /// Spans listed with their details.
  public static let detailLimit = 2_000
  /// Spans drawn in the waterfall (a 10,000-row waterfall is about 5 MB of HTML; a trace
  /// of 100,000 spans would be ten times that, past what a browser lays out quickly).
  public static let waterfallLimit = 10_000

  public var traceID: String
  public var found: Bool
  public var rootLabel: String
  public var startTime: String
  public var services: String
  public var inProgress: Bool
  public var figures: [Figure]
  public var waterfall: String
  public var critical: [CriticalRow]
  public var spans: [SpanRow]
  public var truncated: String?

  public init(traceID: String, spans records: [SpanRecord], links: Links, state: PageState) {
    self.traceID = traceID
    found = !records.isEmpty
    let tree = TraceTree(spans: records)
    var classifier = SpanClassifier()
    let waterfall = TraceWaterfall(tree: tree, classifier: &classifier)
    let root = tree.rootSpan
    rootLabel = root.map { "\($0.service) · \($0.name)" } ?? "no root span yet"
    startTime = HumanFormat.isoTime(tree.start)
    let serviceNames = Array(Set(tree.spans.map(\.service))).sorted()
    services = serviceNames.joined(separator: ", ")
    inProgress = tree.spans.contains { $0.attributes["xray.in_progress"] == "true" }
    let colors = Dictionary(uniqueKeysWithValues: serviceNames.enumerated().map { ($1, $0 % 8) })
    let faults = tree.spans.filter(\.isFault).count
    figures = [
      Figure(label: "Duration", value: HumanFormat.milliseconds(Double(tree.duration) / 1000)),
      Figure(label: "Spans", value: HumanFormat.count(Double(tree.spans.count))),
      Figure(label: "Services", value: HumanFormat.count(Double(serviceNames.count))),
      Figure(label: "Faults", value: HumanFormat.count(Double(faults))),
      Figure(
        label: "Depth", value: HumanFormat.count(Double((tree.depths.max() ?? 0) + (found ? 1 : 0)))
      ),
    ]
    self.waterfall = WaterfallChart(
      rows: waterfall.rows.prefix(Self.waterfallLimit).map { row in
        let span = tree.spans[row.spanIndex]
        var flags: WaterfallRow.Flags = []
        if row.isOnCriticalPath { flags.insert(.critical) }
        if span.isFault { flags.insert(.fault) }
        if span.isClientError { flags.insert(.clientError) }
        if span.attributes["xray.in_progress"] == "true" { flags.insert(.inProgress) }
        return WaterfallRow(
          spanID: span.spanID, label: span.name, service: span.service,
          colorIndex: colors[span.service] ?? 0, depth: row.depth, startMicros: row.offset,
          durationMicros: row.duration, selfMicros: row.selfTime, flags: flags,
          href: "#span-\(span.spanID)")
      }, totalMicros: max(1, tree.duration)
    ).html()
    let pathTotal = max(1, waterfall.rows.reduce(Int64(0)) { $0 + $1.criticalPathTime })
    critical = waterfall.rows.filter(\.isOnCriticalPath)
      .sorted { $0.criticalPathTime > $1.criticalPathTime }.prefix(15).map { row in
        let span = tree.spans[row.spanIndex]
        return CriticalRow(
          spanID: span.spanID, name: span.name, service: span.service,
          time: HumanFormat.milliseconds(Double(row.criticalPathTime) / 1000),
          share: HumanFormat.percent(Double(row.criticalPathTime) / Double(pathTotal)))
      }
    let start = tree.start
    func offset(_ time: Int64) -> String { HumanFormat.milliseconds(Double(time - start) / 1000) }
    self.spans = waterfall.rows.prefix(Self.detailLimit).map { row in
      let span = tree.spans[row.spanIndex]
      let statement = span.attributes["db.statement"] ?? ""
      let system = span.attributes["db.system"] ?? ""
      let exceptions = span.events.filter { $0.name == "exception" }.map { event in
        let type = event.attributes["exception.type"] ?? "exception"
        let issue = links.issueByExceptionType[type]
        return ExceptionRow(
          type: type, message: event.attributes["exception.message"] ?? "",
          stacktrace: event.attributes["exception.stacktrace"],
          issueURL: issue.map { "/issues/\($0)" }
            ?? state.url("/issues", ["query": type, "status": "all"]),
          issueLabel: issue.map { "Issue #\($0)" } ?? "Find the issue")
      }
      return SpanRow(
        spanID: span.spanID, name: span.name, service: span.service, kind: span.kind.rawValue,
        offset: offset(span.start),
        duration: HumanFormat.milliseconds(Double(span.duration) / 1000),
        selfTime: HumanFormat.milliseconds(Double(row.selfTime) / 1000), isFault: span.isFault,
        isClientError: span.isClientError, onCriticalPath: row.isOnCriticalPath,
        open: !exceptions.isEmpty,
        statusMessage: span.statusMessage.isEmpty ? nil : span.statusMessage,
        hasSQL: !statement.isEmpty && system != "redis" && system != "memcached", sql: statement,
        sqlURL: statement.isEmpty
          ? nil : links.slowQueryClass(system, statement).map { state.url("/slow-queries/\($0)") },
        exceptions: exceptions,
        attributes: span.attributes.sorted { $0.key < $1.key }.map {
          KeyValue(key: $0.key, value: $0.value)
        },
        hasEvents: !span.events.isEmpty,
        events: span.events.map { event in
          EventRow(
            name: event.name, offset: offset(event.time),
            attributes: event.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
              .joined(separator: " "))
        },
        hasLinks: !span.links.isEmpty,
        links: span.links.map { LinkRow(traceID: $0.traceID, url: "/traces/\($0.traceID)") })
    }
    let count = waterfall.rows.count
    truncated =
      count > Self.waterfallLimit
      ? "The timeline draws the first \(Self.waterfallLimit) and the details list the first \(Self.detailLimit) of \(count) spans (in tree order); the JSON API has them all."
      : count > Self.detailLimit
        ? "Details of the first \(Self.detailLimit) of \(count) spans; the timeline shows all of them."
        : nil
  }
}

/// The service map page: the map, then its nodes and calls as tables.
public struct ServiceMapPage: Sendable {
  public struct NodeRow: Sendable {
    public var name: String
    public var kind: String
    public var url: String
    public var health: String
    public var callsPerMinute: String
    public var faultRate: String
    public var errorRate: String
    public var p95: String
  }

  public struct EdgeRow: Sendable {
    public var source: String
    public var target: String
    public var url: String
    public var health: String
    public var callsPerMinute: String
    public var faultRate: String
    public var errorRate: String
    public var avg: String
    public var p95: String
  }

  public var isEmpty: Bool
  public var map: String
  public var nodes: [NodeRow]
  public var edges: [EdgeRow]

  public init(report: ServiceMapReport, state: PageState) {
    isEmpty = report.nodes.isEmpty
    func tracesURL(_ node: String) -> String {
      let (kind, name) = ServiceMapReport.describe(node: node)
      let filter: String
      switch kind {
      case "service": filter = "service(\"\(name)\")"
      case "database": filter = "db.system"
      case "client": filter = "root"
      default: filter = "server.address = \"\(name)\""
      }
      return state.url("/traces", ["q": filter])
    }
    func edgeURL(_ edge: ServiceMapReport.Edge) -> String {
      let (kind, name) = ServiceMapReport.describe(node: edge.target)
      let (sourceKind, source) = ServiceMapReport.describe(node: edge.source)
      if kind == "service" {
        return state.url(
          "/traces",
          [
            "q": sourceKind == "client"
              ? "service(\"\(name)\") AND root" : "service(\"\(name)\") AND kind = server"
          ])
      }
      return state.url(
        "/traces", ["q": "service(\"\(source)\") AND kind = client", "service": nil])
    }
    func health(_ value: ServiceMapReport.Health) -> ServiceMapChart.Health {
      switch value {
      case .ok: .ok
      case .warning: .warning
      case .critical: .critical
      }
    }
    func label(_ id: String) -> String {
      let (kind, name) = ServiceMapReport.describe(node: id)
      return kind == "client" ? "clients" : name
    }
    map = ServiceMapChart(
      nodes: report.nodes.map { node in
        ServiceMapChart.Node(
          id: node.id, label: label(node.id),
          kind: ServiceMapChart.NodeKind(rawValue: node.kind) ?? .external,
          health: health(node.health), callsPerMinute: node.callsPerMinute,
          href: tracesURL(node.id))
      },
      edges: report.edges.map { edge in
        ServiceMapChart.Edge(
          from: edge.source, to: edge.target, callsPerMinute: edge.callsPerMinute,
          errorRate: edge.errorRate, faultRate: edge.faultRate, p95Milliseconds: edge.p95Ms ?? 0,
          health: health(edge.health), href: edgeURL(edge))
      }
    ).svg()
    func ms(_ value: Double?) -> String { value.map(HumanFormat.milliseconds) ?? "–" }
    nodes = report.nodes.map { node in
      NodeRow(
        name: label(node.id), kind: node.kind, url: tracesURL(node.id),
        health: node.health.rawValue,
        callsPerMinute: HumanFormat.count(node.callsPerMinute),
        faultRate: HumanFormat.percent(node.faultRate),
        errorRate: HumanFormat.percent(node.errorRate),
        p95: ms(node.p95Ms))
    }
    edges = report.edges.sorted { $0.callsPerMinute > $1.callsPerMinute }.map { edge in
      EdgeRow(
        source: label(edge.source), target: label(edge.target), url: edgeURL(edge),
        health: edge.health.rawValue, callsPerMinute: HumanFormat.count(edge.callsPerMinute),
        faultRate: HumanFormat.percent(edge.faultRate),
        errorRate: HumanFormat.percent(edge.errorRate), avg: HumanFormat.milliseconds(edge.avgMs),
        p95: ms(edge.p95Ms))
    }
  }
}
