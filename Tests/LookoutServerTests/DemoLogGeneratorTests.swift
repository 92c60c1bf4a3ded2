import Foundation
import LookoutAnalysis
import LookoutCore
import Testing

@testable import LookoutServer

@Suite("Demo logs")
struct DemoLogGeneratorTests {
  @Test func aDayOfLogsHasFewPatternsAndOneNewOne() {
    let now = 1_717_545_600.0
    var generator = DemoLogGenerator(seed: 7, now: now)
    let day = generator.records(count: 20_000, from: now - 86_400, span: 86_400)
    #expect(day.count == 20_000)
    #expect(zip(day, day.dropFirst()).allSatisfy { $0.timestamp <= $1.timestamp })
    #expect(Set(day.map(\.service)) == ["api", "checkout", "worker"])
    let late = day.filter { $0.body.hasPrefix("cache stampede") }
    #expect(!late.isEmpty)
    #expect(late.allSatisfy { Double($0.timestamp) / 1e6 >= now - 40 * 60 })
    #expect(day.contains { $0.body.contains("Traceback") && $0.body.contains("\n") })
    // Per source, the miner finds the shapes, not one pattern per line.
    for service in ["api", "checkout", "worker"] {
      var miner = LogPatternMiner()
      for record in day where record.service == service { miner.add(record.body) }
      #expect(miner.patterns.count <= 8, "\(service): \(miner.patterns.map(\.template))")
    }
    var again = DemoLogGenerator(seed: 7, now: now)
    #expect(
      again.records(count: 100, from: now - 60, span: 60).map(\.body)
        == DemoLogGenerator(seed: 7, now: now).recordsCopy(count: 100, from: now - 60, span: 60))
  }
}

extension DemoLogGenerator {
  /// The bodies a fresh generator gives, for comparing runs.
  fileprivate func recordsCopy(count: Int, from: Double, span: Double) -> [String] {
    var copy = self
    return copy.records(count: count, from: from, span: span).map(\.body)
  }
}
