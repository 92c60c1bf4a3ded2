import LookoutAnalysis
import LookoutCore
import LookoutStore

/// The ranked digest of slow queries over a range, from minute rollups, with "new" and
/// "got slower" markers.
public enum SlowQueryDigestQuery {
  /// p95 now over p95 before from which a class is marked slower.
  public static let slowerRatio = 1.5
  /// Fewest calls in both windows for a p95 comparison to mean anything (with fewer, the
  /// p95 of a long-tailed class jumps by chance).
  public static let minimumCallsToCompare: Int64 = 10

  /// The digest of `range`.
  public struct Result: Sendable {
    /// Classes, most total time first.
    public var classes: [SlowQueryClassRow]
    /// Calls in the range.
    public var calls: Int64
    /// Total query time in the range, seconds.
    public var totalS: Double
    /// The rollup figures of each class over the range (its query-time sketch for a
    /// distribution), so a class page need not read them again.
    public var figures: [String: SlowQueryFigures]
  }

  /// Ranks the classes of `project` in `range` by total time.
  public static func run(
    _ store: SlowQueryStore, project: Int64, range: TimeRange, environment: String?
  ) async throws -> Result {
    let now = try await store.classFigures(
      project: project, range: range, environment: environment)
    let stored = try await store.storedClasses(project: project)
    let day = 86_400 * Micros.perSecond
    let week = 7 * day
    let length = range.to - range.from
    // Earlier windows never overlap the range: a day earlier for ranges up to a day, a
    // week earlier for ranges up to a week; longer ranges are compared with nothing.
    let yesterday =
      length <= day
      ? try await store.classFigures(
        project: project, range: range.shifted(by: -day), environment: environment) : [:]
    let lastWeek =
      length <= week
      ? try await store.classFigures(
        project: project, range: range.shifted(by: -week), environment: environment) : [:]
    let totalMicros = now.values.reduce(Int64(0)) { $0 + $1.sumMicros }
    let calls = now.values.reduce(Int64(0)) { $0 + $1.calls }
    let rows = now.compactMap { id, figures -> SlowQueryClassRow? in
      guard figures.calls > 0 else { return nil }
      let known = stored[id]
      return row(
        id: id, figures: figures, stored: known, totalMicros: totalMicros,
        isNew: (known?.firstSeen ?? range.from) > range.to - day,
        slower: comparable(yesterday[id])
          ? change(figures, yesterday[id], "previous day")
          : change(figures, lastWeek[id], "previous week"))
    }
    return Result(
      classes: rows.sorted { ($0.totalS, $1.id) > ($1.totalS, $0.id) }, calls: calls,
      totalS: Double(totalMicros) / 1e6, figures: now)
  }

  /// Whether an earlier window has calls enough to compare with (else the next one is used).
  static func comparable(_ before: SlowQueryFigures?) -> Bool {
    (before?.calls ?? 0) >= minimumCallsToCompare
  }

  static func change(_ now: SlowQueryFigures, _ before: SlowQueryFigures?, _ against: String)
    -> SlowQueryClassRow.Change?
  {
    guard let before, before.calls >= minimumCallsToCompare, now.calls >= minimumCallsToCompare,
      let p95 = now.p95Micros, let previous = before.p95Micros, previous > 0,
      p95 / previous >= slowerRatio
    else { return nil }
    return .init(against: against, previousP95Ms: previous / 1000, ratio: p95 / previous)
  }

  static func row(
    id: String, figures: SlowQueryFigures, stored: StoredQueryClass?, totalMicros: Int64,
    isNew: Bool, slower: SlowQueryClassRow.Change?
  ) -> SlowQueryClassRow {
    let calls = Double(figures.calls)
    return SlowQueryClassRow(
      id: id, fingerprint: stored?.fingerprint ?? id, engine: stored?.engine ?? "",
      tables: stored?.tables ?? [], calls: figures.calls,
      totalS: Double(figures.sumMicros) / 1e6,
      share: totalMicros > 0 ? Double(figures.sumMicros) / Double(totalMicros) : 0,
      avgMs: Double(figures.sumMicros) / calls / 1000,
      p95Ms: (figures.p95Micros ?? 0) / 1000, maxMs: Double(figures.maxMicros) / 1000,
      lockAvgMs: Double(figures.lockMicros) / calls / 1000,
      rowsSentAvg: Double(figures.rowsSent) / calls,
      rowsExaminedAvg: Double(figures.rowsExamined) / calls,
      examinedPerSent: figures.rowsSent > 0
        ? Double(figures.rowsExamined) / Double(figures.rowsSent) : nil,
      firstSeen: stored?.firstSeen ?? 0, lastSeen: stored?.lastSeen ?? 0, isNew: isNew,
      slower: slower, sample: stored?.sample ?? "")
  }
}

extension TimeRange {
  /// The same range moved by `offset` microseconds.
  func shifted(by offset: Int64) -> TimeRange {
    TimeRange(from: from + offset, to: to + offset)
  }
}
