import LookoutAnalysis
import LookoutCore
import LookoutQuery

/// Bottlenecks per endpoint: the endpoints of the range, and for the chosen one the share
/// of its time each part of its work takes.
public struct BottlenecksPage: Sendable {
  public struct EndpointRow: Sendable {
    public var name: String
    public var service: String
    public var url: String
    public var selected: Bool
    public var calls: String
    public var p95: String
    public var faultRate: String
  }

  public struct Row: Sendable {
    public var label: String
    public var service: String
    public var category: String
    public var share: String
    public var barPercent: String
    public var criticalShare: String
    public var perTrace: String
    public var spansPerTrace: String
    public var traceShare: String
  }

  public var endpoints: [EndpointRow]
  public var hasSelection: Bool
  public var selectedName: String
  public var summary: String
  public var rows: [Row]
  public var tracesURL: String
  public var sampleSize: Int

  public init(
    endpoints: [TraceEndpoint], selected: (service: String, name: String)?,
    report: EndpointBottleneckReport?, sampleSize: Int, state: PageState
  ) {
    self.sampleSize = sampleSize
    self.endpoints = endpoints.prefix(100).map { endpoint in
      EndpointRow(
        name: endpoint.name, service: endpoint.service,
        url: state.url("/bottlenecks", ["service": endpoint.service, "operation": endpoint.name]),
        selected: selected.map { $0.service == endpoint.service && $0.name == endpoint.name }
          ?? false,
        calls: HumanFormat.count(Double(endpoint.calls)),
        p95: endpoint.p95.map { HumanFormat.milliseconds($0 / 1000) } ?? "–",
        faultRate: HumanFormat.percent(
          endpoint.calls > 0 ? Double(endpoint.faults) / Double(endpoint.calls) : 0))
    }
    hasSelection = selected != nil
    selectedName = selected.map { "\($0.service) · \($0.name)" } ?? ""
    guard let report, let selected else {
      summary = ""
      rows = []
      tracesURL = ""
      return
    }
    let traces = max(1, report.traceCount)
    summary =
      "\(report.traceCount) traces; p50 \(report.p50Duration.map { HumanFormat.milliseconds($0 / 1000) } ?? "–"), p95 \(report.p95Duration.map { HumanFormat.milliseconds($0 / 1000) } ?? "–"). Self time counts parallel work in full; the critical-path share is what the caller waited for."
    let top = report.rows.map(\.selfTimeShare).max() ?? 1
    rows = report.rows.prefix(40).map { row in
      Row(
        label: row.classification.label, service: "",
        category: row.classification.category.rawValue,
        share: HumanFormat.percent(row.selfTimeShare),
        barPercent: HumanFormat.fixed(top > 0 ? 100 * row.selfTimeShare / top : 0, decimals: 1),
        criticalShare: HumanFormat.percent(row.criticalPathShare),
        perTrace: HumanFormat.milliseconds(row.meanSelfTimePerTrace / 1000),
        spansPerTrace: HumanFormat.count(Double(row.totals.spanCount) / Double(traces)),
        traceShare: HumanFormat.percent(Double(row.totals.traceCount) / Double(traces)))
    }
    tracesURL = state.url(
      "/traces",
      ["q": "service(\"\(selected.service)\") AND name = \"\(selected.name)\"", "service": nil])
  }
}

/// Two sets of traces side by side: which operations' self time changed.
public struct TraceComparePage: Sendable {
  public struct Row: Sendable {
    public var operation: String
    public var service: String
    public var category: String
    public var meanA: String
    public var meanB: String
    public var delta: String
    public var slower: Bool
    public var share: String
    public var p95A: String
    public var p95B: String
  }

  public var title: String
  public var labelA: String
  public var labelB: String
  public var countA: Int
  public var countB: Int
  public var meanA: String
  public var meanB: String
  public var totalDelta: String
  public var rows: [Row]

  public init(comparison: TraceSetComparison, query: String, baseline: TraceCompareQuery.Baseline) {
    title = query.isEmpty ? "all traces" : query
    labelA =
      baseline == .previousWeek ? "the same filter a week earlier" : "the other traces of the range"
    labelB = "the matching traces of this range"
    countA = comparison.traceCountA
    countB = comparison.traceCountB
    func ms(_ micros: Double?) -> String {
      micros.map { HumanFormat.milliseconds($0 / 1000) } ?? "–"
    }
    meanA = ms(comparison.meanDurationA)
    meanB = ms(comparison.meanDurationB)
    totalDelta = (comparison.totalDelta >= 0 ? "+" : "−") + ms(abs(comparison.totalDelta))
    rows = comparison.rows.prefix(30).map { row in
      Row(
        operation: row.operation.classification.label, service: row.operation.service,
        category: row.operation.classification.category.rawValue, meanA: ms(row.meanSelfTimeA),
        meanB: ms(row.meanSelfTimeB),
        delta: (row.delta >= 0 ? "+" : "−") + ms(abs(row.delta)), slower: row.delta > 0,
        share: row.shareOfChange.map(HumanFormat.percent) ?? "–", p95A: ms(row.p95SelfTimeA),
        p95B: ms(row.p95SelfTimeB))
    }
  }
}
