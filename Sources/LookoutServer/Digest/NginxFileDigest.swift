import Foundation
import LookoutAnalysis
import LookoutCore
import LookoutIngest
import Synchronization

/// The offline per-endpoint report of `lookout digest nginx`: no server, no store.
///
/// Files (plain or `.gz`) are read in chunks cut at line ends; every core decodes chunks
/// into its own ``RequestDigest``, and the digests are merged at the end (re-templating
/// routes whose slugs were learned by another core), so memory stays flat in the size of
/// the input apart from one latency per request.
public struct NginxFileDigest: Sendable {
  /// The report, in the JSON shape of `--output json`.
  public struct Report: Sendable, Codable {
    /// A refused line.
    public struct BadLine: Sendable, Codable, Hashable {
      public var file: String?
      public var line: Int
      public var reason: String
    }
    /// Non-empty lines read.
    public var lines: Int
    /// Lines that did not decode.
    public var badLines: Int
    /// The first refused lines.
    public var badExamples: [BadLine]
    /// Per-endpoint figures, by total time spent.
    public var routes: [RouteStats]

    enum CodingKeys: String, CodingKey {
      case lines, routes
      case badLines = "bad_lines"
      case badExamples = "bad_examples"
    }
  }

  /// Errors that stop a digest.
  public enum Failure: Error, CustomStringConvertible {
    case unreadable(path: String, detail: String)
    public var description: String {
      switch self {
      case .unreadable(let path, let detail): "cannot read \(path): \(detail)"
      }
    }
  }

  /// The log format; nil guesses it per file from its first line.
  public var format: NginxLogFormat?
  /// Route templates that win over templating.
  public var routes: [String]
  /// Domain rules.
  public var classifier: DomainClassifier
  /// Bytes per chunk handed to a core.
  public var chunkBytes: Int
  /// How many cores decode at once.
  public var workers: Int

  /// Creates a digest configuration.
  public init(
    format: NginxLogFormat? = nil, routes: [String] = [],
    classifier: DomainClassifier = DomainClassifier(),
    chunkBytes: Int = 4 << 20, workers: Int = ProcessInfo.processInfo.activeProcessorCount
  ) {
    self.format = format
    self.routes = routes
    self.classifier = classifier
    self.chunkBytes = chunkBytes
    self.workers = max(1, workers)
  }

  /// Reads every file and returns the report.
  /// - Throws: ``Failure/unreadable(path:detail:)`` when a file cannot be opened or a `.gz`
  ///   is corrupt.
  public func run(paths: [String]) async throws -> Report {
    var digest = RequestDigest(templater: RouteTemplater(routes: routes), classifier: classifier)
    var lines = 0
    var badLines = 0
    var examples: [Report.BadLine] = []
    for path in paths {
      let reader = try ChunkReader(path: path, chunkBytes: chunkBytes)
      let format = try self.format ?? reader.guessFormat()
      let partials = try await withThrowingTaskGroup(of: WorkerResult.self) { group in
        for _ in 0..<workers {
          group.addTask { [routes, classifier] in
            var result = WorkerResult(
              digest: RequestDigest(
                templater: RouteTemplater(routes: routes), classifier: classifier))
            let decoder = NginxBatchDecoder(format: format)
            while let chunk = try reader.next() {
              let batch = chunk.bytes.withUnsafeBytes {
                decoder.decode($0, firstLineNumber: chunk.firstLine)
              }
              for record in batch.records { result.digest.add(record) }
              result.lines += batch.lineCount - batch.blankLines
              result.report.merge(batch.report)
            }
            return result
          }
        }
        var results: [WorkerResult] = []
        for try await result in group { results.append(result) }
        return results
      }
      for partial in partials {
        digest.merge(partial.digest)
        lines += partial.lines
        badLines += partial.report.badLines
        examples += partial.report.examples.map {
          Report.BadLine(file: paths.count > 1 ? path : nil, line: $0.lineNumber, reason: $0.reason)
        }
      }
    }
    examples.sort { ($0.file ?? "", $0.line) < ($1.file ?? "", $1.line) }
    return Report(
      lines: lines, badLines: badLines, badExamples: Array(examples.prefix(10)),
      routes: digest.report())
  }
}

/// What one core found: its digest, the non-empty lines it read, its bad lines.
private struct WorkerResult: Sendable {
  var digest: RequestDigest
  var lines = 0
  var report = BadLineReport(maxExamples: 10)
}

/// Hands out chunks of a file cut at line ends, with the number of their first line;
/// decompresses `.gz` files on the way. Shared by the digest's workers.
final class ChunkReader: Sendable {
  struct Chunk {
    var bytes: [UInt8]
    var firstLine: Int
  }

  /// Owns the zlib stream of a `.gz` file; used only under the reader's lock.
  private final class GzipStream {
    var decoder: GzipDecoder
    init() throws(GzipError) { decoder = try GzipDecoder(limit: .max) }
  }

  private struct State {
    var file: FileHandle
    var gzip: GzipStream?
    var carry: [UInt8] = []
    var nextLine = 1
    var finished = false
  }

  private let path: String
  private let chunkBytes: Int
  private let state: Mutex<State>

  init(path: String, chunkBytes: Int) throws {
    guard let file = FileHandle(forReadingAtPath: path) else {
      throw NginxFileDigest.Failure.unreadable(path: path, detail: "no such file or not readable")
    }
    self.path = path
    self.chunkBytes = chunkBytes
    let gzip: GzipStream?
    if path.hasSuffix(".gz") {
      do {
        gzip = try GzipStream()
      } catch {
        throw NginxFileDigest.Failure.unreadable(path: path, detail: "\(error)")
      }
    } else {
      gzip = nil
    }
    self.state = Mutex(State(file: file, gzip: gzip))
  }

  /// The format of the file's first line (JSON, timed or combined).
  func guessFormat() throws -> NginxLogFormat {
    let sample = try state.withLock { state -> [UInt8] in
      let first = try Self.read(&state, path: path, count: 64 << 10)
      state.carry = first + state.carry
      return first
    }
    return NginxIngestor.guessFormat(sample[...])
  }

  /// The next chunk, or nil at the end of the file.
  func next() throws -> Chunk? {
    try state.withLock { state -> Chunk? in
      while !state.finished || !state.carry.isEmpty {
        if !state.finished {
          let more = try Self.read(&state, path: path, count: chunkBytes)
          state.carry += more
        }
        var cut: Int
        if state.finished {
          cut = state.carry.count
        } else if let lastNewline = state.carry.lastIndex(of: 10) {
          cut = lastNewline + 1
        } else {
          continue
        }
        if cut == 0 { return nil }
        let bytes = Array(state.carry[..<cut])
        state.carry.removeFirst(cut)
        let chunk = Chunk(bytes: bytes, firstLine: state.nextLine)
        state.nextLine += bytes.withUnsafeBytes { ByteCounting.newlines(in: $0) }
        if state.finished, bytes.last != 10 { state.nextLine += 1 }
        return chunk
      }
      return nil
    }
  }

  private static func read(_ state: inout State, path: String, count: Int) throws -> [UInt8] {
    guard !state.finished else { return [] }
    let raw = state.file.readData(ofLength: count)
    if raw.isEmpty {
      state.finished = true
      if let gzip = state.gzip {
        do { try gzip.decoder.finish() } catch {
          throw NginxFileDigest.Failure.unreadable(path: path, detail: "\(error)")
        }
      }
      return []
    }
    guard let gzip = state.gzip else { return [UInt8](raw) }
    do {
      return try gzip.decoder.decompress([UInt8](raw))
    } catch {
      throw NginxFileDigest.Failure.unreadable(path: path, detail: "\(error)")
    }
  }
}

/// Counting bytes fast.
enum ByteCounting {
  /// The number of `\n` in `buffer`.
  static func newlines(in buffer: UnsafeRawBufferPointer) -> Int {
    var count = 0
    for byte in buffer where byte == 10 { count += 1 }
    return count
  }
}
