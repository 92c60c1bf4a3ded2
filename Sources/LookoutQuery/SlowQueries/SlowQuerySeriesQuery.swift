import LookoutAnalysis
import LookoutCore
import LookoutStore

/// One step of a query class's time series.
public struct SlowQuerySeriesPoint: Sendable, Hashable, Codable {
  /// Start of the step, µs since epoch.
  public var time: Int64
  /// Calls in the step.
  public var calls: Int64
  /// Mean, p95 and largest query time in milliseconds; nil when there were no calls.
  public var avgMs: Double?
  public var p95Ms: Double?
  public var maxMs: Double?

  enum CodingKeys: String, CodingKey {
    case time, calls
    case avgMs = "avg_ms"
    case p95Ms = "p95_ms"
    case maxMs = "max_ms"
  }
}

/// Query classes over time, per step, from minute rollups.
public enum SlowQuerySeriesQuery {
  /// The steps of `range` (steps of `step` µs, whole minutes) for each of `classIDs`; steps
  /// without calls are included, empty, so charts show the gaps.
  public static func run(
    _ store: SlowQueryStore, project: Int64, range: TimeRange, step: Int64,
    classIDs: [String], environment: String?
  ) async throws -> [String: [SlowQuerySeriesPoint]] {
    let steps = RequestSeriesQuery.steps(range: range, step: step)
    guard steps.count > 0, !classIDs.isEmpty else { return [:] }
    let stepRange = TimeRange(from: steps.start, to: steps.start + Int64(steps.count) * steps.step)
    let figures = try await store.classSeries(
      project: project, range: stepRange, step: steps.step, classIDs: Set(classIDs),
      environment: environment)
    var result: [String: [SlowQuerySeriesPoint]] = [:]
    for id in classIDs {
      let byStep = figures[id] ?? [:]
      result[id] = (0..<steps.count).map { index in
        let time = steps.start + Int64(index) * steps.step
        guard let step = byStep[time], step.calls > 0 else {
          return SlowQuerySeriesPoint(time: time, calls: 0)
        }
        return SlowQuerySeriesPoint(
          time: time, calls: step.calls, avgMs: step.avgMicros.map { $0 / 1000 },
          p95Ms: step.p95Micros.map { $0 / 1000 }, maxMs: Double(step.maxMicros) / 1000)
      }
    }
    return result
  }
}
