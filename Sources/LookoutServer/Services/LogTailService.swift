import AsyncAlgorithms
import Foundation
import Logging
import LookoutCore
import LookoutIngest
import LookoutStore
import ServiceLifecycle

/// Tails one application log named under `sources: logs:` in `lookout.yml` into the log
/// store.
///
/// Plain files go through a ``LogLineJoiner``: a stack trace's lines join the entry they
/// follow, and an entry is stored once the next one starts, or after ``flushAfter``
/// (`multiline_wait`, default 2 s) without new lines. The open entry is committed with the
/// stored offset (``LogTailState``), so a restart resumes after the last committed line
/// with the open entry restored: no line is lost or stored twice. JSON files have one
/// entry per line.
struct LogTailService: Service {
  let tailer: FileTailer
  let cursor: LogTailCursor
  var flushAfter: Duration = .seconds(2)

  init(
    runtime: LookoutRuntime, source: LogSourceConfiguration, logger: Logger,
    pollInterval: Duration = .milliseconds(250)
  ) throws {
    let joiner = try LogLineJoiner(startPattern: source.multilineStart)
    let cursor = LogTailCursor(
      runtime: runtime,
      decoder: LogLineDecoder(
        format: source.format ?? .plain, source: source.path, service: source.service ?? ""),
      joiner: joiner, name: "file-logs:\(source.path)",
      context: SourceContext(
        project: source.project ?? 1, environment: source.environment ?? "production"))
    self.cursor = cursor
    let wait = source.multilineWait.flatMap { $0.isFinite ? $0 : nil } ?? 2
    self.flushAfter = .milliseconds(Int64(min(max(0.05, wait), 3600) * 1000))
    self.tailer = FileTailer(
      configuration: FileTailerConfiguration(path: source.path, pollInterval: pollInterval),
      checkpointStore: cursor, logger: logger
    ) { batch in
      try await cursor.process(batch)
    }
  }

  func run() async throws {
    try await tailer.run(flushingIdle: cursor, after: flushAfter)
  }
}

/// What a log file source stores as its offset: the tailer's checkpoint and the entry
/// still open at that point.
struct LogTailState: Codable {
  var checkpoint: TailCheckpoint
  var open: LogLineJoiner.Entry?
}

/// The joining state of one tailed log file, between batches. Every step works on a copy
/// of the joiner and keeps it only once its write committed: a failed write (a full queue)
/// leaves the state as it was, and the tailer hands the same batch out again.
actor LogTailCursor: TailCheckpointStore, IdleFlushing {
  /// The statistics' source name of every file source.
  static let statsSource = "file-logs"

  let runtime: LookoutRuntime
  let decoder: LogLineDecoder
  let name: String
  let context: SourceContext
  private var joiner: LogLineJoiner
  private var checkpoint: TailCheckpoint?
  private var lastActivity = ContinuousClock.now
  private var busy = false

  init(
    runtime: LookoutRuntime, decoder: LogLineDecoder, joiner: LogLineJoiner, name: String,
    context: SourceContext
  ) {
    self.runtime = runtime
    self.decoder = decoder
    self.joiner = joiner
    self.name = name
    self.context = context
  }

  /// The stored checkpoint; restores the open entry stored with it.
  func checkpoint(for path: String) async throws -> TailCheckpoint? {
    guard let offset = try runtime.logs.offset(source: name) else { return nil }
    let state = try JSONDecoder().decode(LogTailState.self, from: offset.state)
    joiner = try LogLineJoiner(
      startPattern: joiner.startPattern, maxEntryBytes: joiner.maxEntryBytes, open: state.open)
    checkpoint = state.checkpoint
    return state.checkpoint
  }

  /// Joins and decodes `batch` after the open entry; stores the completed entries with
  /// the new open entry and the batch's checkpoint.
  func process(_ batch: TailBatch) async throws {
    await waitUntilIdle()
    busy = true
    defer { busy = false }
    var next = joiner
    var entries: [LogLineJoiner.Entry] = []
    if let previous = checkpoint, previous.fileID != batch.checkpoint.fileID,
      let last = next.flush()
    {
      // A new file (rotation): the old file's last entry is complete.
      entries.append(last)
    }
    for line in batch.lines {
      let text = String(decoding: line.bytes, as: UTF8.self)
      if decoder.format == .json {
        if !line.bytes.isEmpty {
          entries.append(LogLineJoiner.Entry(text: text, truncated: line.isTruncated))
        }
      } else if let entry = next.push(text, truncated: line.isTruncated) {
        entries.append(entry)
      }
    }
    try await store(entries, open: next.open, checkpoint: batch.checkpoint)
    joiner = next
    checkpoint = batch.checkpoint
    lastActivity = .now
  }

  /// Stores the open entry as complete when no line came for `idle`.
  func flushIfIdle(after idle: Duration) async throws {
    guard !busy, joiner.open != nil, let checkpoint, ContinuousClock.now - lastActivity >= idle
    else { return }
    busy = true
    defer { busy = false }
    var next = joiner
    let entries = next.flush().map { [$0] } ?? []
    try await store(entries, open: nil, checkpoint: checkpoint)
    joiner = next
  }

  /// Writes `entries` with the state they leave, in one transaction.
  private func store(
    _ entries: [LogLineJoiner.Entry], open: LogLineJoiner.Entry?, checkpoint: TailCheckpoint
  ) async throws {
    let now = Int64(Date().timeIntervalSince1970 * 1e6)
    let records = entries.filter { !$0.text.isEmpty }.map {
      decoder.decode($0.text, receivedAt: now, truncated: $0.truncated)
    }
    let state = try JSONEncoder().encode(LogTailState(checkpoint: checkpoint, open: open))
    _ = try await LogIngestor(runtime: runtime).ingest(
      records, project: context.project, environment: context.environment,
      source: Self.statsSource, offset: SourceOffset(source: name, state: state))
  }

  private func waitUntilIdle() async {
    while busy { try? await Task.sleep(for: .milliseconds(5)) }
  }
}
