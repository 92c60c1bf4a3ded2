import LookoutCore
import Testing

@testable import LookoutAnalysis

@Suite("Slow query digest")
struct SlowQueryDigestTests {
  static func call(
    _ classID: String, seconds: Double, at time: Int64 = 1_000, examined: Int64? = nil,
    sent: Int64? = nil, database: String = "app"
  ) -> SlowQueryRecord {
    SlowQueryRecord(
      timestamp: time, engine: .mysql, statement: "SELECT \(seconds)",
      queryTime: Int64((seconds * 1e6).rounded()), lockTime: 10, rowsSent: sent,
      rowsExamined: examined, database: database, fingerprint: "select ?", classID: classID)
  }

  @Test("percentiles are exact nearest-rank values, V/M is variance over mean")
  func figures() throws {
    var summary = AttributeSummary()
    for value in 1...100 { summary.add(Double(value)) }
    let figures = try #require(summary.figures())
    #expect(figures.count == 100)
    #expect(figures.sum == 5050)
    #expect(figures.min == 1 && figures.max == 100)
    #expect(figures.median == 50)
    #expect(figures.p95 == 95)
    #expect(abs(figures.mean - 50.5) < 1e-9)
    // Population variance of 1...100 is (100^2 - 1) / 12 = 833.25.
    #expect(abs(figures.varianceToMean - 833.25 / 50.5) < 1e-9)
    #expect(AttributeSummary().figures() == nil)
  }

  @Test("one value: every percentile is that value and V/M is 0")
  func single() throws {
    var summary = AttributeSummary()
    summary.add(0.25)
    let figures = try #require(summary.figures())
    #expect(figures.median == 0.25 && figures.p95 == 0.25 && figures.varianceToMean == 0)
  }

  @Test("classes rank by total time; the sample is the slowest call")
  func ranking() {
    var digest = SlowQueryDigest()
    for _ in 0..<10 { digest.add(Self.call("fast", seconds: 0.01), tables: ["a"]) }
    digest.add(Self.call("slow", seconds: 2, examined: 1_000, sent: 10), tables: ["b"])
    digest.add(Self.call("slow", seconds: 3, examined: 3_000, sent: 10, database: "x"), tables: [])
    let ranked = digest.ranked()
    #expect(ranked.map(\.id) == ["slow", "fast"])
    #expect(digest.queries == 12)
    #expect(abs(digest.totalSeconds - 5.1) < 1e-9)
    let slow = ranked[0]
    #expect(slow.calls == 2)
    #expect(slow.tables == ["b"])
    #expect(slow.sample.queryTime == 3_000_000)
    #expect(slow.examinedPerSent == 200)
    #expect(slow.databases == ["app": 1, "x": 1])
    #expect(ranked[1].examinedPerSent == nil)
  }
}
