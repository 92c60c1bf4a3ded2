import LookoutCore
import LookoutQuery

/// The Slow queries page: the two panels the team built in Grafana (per-class average and
/// maximum time over the range) and the ranked digest, with "new" and "slower" markers.
public struct SlowQueriesPage: Sendable {
  /// A column header; its link sorts by it.
  public struct Column: Sendable {
    public var label: String
    public var url: String
    public var sorted: Bool
    public var numeric: Bool
  }

  /// One class of the digest table.
  public struct Row: Sendable {
    public var rank: Int
    public var id: String
    public var url: String
    public var fingerprint: String
    public var tables: String
    public var calls: String
    public var total: String
    public var share: String
    public var avg: String
    public var p95: String
    public var max: String
    public var examined: String
    public var ratio: String
    public var isNew: Bool
    public var isSlower: Bool
    public var slower: String
    public var sparkline: String
  }

  public var figures: [Figure]
  public var avgChart: String
  public var maxChart: String
  public var columns: [Column]
  public var rows: [Row]
  public var isEmpty: Bool

  /// How many classes the two panels draw, largest total time first.
  public static let charted = 8

  static let sortKeys: [(key: String, label: String)] = [
    ("total", "Time share"), ("calls", "Calls"), ("avg", "Avg"), ("p95", "p95"),
    ("max", "Max"), ("examined", "Rows examined"),
  ]

  /// Builds the page from the digest of the range and the series of its top classes.
  public init(
    digest: SlowQueryDigestQuery.Result, series: [String: [SlowQuerySeriesPoint]],
    stepMicros: Int64, state: PageState
  ) {
    let sort = state.extra["sort"] ?? "-total"
    let descending = sort.hasPrefix("-")
    let key = descending ? String(sort.dropFirst()) : sort
    columns = Self.sortKeys.map { column in
      let isSorted = column.key == key
      return Column(
        label: column.label + (isSorted ? (descending ? " ↓" : " ↑") : ""),
        url: state.url(
          Page.slowQueries.path, ["sort": isSorted && descending ? column.key : "-" + column.key]),
        sorted: isSorted, numeric: true)
    }
    func value(_ row: SlowQueryClassRow) -> Double {
      switch key {
      case "calls": Double(row.calls)
      case "avg": row.avgMs
      case "p95": row.p95Ms
      case "max": row.maxMs
      case "examined": row.rowsExaminedAvg
      default: row.totalS
      }
    }
    let rank = Dictionary(
      uniqueKeysWithValues: digest.classes.enumerated().map { ($1.id, $0 + 1) })
    let ordered = digest.classes.sorted { left, right in
      let (a, b) = (value(left), value(right))
      if a != b { return descending ? a > b : a < b }
      return rank[left.id]! < rank[right.id]!
    }
    func ms(_ value: Double) -> String { HumanFormat.milliseconds(value) }
    rows = ordered.map { row in
      Row(
        rank: rank[row.id]!, id: row.id,
        url: state.url("/slow-queries/\(row.id)", Page.dropPageParameters),
        fingerprint: Self.shortened(row.fingerprint, to: 240),
        tables: row.tables.joined(separator: ", "),
        calls: HumanFormat.count(Double(row.calls)), total: ms(row.totalS * 1000),
        share: HumanFormat.percent(row.share), avg: ms(row.avgMs), p95: ms(row.p95Ms),
        max: ms(row.maxMs), examined: HumanFormat.count(row.rowsExaminedAvg),
        ratio: row.examinedPerSent.map { HumanFormat.count($0) } ?? "–", isNew: row.isNew,
        isSlower: row.slower != nil,
        slower: row.slower.map { "p95 ×\(HumanFormat.count($0.ratio)) vs \($0.against)" } ?? "",
        sparkline: Sparkline(values: (series[row.id] ?? []).map { Double($0.calls) }).svg())
    }
    isEmpty = rows.isEmpty
    figures = [
      Figure(label: "Calls", value: HumanFormat.count(Double(digest.calls))),
      Figure(label: "Query time", value: ms(digest.totalS * 1000)),
      Figure(label: "Classes", value: HumanFormat.count(Double(digest.classes.count))),
      Figure(
        label: "New since yesterday",
        value: HumanFormat.count(Double(digest.classes.filter(\.isNew).count))),
      Figure(
        label: "Got slower",
        value: HumanFormat.count(Double(digest.classes.filter { $0.slower != nil }.count))),
    ]
    let top = digest.classes.prefix(Self.charted)
    let times = (series[top.first?.id ?? ""] ?? []).map(\.time)
    func chart(_ title: String, _ measure: (SlowQuerySeriesPoint) -> Double?) -> String {
      TimeSeriesChart(
        times: times, stepMicros: stepMicros,
        series: top.enumerated().map { index, row in
          ChartSeries(
            name: "#\(rank[row.id]!) " + Self.shortened(row.fingerprint, to: 60),
            values: (series[row.id] ?? []).map(measure), colorIndex: index)
        }, unit: .milliseconds, title: title
      ).svg()
    }
    avgChart = chart("Average time per query class", \.avgMs)
    maxChart = chart("Maximum time per query class", \.maxMs)
  }

  /// `text` cut to `limit` characters with an ellipsis.
  static func shortened(_ text: String, to limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
  }
}
