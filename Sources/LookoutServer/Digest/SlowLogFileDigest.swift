import AsyncAlgorithms
import Foundation
import LookoutAnalysis
import LookoutCore
import LookoutIngest

/// `lookout digest mysql-slow|postgres FILE...`: a pt-query-digest style report of slow
/// logs, offline.
///
/// Files are read in chunks (plain or `.gz`) and streamed through the format's decoder;
/// every call is fingerprinted and folded into a ``SlowQueryDigest`` with exact
/// percentiles.
///
/// ```swift
/// let report = try await SlowLogFileDigest(format: .mysql).run(paths: ["slow.log"])
/// print(report.queries, report.classes.first?.fingerprint ?? "")
/// ```
public struct SlowLogFileDigest: Sendable {
  /// The report, in the JSON shape `lookout digest ... --output json` prints.
  public struct Report: Sendable, Codable {
    /// A refused entry.
    public struct BadEntry: Sendable, Codable, Hashable {
      public var file: String?
      public var line: Int
      public var reason: String
    }

    /// Calls read.
    public var queries: Int
    /// Entries that could not be decoded.
    public var badEntries: Int
    /// The first refused entries.
    public var badExamples: [BadEntry]
    /// Total query time of every call, seconds.
    public var totalS: Double
    /// The classes, most total time first.
    public var classes: [SlowLogDigestClass]

    enum CodingKeys: String, CodingKey {
      case queries, classes
      case badEntries = "bad_entries"
      case badExamples = "bad_examples"
      case totalS = "total_s"
    }
  }

  /// Which decoder reads the files.
  public var format: SlowLogFormat
  /// Bytes read per chunk.
  public var chunkBytes: Int

  /// Creates a digest of files in `format`.
  public init(format: SlowLogFormat, chunkBytes: Int = 4 << 20) {
    self.format = format
    self.chunkBytes = chunkBytes
  }

  /// Reads every file and builds the report.
  ///
  /// Two stages run side by side on their own cores: reading and decoding, then
  /// fingerprinting and folding into the digest, with a channel between them that holds
  /// the reader back when the folding falls behind.
  /// - Throws: ``NginxFileDigest/Failure/unreadable(path:detail:)`` for a missing file.
  public func run(paths: [String]) async throws -> Report {
    let readers = try paths.map { try ChunkReader(path: $0, chunkBytes: chunkBytes) }
    let channel = AsyncThrowingChannel<(path: String, batch: SlowLogBatch), any Error>()
    return try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { [format] in
        do {
          for (path, reader) in zip(paths, readers) {
            var decoder = format.makeDecoder()
            while let chunk = try reader.next() {
              await channel.send((path, decoder.feed(chunk.bytes)))
            }
            await channel.send((path, decoder.finish()))
          }
          channel.finish()
        } catch {
          channel.fail(error)
        }
      }
      var digest = SlowQueryDigest()
      var fingerprinting = SlowQueryFingerprinting()
      var badEntries = 0
      var examples: [Report.BadEntry] = []
      for try await (path, batch) in channel {
        var records = batch.records
        let classes = fingerprinting.fingerprint(&records)
        for record in records {
          digest.add(record, tables: classes[record.classID]?.tables ?? [])
        }
        badEntries += batch.report.badLines
        if examples.count < 10 {
          examples += batch.report.examples.map {
            Report.BadEntry(
              file: paths.count > 1 ? path : nil, line: $0.lineNumber, reason: $0.reason)
          }
        }
      }
      try await group.waitForAll()
      return Report(
        queries: digest.queries, badEntries: badEntries, badExamples: Array(examples.prefix(10)),
        totalS: digest.totalSeconds,
        classes: digest.ranked().map { SlowLogDigestClass($0, totalSeconds: digest.totalSeconds) })
    }
  }
}

/// One class of a slow-log report.
public struct SlowLogDigestClass: Sendable, Codable {
  /// Figures of one attribute: min, avg, median, p95, max, total.
  public struct Attribute: Sendable, Codable {
    public var min: Double
    public var avg: Double
    public var median: Double
    public var p95: Double
    public var max: Double
    public var total: Double

    init?(_ summary: AttributeSummary) {
      guard let figures = summary.figures() else { return nil }
      min = figures.min
      avg = figures.mean
      median = figures.median
      p95 = figures.p95
      max = figures.max
      total = figures.sum
    }
  }

  public var id: String
  public var fingerprint: String
  public var tables: [String]
  public var calls: Int
  public var totalS: Double
  /// Share of the report's total time (pt-query-digest's "Response time %").
  public var share: Double
  public var avgS: Double
  public var p95S: Double
  public var maxS: Double
  public var minS: Double
  public var medianS: Double
  /// Variance-to-mean ratio of query time.
  public var varianceToMean: Double
  public var rowsExaminedAvg: Double?
  public var rowsSentAvg: Double?
  public var lockTime: Attribute?
  public var rowsSent: Attribute?
  public var rowsExamined: Attribute?
  public var rowsAffected: Attribute?
  public var databases: [String: Int]
  public var users: [String: Int]
  public var hosts: [String: Int]
  /// First and last call, microseconds since epoch (0 when the log had no times).
  public var firstSeen: Int64
  public var lastSeen: Int64
  /// The slowest call's statement.
  public var sample: String

  enum CodingKeys: String, CodingKey {
    case id, fingerprint, tables, calls, share, databases, users, hosts, sample
    case totalS = "total_s"
    case avgS = "avg_s"
    case p95S = "p95_s"
    case maxS = "max_s"
    case minS = "min_s"
    case medianS = "median_s"
    case varianceToMean = "variance_to_mean"
    case rowsExaminedAvg = "rows_examined_avg"
    case rowsSentAvg = "rows_sent_avg"
    case lockTime = "lock_time_s"
    case rowsSent = "rows_sent"
    case rowsExamined = "rows_examined"
    case rowsAffected = "rows_affected"
    case firstSeen = "first_seen"
    case lastSeen = "last_seen"
  }

  init(_ queryClass: SlowQueryClass, totalSeconds: Double) {
    let time = queryClass.queryTime.figures()
    id = queryClass.id
    fingerprint = queryClass.fingerprint
    tables = queryClass.tables
    calls = queryClass.calls
    totalS = queryClass.totalSeconds
    share = totalSeconds > 0 ? queryClass.totalSeconds / totalSeconds : 0
    avgS = time?.mean ?? 0
    p95S = time?.p95 ?? 0
    maxS = time?.max ?? 0
    minS = time?.min ?? 0
    medianS = time?.median ?? 0
    varianceToMean = time?.varianceToMean ?? 0
    lockTime = Attribute(queryClass.lockTime)
    rowsSent = Attribute(queryClass.rowsSent)
    rowsExamined = Attribute(queryClass.rowsExamined)
    rowsAffected = Attribute(queryClass.rowsAffected)
    rowsExaminedAvg = rowsExamined?.avg
    rowsSentAvg = rowsSent?.avg
    databases = queryClass.databases.filter { !$0.key.isEmpty }
    users = queryClass.users.filter { !$0.key.isEmpty }
    hosts = queryClass.hosts.filter { !$0.key.isEmpty }
    firstSeen = queryClass.firstSeen == .max ? 0 : queryClass.firstSeen
    lastSeen = queryClass.lastSeen
    sample = queryClass.sample.statement
  }
}
