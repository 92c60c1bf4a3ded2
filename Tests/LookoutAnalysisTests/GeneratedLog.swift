import Foundation
import LookoutCore

/// An access log written by `shared/tools/gen_nginx_log.py`, with its ground-truth routes.
struct GeneratedLog {
  /// One parsed line.
  struct Line {
    var method: String
    /// The request target as logged, query string included.
    var target: String
    var status: Int
    var requestTime: Int64?
    var upstreamTime: Int64?
    /// `METHOD TEMPLATE` from the truth file.
    var truth: String
  }

  var lines: [Line]

  /// The generator next to the repository (`../shared/tools`), located from this file.
  static let generator: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // LookoutAnalysisTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // repository root
    .deletingLastPathComponent()
    .appendingPathComponent("shared/tools/gen_nginx_log.py")

  static var isAvailable: Bool { FileManager.default.fileExists(atPath: generator.path) }

  /// Runs the generator and parses its output.
  static func make(lines: Int, seed: Int, rate: Double) throws -> GeneratedLog {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("lookout-analysis-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let logURL = directory.appendingPathComponent("access.log")
    let truthURL = directory.appendingPathComponent("truth.txt")
    guard FileManager.default.createFile(atPath: logURL.path, contents: nil) else {
      throw GeneratorFailed(status: -1)
    }
    let output = try FileHandle(forWritingTo: logURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", generator.path, String(lines), "--seed", String(seed), "--rate", String(rate),
      "--truth", truthURL.path,
    ]
    process.standardOutput = output
    try GeneratorProcess.runToEnd(process)
    try output.close()
    guard process.terminationStatus == 0 else {
      throw GeneratorFailed(status: process.terminationStatus)
    }
    let log = try String(contentsOf: logURL, encoding: .utf8)
    let truth = try String(contentsOf: truthURL, encoding: .utf8)
    let truthLines = truth.split(separator: "\n")
    var parsed: [Line] = []
    parsed.reserveCapacity(lines)
    let pattern = linePattern
    for (index, text) in log.split(separator: "\n").enumerated() {
      guard var line = parse(text, pattern) else { throw UnparsedLine(text: String(text)) }
      line.truth = String(truthLines[index])
      parsed.append(line)
    }
    return GeneratedLog(lines: parsed)
  }

  /// `ip - user [time] "METHOD TARGET HTTP/x" status bytes "ref" "agent" rt upstream`.
  static var linePattern: LinePattern {
    #/"([A-Z]+) (\S+) HTTP/[0-9.]+" (\d{3}) \d+ "[^"]*" "[^"]*" (\S+) (\S+)$/#
  }

  typealias LinePattern = Regex<(Substring, Substring, Substring, Substring, Substring, Substring)>

  static func parse(_ text: Substring, _ pattern: LinePattern) -> Line? {
    guard let match = text.firstMatch(of: pattern) else { return nil }
    return Line(
      method: String(match.1), target: String(match.2), status: Int(match.3) ?? 0,
      requestTime: micros(match.4), upstreamTime: micros(match.5), truth: "")
  }

  /// Seconds with millisecond resolution (`0.123`) to microseconds; `-` is absent.
  static func micros(_ field: Substring) -> Int64? {
    guard field != "-", let seconds = Double(field) else { return nil }
    return Int64((seconds * 1_000_000).rounded())
  }

  /// The lines as request records (path without the query, as decoders fill it).
  var records: [RequestRecord] {
    lines.enumerated().map { index, line in
      let parts = line.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
      return RequestRecord(
        timestamp: 1_717_545_600_000_000 + Int64(index) * 1000, method: line.method,
        path: String(parts[0]), query: parts.count > 1 ? String(parts[1]) : "",
        status: line.status, requestTime: line.requestTime, upstreamTime: line.upstreamTime)
    }
  }
}

struct GeneratorFailed: Error { var status: Int32 }
struct UnparsedLine: Error { var text: String }

/// `{anything}` -> `{}`, so placeholder names do not matter when comparing routes.
func normalizePlaceholders(_ route: some StringProtocol) -> String {
  var result = ""
  result.reserveCapacity(route.utf8.count)
  var inPlaceholder = false
  for character in route {
    if inPlaceholder {
      if character == "}" {
        inPlaceholder = false
        result.append("{}")
      }
    } else if character == "{" {
      inPlaceholder = true
    } else {
      result.append(character)
    }
  }
  return result
}

/// A small deterministic generator (SplitMix64) so test data is the same on every run.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9e37_79b9_7f4a_7c15
    var value = state
    value = (value ^ (value >> 30)) &* 0xbf58_476d_1ce4_e5b9
    value = (value ^ (value >> 27)) &* 0x94d0_49bb_1331_11eb
    return value ^ (value >> 31)
  }

  /// A standard normal sample (Box-Muller).
  mutating func gaussian() -> Double {
    let u = Double.random(in: Double.ulpOfOne..<1, using: &self)
    let v = Double.random(in: 0..<1, using: &self)
    return (-2 * Foundation.log(u)).squareRoot() * cos(2 * Double.pi * v)
  }
}
