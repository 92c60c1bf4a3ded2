import Foundation
import LookoutCore
import LookoutStore
import Testing

@testable import LookoutQuery

@Suite("Slow query digest over the store")
struct SlowQueryDigestQueryTests {
  static let day = 86_400 * Micros.perSecond
  static let end: Int64 = 1_717_545_600_000_000 + 30 * day
  static let range = TimeRange(from: end - Micros.perMinute * 60, to: end)

  static func calls(_ classID: String, count: Int, micros: Int64, at time: Int64)
    -> [SlowQueryRecord]
  {
    (0..<count).map { index in
      SlowQueryRecord(
        timestamp: time + Int64(index) * Micros.perSecond, engine: .mysql,
        statement: "SELECT \(index)", queryTime: micros, rowsSent: 2, rowsExamined: 100,
        fingerprint: "select ? -- \(classID)", classID: classID)
    }
  }

  @Test("ranked by total time, with new and slower markers against earlier windows")
  func markers() async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "sq-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let store = try SlowQueryStore(path: dir + "/queries.sqlite", durability: .normal)
    let inRange = Self.range.from + Micros.perMinute
    var records: [SlowQueryRecord] = []
    // "slower": 10 ms a day ago, 100 ms now.
    records += Self.calls("slower", count: 10, micros: 10_000, at: inRange - Self.day)
    records += Self.calls("slower", count: 10, micros: 100_000, at: inRange)
    // "steady": the same 50 ms a week ago and now, first seen a week ago.
    records += Self.calls("steady", count: 10, micros: 50_000, at: inRange - 7 * Self.day)
    records += Self.calls("steady", count: 10, micros: 52_000, at: inRange)
    // "fresh": only now.
    records += Self.calls("fresh", count: 3, micros: 1_000, at: inRange)
    let classes = Dictionary(
      uniqueKeysWithValues: ["slower", "steady", "fresh"].map {
        ($0, SlowQueryBatch.ClassInfo(engine: .mysql, fingerprint: "select ? -- \($0)", tables: []))
      })
    let batch = SlowQueryBatch(records: records, classes: classes, context: SourceContext())
    try await store.database.write { db in try store.write([batch], in: db) }
    let result = try await SlowQueryDigestQuery.run(
      store, project: 1, range: Self.range, environment: nil)
    #expect(result.classes.map(\.id) == ["slower", "steady", "fresh"])
    #expect(result.calls == 23)
    let byID = Dictionary(uniqueKeysWithValues: result.classes.map { ($0.id, $0) })
    #expect(byID["slower"]?.slower?.against == "previous day")
    #expect((byID["slower"]?.slower?.ratio ?? 0) > 9)
    #expect(byID["steady"]?.slower == nil)
    #expect(byID["fresh"]?.slower == nil)
    #expect(byID["fresh"]?.isNew == true)
    #expect(byID["slower"]?.isNew == false)
    #expect(byID["steady"]?.isNew == false)
    #expect(byID["steady"]?.rowsExaminedAvg == 100)
    #expect(byID["steady"]?.examinedPerSent == 50)
    #expect(abs((byID["slower"]?.share ?? 0) - 1.0 / 1.523) < 0.001)

    // Over a week-long range the earlier windows would overlap it: no comparison.
    let week = try await SlowQueryDigestQuery.run(
      store, project: 1, range: TimeRange(from: Self.end - 8 * Self.day, to: Self.end),
      environment: nil)
    #expect(week.classes.allSatisfy { $0.slower == nil })

    let series = try await SlowQuerySeriesQuery.run(
      store, project: 1, range: Self.range, step: 10 * Micros.perMinute, classIDs: ["fresh"],
      environment: nil)
    #expect(series["fresh"]?.count == 6)
    #expect(series["fresh"]?.map(\.calls) == [3, 0, 0, 0, 0, 0])
    #expect(series["fresh"]?.first?.maxMs == 1)
  }
}
