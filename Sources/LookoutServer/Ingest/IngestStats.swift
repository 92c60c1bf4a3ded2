import Foundation
import LookoutIngest
import Metrics
import Synchronization

/// What each source has delivered: lines, bad lines with examples, last time seen.
///
/// Shown on the Ingest health page and counted in `/metrics` as
/// `lookout_ingest_lines_total{source}` and `lookout_ingest_bad_lines_total{source}`.
public final class IngestStats: Sendable {
  /// One bad line kept as an example.
  public struct BadLine: Sendable, Codable, Hashable {
    /// Line number within its file or request body, from 1.
    public var line: Int
    /// Why it was refused.
    public var reason: String
    /// The start of the line, for a person to recognise it.
    public var excerpt: String

    /// The example a decoder's bad-line report kept.
    public init(_ example: BadLineReport.Example) {
      self.line = example.lineNumber
      self.reason = example.reason
      self.excerpt = example.excerpt
    }
  }

  /// The counters of one source.
  public struct Source: Sendable, Codable, Hashable {
    /// The source name (`nginx:/var/log/nginx/access.log`, `nginx:push`).
    public var name: String
    /// Lines received.
    public var lines: Int = 0
    /// Lines that could not be decoded.
    public var badLines: Int = 0
    /// The latest bad lines (at most 20).
    public var badExamples: [BadLine] = []
    /// When the last line arrived, seconds since epoch.
    public var lastReceived: Double?
  }

  private let sources = Mutex<[String: Source]>([:])

  /// Creates empty statistics.
  public init() {}

  /// Records a batch from `source`: `lines` read, `badCount` refused, with examples.
  public func record(source: String, lines: Int, bad: [BadLine], badCount: Int? = nil) {
    let badCount = badCount ?? bad.count
    Counter(label: "lookout_ingest_lines_total", dimensions: [("source", source)]).increment(
      by: lines)
    if badCount > 0 {
      Counter(label: "lookout_ingest_bad_lines_total", dimensions: [("source", source)])
        .increment(by: badCount)
    }
    let now = Date().timeIntervalSince1970
    sources.withLock { sources in
      var entry = sources[source] ?? Source(name: source)
      entry.lines += lines
      entry.badLines += badCount
      entry.badExamples.append(contentsOf: bad.suffix(20))
      if entry.badExamples.count > 20 {
        entry.badExamples.removeFirst(entry.badExamples.count - 20)
      }
      entry.lastReceived = now
      sources[source] = entry
    }
  }

  /// Every source, by name.
  public func snapshot() -> [Source] {
    sources.withLock { Array($0.values) }.sorted { $0.name < $1.name }
  }
}
