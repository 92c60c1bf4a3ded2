import Foundation
import LookoutAnalysis
import LookoutIngest
import Testing

@testable import LookoutServer

/// `lookout digest mysql-slow` against pt-query-digest (Debian's percona-toolkit) on
/// Percona's own sample logs and on the generator's output, whose true classes are known.
@Suite("Slow log digest vs pt-query-digest", .serialized)
struct SlowLogReferenceTests {
  static let shared = BrowserTests.repository.deletingLastPathComponent()
    .appendingPathComponent("shared")

  /// pt-query-digest's classes of `path`: fingerprint -> calls, and its event count.
  static func ptQueryDigest(_ path: String) async throws -> (classes: [String: Int], events: Int) {
    let (status, output) = try await BrowserTests.run(
      "/bin/sh",
      ["-c", "pt-query-digest --output json --limit 100%:100000 '\(path)' 2>/dev/null"],
      timeout: 300)
    #expect(status == 0, "pt-query-digest failed on \(path)")
    guard let start = output.firstIndex(of: "{"),
      let json = try JSONSerialization.jsonObject(with: Data(output[start...].utf8))
        as? [String: Any]
    else { return ([:], 0) }
    let global = json["global"] as? [String: Any]
    var classes: [String: Int] = [:]
    for item in json["classes"] as? [[String: Any]] ?? [] {
      classes[item["fingerprint"] as? String ?? "", default: 0] += item["query_count"] as? Int ?? 0
    }
    return (classes, global?["query_count"] as? Int ?? 0)
  }

  /// Where pt-query-digest classes differ from ours on its samples, and why; each is a
  /// deliberate difference (see `MySQLFingerprinter` and `MySQLSlowLogDecoder`). The
  /// numbers are pt-only and Lookout-only fingerprints.
  static let knownDifferences: [String: (ptOnly: Int, oursOnly: Int, why: String)] = [
    "slow002.txt": (4, 4, "digits inside names: pt turns db1.conch into d?onch, merging tables"),
    "slow004.txt": (1, 1, "digits inside names: 12_13_foo and 123_bar stay, pt gives ?_?_foo"),
    "slow008.txt": (1, 1, "digits inside names: SET NAMES utf8 stays utf8, pt gives utf?"),
    "slow010.txt": (1, 1, "pt leaves a trailing space where it cut a -- comment"),
    "slow011.txt": (1, 1, "digits inside names: utf8"),
    "slow019.txt": (1, 1, "digits inside names: utf8"),
    "slow017.txt": (0, 1, "pt drops the entry whose Query_time wrapped to 18446744073708 s"),
    "slow024.txt": (
      0, 1, "INSERT ... ON DUPLICATE KEY UPDATE stays apart from the plain INSERT; pt merges them"
    ),
  ]

  @Test("Percona's samples: same classes and calls wherever pt-query-digest is right")
  func perconaSamples() async throws {
    let directory = Self.shared.appendingPathComponent("data/slowlogs")
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasPrefix("slow") && $0.hasSuffix(".txt") }.sorted()
    #expect(files.count == 30)
    for file in files {
      let path = directory.appendingPathComponent(file).path
      let reference = try await Self.ptQueryDigest(path)
      let ours = try await SlowLogFileDigest(format: .mysql).run(paths: [path])
      var mine: [String: Int] = [:]
      for item in ours.classes { mine[item.fingerprint, default: 0] += item.calls }
      let ptOnly = reference.classes.filter { mine[$0.key] == nil }
      let oursOnly = mine.filter { reference.classes[$0.key] == nil }
      if let known = Self.knownDifferences[file] {
        #expect(ptOnly.count == known.ptOnly, "\(file) (\(known.why)): pt-only \(ptOnly)")
        #expect(oursOnly.count == known.oursOnly, "\(file) (\(known.why)): ours-only \(oursOnly)")
      } else {
        #expect(mine == reference.classes, "\(file)")
      }
      if file != "slow017.txt" {
        #expect(ours.queries == reference.events, "\(file): every entry pt counts, counted")
      }
    }
  }

  @Test("generated log: exactly the true classes, where pt-query-digest splits two of them")
  func generatorTruth() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "gen-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let log = directory.appendingPathComponent("slow.log").path
    let truth = directory.appendingPathComponent("truth.txt").path
    let generator = Self.shared.appendingPathComponent("tools/gen_mysql_slowlog.py").path
    // A seed the unit tests of the fingerprinter do not use.
    let (status, output) = try await BrowserTests.run(
      "/bin/sh", ["-c", "python3 '\(generator)' 6000 --seed 29 --truth '\(truth)' > '\(log)'"],
      timeout: 120)
    #expect(status == 0, "\(output)")
    let shapes = try String(contentsOfFile: truth, encoding: .utf8).split(separator: "\n")
      .map(String.init)

    // Each entry's class, in log order, against its true shape: one class per shape.
    var decoder = MySQLSlowLogDecoder()
    var batch = decoder.feed(try Array(Data(contentsOf: URL(fileURLWithPath: log))))
    batch.append(decoder.finish())
    #expect(batch.records.count == shapes.count)
    #expect(batch.report.badLines == 0)
    var fingerprinter = MySQLFingerprinter()
    var classOfShape: [String: Set<String>] = [:]
    var shapeOfClass: [String: Set<String>] = [:]
    for (record, shape) in zip(batch.records, shapes) {
      let classID = fingerprinter.fingerprint(record.statement).classID
      classOfShape[shape, default: []].insert(classID)
      shapeOfClass[classID, default: []].insert(shape)
    }
    #expect(classOfShape.values.allSatisfy { $0.count == 1 }, "a shape split into classes")
    #expect(shapeOfClass.values.allSatisfy { $0.count == 1 }, "shapes merged into a class")
    #expect(shapeOfClass.count == Set(shapes).count)

    let ours = try await SlowLogFileDigest(format: .mysql).run(paths: [log])
    let trueCounts = Dictionary(shapes.map { ($0, 1) }, uniquingKeysWith: +)
    #expect(ours.classes.map(\.calls).sorted() == trueCounts.values.sorted())
    #expect(ours.queries == shapes.count)

    // pt-query-digest splits the shapes whose strings hold an escaped quote ('it''s').
    let reference = try await Self.ptQueryDigest(log)
    #expect(reference.events == shapes.count)
    #expect(reference.classes.count == trueCounts.count + 2)
  }
}
