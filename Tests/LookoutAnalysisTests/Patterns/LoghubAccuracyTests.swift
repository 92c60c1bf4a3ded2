import Foundation
import LookoutAnalysis
import Testing

/// Grouping accuracy on the loghub 2k samples, against Drain's published figures.
@Suite("Log pattern accuracy (loghub)")
struct LoghubAccuracyTests {
  /// Drain's grouping accuracy per dataset (Zhu et al., ICSE-SEIP 2019, table "Accuracy of log
  /// parsers on different datasets").
  static let drain: [(String, Double)] = [
    ("Android", 0.911), ("Apache", 1.0), ("HDFS", 0.998), ("HealthApp", 0.780),
    ("Linux", 0.690), ("OpenSSH", 0.788), ("Spark", 0.920), ("Zookeeper", 0.967),
  ]

  @Test("every dataset at least Drain's figure, mean above 0.95")
  func accuracy() throws {
    var rows: [String] = []
    var total = 0.0
    for (name, drainAccuracy) in Self.drain {
      let sample = try LoghubSample.load(name)
      var miner = LogPatternMiner()
      let ids = sample.contents.map { miner.add($0) }
      let final = ids.map { miner.currentID(of: $0) }
      let accuracy = LoghubSample.groupingAccuracy(predicted: final, truth: sample.eventIDs)
      total += accuracy
      rows.append(
        "\(name.padding(toLength: 10, withPad: " ", startingAt: 0)) "
          + "\(String(format: "%.3f", accuracy))  (Drain \(String(format: "%.3f", drainAccuracy)))"
          + "  patterns \(miner.patternCount), true \(Set(sample.eventIDs).count)")
      #expect(sample.contents.count == 2000, "\(name) has \(sample.contents.count) lines")
      #expect(accuracy >= drainAccuracy, "\(name): \(accuracy) < Drain's \(drainAccuracy)")
    }
    let mean = total / Double(Self.drain.count)
    print(
      (rows + ["mean       \(String(format: "%.4f", mean))  (Drain 0.882)"]).joined(separator: "\n")
    )
    #expect(mean > 0.95)
  }

  @Test("the accuracy measure itself")
  func measure() {
    // Lines 2 and 3 share a predicted group but not a true one, so both are wrong; lines 0
    // and 1 (group {0, 1} in both) and 4 (alone in both) are right.
    let accuracy = LoghubSample.groupingAccuracy(
      predicted: [1, 1, 2, 2, 3], truth: ["a", "a", "b", "c", "d"])
    #expect(accuracy == 0.6)
    #expect(LoghubSample.groupingAccuracy(predicted: [1, 2], truth: ["a", "a"]) == 0)
    #expect(LoghubSample.groupingAccuracy(predicted: [7, 7], truth: ["x", "x"]) == 1)
  }
}
