import LookoutAnalysis
import LookoutCore
import LookoutQuery
import LookoutStore

/// One query class: its fingerprint, figures, trend, time distribution, where its calls
/// come from, and its slowest calls.
public struct SlowQueryPage: Sendable {
  /// A slow call.
  public struct CallRow: Sendable {
    public var time: String
    public var timestamp: Int64
    public var duration: String
    public var lock: String
    public var rowsSent: String
    public var rowsExamined: String
    public var database: String
    public var user: String
    public var host: String
    public var statement: String
  }

  /// A share of the calls (by database, user or host).
  public struct Share: Sendable {
    public var name: String
    public var calls: String
    public var share: String
  }

  public var id: String
  public var fingerprint: String
  public var engine: String
  public var tables: String
  public var firstSeen: String
  public var lastSeen: String
  public var isNew: Bool
  public var isSlower: Bool
  public var slower: String
  public var found: Bool
  public var figures: [Figure]
  public var trendChart: String
  public var callsChart: String
  public var histogram: String
  public var databases: [Share]
  public var users: [Share]
  public var hosts: [Share]
  public var calls: [CallRow]
  public var sample: String

  /// Builds the page of one class.
  ///
  /// - Parameters:
  ///   - row: the class's digest row over the range; nil when it had no calls in it.
  ///   - stored: the class as stored (fingerprint, sample), nil when unknown.
  ///   - sketch: its merged query time sketch over the range (µs).
  ///   - series: its figures per step.
  ///   - breakdown: its calls per database, user and host.
  ///   - slowest: its slowest calls in the range.
  public init(
    id: String, row: SlowQueryClassRow?, stored: StoredQueryClass?, sketch: QuantileSketch,
    series: [SlowQuerySeriesPoint], stepMicros: Int64,
    breakdown: (databases: [String: Int64], users: [String: Int64], hosts: [String: Int64]),
    slowest: [SlowQueryRecord]
  ) {
    self.id = id
    found = row != nil
    fingerprint = stored?.fingerprint ?? row?.fingerprint ?? id
    engine = stored?.engine == "postgres" ? "PostgreSQL" : "MySQL / MariaDB"
    tables = (stored?.tables ?? []).joined(separator: ", ")
    firstSeen = stored.map { HumanFormat.isoTime($0.firstSeen) } ?? "–"
    lastSeen = stored.map { HumanFormat.isoTime($0.lastSeen) } ?? "–"
    isNew = row?.isNew ?? false
    isSlower = row?.slower != nil
    slower =
      row?.slower.map {
        "p95 ×\(HumanFormat.count($0.ratio)) vs the \($0.against) (was \(HumanFormat.milliseconds($0.previousP95Ms)))"
      } ?? ""
    sample = stored?.sample ?? ""
    func ms(_ value: Double?) -> String { value.map(HumanFormat.milliseconds) ?? "–" }
    figures = [
      Figure(label: "Calls", value: HumanFormat.count(Double(row?.calls ?? 0))),
      Figure(label: "Total time", value: ms(row.map { $0.totalS * 1000 })),
      Figure(label: "Time share", value: HumanFormat.percent(row?.share ?? 0)),
      Figure(label: "Avg", value: ms(row?.avgMs)),
      Figure(label: "p95", value: ms(row?.p95Ms)),
      Figure(label: "Max", value: ms(row?.maxMs)),
      Figure(label: "Lock avg", value: ms(row?.lockAvgMs)),
      Figure(label: "Rows sent avg", value: HumanFormat.count(row?.rowsSentAvg ?? 0)),
      Figure(label: "Rows examined avg", value: HumanFormat.count(row?.rowsExaminedAvg ?? 0)),
      Figure(
        label: "Examined per sent", value: row?.examinedPerSent.map { HumanFormat.count($0) } ?? "–"
      ),
    ]
    let times = series.map(\.time)
    trendChart = TimeSeriesChart(
      times: times, stepMicros: stepMicros,
      series: [
        ChartSeries(name: "avg", values: series.map(\.avgMs), colorIndex: 0),
        ChartSeries(name: "p95", values: series.map(\.p95Ms), colorIndex: 1),
        ChartSeries(name: "max", values: series.map(\.maxMs), colorIndex: 3),
      ], unit: .milliseconds, width: 1_440, height: 240, title: "Query time over time"
    ).svg()
    callsChart = StackedBarChart(
      times: times, stepMicros: stepMicros,
      series: [ChartSeries(name: "calls", values: series.map { Double($0.calls) })],
      unit: .count, title: "Calls over time"
    ).svg()
    histogram = HistogramChart(
      buckets: EndpointPage.buckets(sketch), unit: .milliseconds, title: "Query time distribution",
      markers: [("avg", row?.avgMs), ("p95", row?.p95Ms)].compactMap { label, value in
        value.map { ChartMarker(label: label, value: $0) }
      }
    ).svg()
    func shares(_ counts: [String: Int64]) -> [Share] {
      let total = Double(counts.values.reduce(0, +))
      return counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(10).map {
        Share(
          name: $0.key.isEmpty ? "(unknown)" : $0.key, calls: HumanFormat.count(Double($0.value)),
          share: HumanFormat.percent(total > 0 ? Double($0.value) / total : 0))
      }
    }
    databases = shares(breakdown.databases)
    users = shares(breakdown.users)
    hosts = shares(breakdown.hosts)
    calls = slowest.map { call in
      CallRow(
        time: HumanFormat.isoTime(call.timestamp), timestamp: call.timestamp,
        duration: ms(Double(call.queryTime) / 1000),
        lock: ms(call.lockTime.map { Double($0) / 1000 }),
        rowsSent: call.rowsSent.map { HumanFormat.count(Double($0)) } ?? "–",
        rowsExamined: call.rowsExamined.map { HumanFormat.count(Double($0)) } ?? "–",
        database: call.database, user: call.user, host: call.host,
        statement: SlowQueriesPage.shortened(call.statement, to: 4_000))
    }
  }
}
