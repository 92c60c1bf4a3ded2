import Foundation

/// A slow log written by `shared/tools/gen_mysql_slowlog.py`, with the true shape of each
/// statement.
struct GeneratedSlowLog {
  /// The statements, in order, without their final `;`.
  var statements: [String]
  /// The index of the generator's shape each statement was made from.
  var shapes: [Int]

  /// The generator next to the repository (`../shared/tools`), located from this file.
  static let generator: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // SQL
    .deletingLastPathComponent()  // LookoutAnalysisTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // repository root
    .deletingLastPathComponent()
    .appendingPathComponent("shared/tools/gen_mysql_slowlog.py")

  /// Whether the generator is there to run.
  static var isAvailable: Bool { FileManager.default.fileExists(atPath: generator.path) }

  /// The generator's run failed.
  struct Failed: Error {
    var status: Int32
  }

  /// Runs the generator for `queries` statements from `seed` and reads its output.
  static func make(queries: Int, seed: Int) throws -> GeneratedSlowLog {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("lookout-sql-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let logURL = directory.appendingPathComponent("slow.log")
    let truthURL = directory.appendingPathComponent("truth.txt")
    guard FileManager.default.createFile(atPath: logURL.path, contents: nil) else {
      throw Failed(status: -1)
    }
    let output = try FileHandle(forWritingTo: logURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", generator.path, String(queries), "--seed", String(seed), "--truth",
      truthURL.path,
    ]
    process.standardOutput = output
    try GeneratorProcess.runToEnd(process)
    try output.close()
    guard process.terminationStatus == 0 else { throw Failed(status: process.terminationStatus) }
    let log = try String(contentsOf: logURL, encoding: .utf8)
    let truth = try String(contentsOf: truthURL, encoding: .utf8)
    return GeneratedSlowLog(
      statements: statements(in: log), shapes: truth.split(separator: "\n").compactMap { Int($0) })
  }

  /// The statements of a slow log whose entries end `SET timestamp=N;` and a statement
  /// ending in `;` at the end of a line (which is how the generator writes them).
  static func statements(in log: String) -> [String] {
    var result: [String] = []
    var current: [Substring] = []
    var inStatement = false
    for line in log.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("SET timestamp=") {
        inStatement = true
        current = []
        continue
      }
      guard inStatement else { continue }
      if line.hasSuffix(";") {
        current.append(line.dropLast())
        result.append(current.joined(separator: "\n"))
        inStatement = false
      } else {
        current.append(line)
      }
    }
    return result
  }
}
