import ArgumentParser
import Foundation
import LookoutAnalysis
import LookoutCore

/// Output formats of `lookout patterns`.
enum PatternsOutput: String, ExpressibleByArgument, CaseIterable {
  /// The patterns as a text table, most frequent first.
  case table
  /// The patterns as one JSON array, most frequent first.
  case json
  /// One JSON object per input line: its line number and final pattern.
  case jsonl
}

/// `lookout patterns FILE...`: the log patterns of files (Drain-style mining), most frequent
/// first.
///
/// ```
/// lookout patterns /var/log/syslog
/// lookout patterns app.log --output jsonl | head
/// zcat old.log.gz | lookout patterns -
/// ```
struct PatternsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "patterns",
    abstract: "Log patterns (templates with <*> for variable parts) of log files.",
    discussion: """
      Every line is one message. Lines are numbered from 1 across all files in order. \
      jsonl prints, for each input line, the final template of the pattern it joined (read \
      after all lines, so later generalisations show). gzip files are not read; pipe them \
      through zcat into '-' (standard input).
      """)

  @Argument(help: "Log files, one message per line; '-' reads standard input.")
  var files: [String]

  @Option(help: "table or json (the patterns), or jsonl (one object per input line).")
  var output: PatternsOutput = .table

  @Option(help: "Patterns shown in the table (json lists all).")
  var limit: Int = 100

  func run() async throws {
    var miner = LogPatternMiner()
    var ids: [Int] = []
    for path in files {
      for line in try Self.lines(of: path) {
        let id = miner.add(line)
        if output == .jsonl { ids.append(id) }
      }
    }
    var out = StandardOutputBuffer()
    switch output {
    case .table:
      out.write(PatternsRendering.table(miner.patterns, lines: miner.lineCount, limit: limit))
    case .json:
      out.write(try PatternsRendering.json(miner.patterns, lines: miner.lineCount))
      out.write("\n")
    case .jsonl:
      var escapedTemplates: [Int: String] = [:]
      for (index, id) in ids.enumerated() {
        let current = miner.currentID(of: id)
        let template: String
        if let known = escapedTemplates[current] {
          template = known
        } else {
          template = JSONText.quoted(miner.pattern(id: current)?.template ?? "")
          escapedTemplates[current] = template
        }
        out.write("{\"line\":\(index + 1),\"pattern_id\":\(current),\"pattern\":\(template)}\n")
      }
    }
    out.flush()
  }

  /// The lines of a file (or of standard input for `-`), without their line ends.
  static func lines(of path: String) throws -> [String] {
    let data: Data
    if path == "-" {
      data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
      do {
        data = try Data(contentsOf: URL(fileURLWithPath: path))
      } catch {
        throw ValidationError("cannot read \(path): \(error.localizedDescription)")
      }
    }
    if data.starts(with: [0x1f, 0x8b]) {
      throw ValidationError("\(path) is gzip-compressed; use: zcat \(path) | lookout patterns -")
    }
    var lines = data.split(separator: 0x0a, omittingEmptySubsequences: false).map { line in
      String(decoding: line.last == 0x0d ? line.dropLast() : line, as: UTF8.self)
    }
    if lines.last?.isEmpty == true { lines.removeLast() }
    return lines
  }
}

/// The table and JSON forms of a list of patterns.
enum PatternsRendering {
  /// One pattern in the JSON output.
  struct Row: Codable, Equatable {
    var id: Int
    var pattern: String
    var count: Int
    var ratio: Double
    var severity: String
    var sample: String
  }

  /// The rows of `patterns`, with their share of `lines`.
  static func rows(_ patterns: [LogPattern], lines: Int) -> [Row] {
    patterns.map { pattern in
      Row(
        id: pattern.id, pattern: pattern.template, count: pattern.count,
        ratio: lines == 0 ? 0 : Double(pattern.count) / Double(lines),
        severity: pattern.severityLabel, sample: pattern.sample)
    }
  }

  /// A JSON array of the patterns, keys sorted.
  static func json(_ patterns: [LogPattern], lines: Int) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(rows(patterns, lines: lines)), as: UTF8.self)
  }

  /// A text table: count, ratio, severity and pattern, with the sample under each pattern.
  static func table(_ patterns: [LogPattern], lines: Int, limit: Int) -> String {
    var text = "\(patterns.count) patterns in \(lines) lines\n\n"
    text += "   COUNT   RATIO  SEVERITY  PATTERN\n"
    for row in rows(patterns, lines: lines).prefix(max(0, limit)) {
      let count = String(row.count)
      let ratio = String(format: "%.2f%%", row.ratio * 100)
      text += String(repeating: " ", count: max(0, 8 - count.count)) + count
      text += String(repeating: " ", count: max(1, 8 - ratio.count)) + ratio + "  "
      text += row.severity.padding(toLength: 8, withPad: " ", startingAt: 0) + "  "
      text += row.pattern + "\n"
      text += String(repeating: " ", count: 28) + "e.g. " + row.sample + "\n"
    }
    if patterns.count > limit { text += "(\(patterns.count - limit) more; --limit shows more)\n" }
    return text
  }
}

/// Buffers text for standard output and writes it in large pieces.
private struct StandardOutputBuffer {
  private var bytes: [UInt8] = []

  mutating func write(_ text: String) {
    bytes.append(contentsOf: text.utf8)
    if bytes.count >= 1 << 16 { flush() }
  }

  mutating func flush() {
    guard !bytes.isEmpty else { return }
    FileHandle.standardOutput.write(Data(bytes))
    bytes.removeAll(keepingCapacity: true)
  }
}
