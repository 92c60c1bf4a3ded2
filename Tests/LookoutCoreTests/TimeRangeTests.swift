import Testing

@testable import LookoutCore

@Suite("Time ranges and microsecond arithmetic")
struct TimeRangeTests {
  @Test(
    "floor rounds down, also below zero",
    arguments: [
      (Int64(125), Int64(60), Int64(120)), (120, 60, 120), (-1, 60, -60), (-60, 60, -60),
      (0, 60, 0),
    ])
  func floor(value: Int64, step: Int64, expected: Int64) {
    #expect(Micros.floor(value, to: step) == expected)
  }

  @Test("ranges are half-open and never negative")
  func halfOpen() {
    let range = TimeRange(from: 10, to: 20)
    #expect(range.contains(10))
    #expect(!range.contains(20))
    #expect(range.overlaps(min: 19, max: 30))
    #expect(!range.overlaps(min: 20, max: 30))
    #expect(TimeRange(from: 5, to: 1).duration == 0)
  }

  @Test("status classes")
  func statusClass() {
    #expect(RequestRecord(timestamp: 0, status: 503).statusClass == 5)
    #expect(RequestRecord(timestamp: 0, status: 200).statusClass == 2)
    #expect(RequestRecord(timestamp: 0, status: 0).statusClass == 0)
    #expect(RequestRecord(timestamp: 0, requestTime: nil, upstreamTime: 7).latency == 7)
  }
}
