import AsyncAlgorithms
import Foundation
import Logging
import LookoutCore
import LookoutIngest
import LookoutStore
import ServiceLifecycle

/// Tails one slow query log named in `lookout.yml` into the slow-query store.
///
/// A slow-log entry spans several lines, and a tailed batch may end inside one. The open
/// entry's bytes are carried to the next batch, and committed with the calls, inside the
/// stored source offset (``SlowLogTailState``): a restart resumes after the last committed
/// line with the open entry restored, so no entry is lost or counted twice. An entry still
/// open after ``flushAfter`` without new lines, whose statement has ended (`;`), is complete
/// (servers write an entry at once) and is stored then, so the last slow query of a quiet
/// period shows without waiting for the next one.
struct SlowLogTailService: Service {
  let tailer: FileTailer
  let cursor: SlowLogTailCursor
  var flushAfter: Duration = .seconds(2)

  init(
    runtime: LookoutRuntime, source: SlowLogSourceConfiguration, logger: Logger,
    pollInterval: Duration = .milliseconds(250)
  ) throws {
    let format = try source.decoderFormat()
    let name = "slowlog:\(source.path)"
    let cursor = SlowLogTailCursor(
      runtime: runtime, format: format, name: name,
      context: SourceContext(
        project: source.project ?? 1, environment: source.environment ?? "production"))
    self.cursor = cursor
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

/// What a slow-log source stores as its offset: the tailer's checkpoint and the bytes of
/// the entry still open at that point.
struct SlowLogTailState: Codable {
  var checkpoint: TailCheckpoint
  var pending: Data
  /// The database of the last call stored: MySQL writes `use db;` only when it changes,
  /// so after a restart it still applies until the log names another.
  var database: String?
}

/// The decoding state of one tailed slow log, between batches.
///
/// One decoder reads the whole file, so what it carries from entry to entry (the last
/// `# Time:`, the current `use db;`) survives batch boundaries; the bytes of its open entry
/// are kept beside it for the stored offset. Every step works on a copy of the state and
/// keeps it only once its write committed: a failed write (a full queue) leaves the state
/// as it was, and the tailer hands the same batch out again.
actor SlowLogTailCursor: TailCheckpointStore, IdleFlushing {
  /// The decoder and what goes with it; a value, so a step can be tried on a copy.
  struct Stream {
    var decoder: any SlowLogDecoding
    /// The bytes fed since the decoder's last entry boundary (its open entry).
    var pending: [UInt8] = []
    /// The decoder's stream offset of `pending[0]`.
    var pendingStart = 0
    /// The database the log was in before a restart, until the decoder reads a new one.
    var restoredDatabase: String?
    /// The database of the last call stored.
    var lastDatabase = ""

    init(format: SlowLogFormat) {
      decoder = format.makeDecoder()
    }

    /// Feeds `bytes` and keeps the bytes of the entry left open.
    mutating func feed(_ bytes: [UInt8]) -> SlowLogBatch {
      pending += bytes
      let batch = decoder.feed(bytes)
      let boundary = min(max(batch.consumedBytes - pendingStart, 0), pending.count)
      pending.removeFirst(boundary)
      pendingStart += boundary
      return batch
    }

    /// Closes the open entry. Only whole lines were fed, so the decoder goes on with what
    /// it carries (last time, current database) and its offsets.
    mutating func finishEntry() -> SlowLogBatch {
      let batch = decoder.finish()
      pendingStart += pending.count
      pending = []
      return batch
    }

    /// Gives calls without a database the one from before a restart, until the log
    /// names one again; remembers the last call's.
    mutating func fillDatabases(_ batch: inout SlowLogBatch) {
      for index in batch.records.indices {
        guard let restored = restoredDatabase else { break }
        if batch.records[index].database.isEmpty {
          batch.records[index].database = restored
        } else {
          restoredDatabase = nil
        }
      }
      if let last = batch.records.last { lastDatabase = last.database }
    }
  }

  let runtime: LookoutRuntime
  let format: SlowLogFormat
  let name: String
  let context: SourceContext
  private var stream: Stream
  private var checkpoint: TailCheckpoint?
  private var lastActivity = ContinuousClock.now
  private var busy = false

  init(runtime: LookoutRuntime, format: SlowLogFormat, name: String, context: SourceContext) {
    self.runtime = runtime
    self.format = format
    self.name = name
    self.context = context
    self.stream = Stream(format: format)
  }

  /// The stored checkpoint; restores the open entry and database stored with it.
  func checkpoint(for path: String) async throws -> TailCheckpoint? {
    guard let offset = try runtime.slowQueries.offset(source: name) else { return nil }
    let state = try JSONDecoder().decode(SlowLogTailState.self, from: offset.state)
    stream = Stream(format: format)
    stream.restoredDatabase = state.database.flatMap { $0.isEmpty ? nil : $0 }
    stream.lastDatabase = state.database ?? ""
    // Nothing in the open entry is complete yet, so this feed yields no records.
    _ = stream.feed(Array(state.pending))
    checkpoint = state.checkpoint
    return state.checkpoint
  }

  /// Decodes `batch` after the open entry; stores the completed entries with the new open
  /// entry and the batch's checkpoint.
  func process(_ batch: TailBatch) async throws {
    await waitUntilIdle()
    busy = true
    defer { busy = false }
    var next = stream
    var decoded = SlowLogBatch()
    if let previous = checkpoint, previous.fileID != batch.checkpoint.fileID {
      // A new file (rotation): the old file's last entry is complete.
      decoded = next.finishEntry()
      next = Stream(format: format)
      next.lastDatabase = stream.lastDatabase
    }
    var bytes: [UInt8] = []
    for line in batch.lines {
      bytes.append(contentsOf: line.bytes)
      bytes.append(UInt8(ascii: "\n"))
    }
    decoded.append(next.feed(bytes))
    try await store(&decoded, &next, checkpoint: batch.checkpoint)
    stream = next
    checkpoint = batch.checkpoint
    lastActivity = .now
  }

  /// Stores the open entry as complete when no line came for `idle`.
  func flushIfIdle(after idle: Duration) async throws {
    guard !busy, looksComplete(stream.pending), let checkpoint,
      ContinuousClock.now - lastActivity >= idle
    else { return }
    busy = true
    defer { busy = false }
    var next = stream
    var decoded = next.finishEntry()
    try await store(&decoded, &next, checkpoint: checkpoint)
    stream = next
  }

  /// Whether an open entry may be closed on a pause: a MySQL entry once its statement ends
  /// in `;` (a pause after its headers only means the rest is still being written); a
  /// PostgreSQL message is whole once its lines are.
  private func looksComplete(_ entry: [UInt8]) -> Bool {
    guard case .mysql = format else { return !entry.isEmpty }
    var end = entry.count
    while end > 0, entry[end - 1] == 10 || entry[end - 1] == 13 || entry[end - 1] == 32 {
      end -= 1
    }
    return end > 0 && entry[end - 1] == UInt8(ascii: ";")
  }

  /// Writes the calls of `batch` with the state `next` leaves, in one transaction.
  private func store(
    _ batch: inout SlowLogBatch, _ next: inout Stream, checkpoint: TailCheckpoint
  ) async throws {
    next.fillDatabases(&batch)
    let state = try JSONEncoder().encode(
      SlowLogTailState(
        checkpoint: checkpoint, pending: Data(next.pending), database: next.lastDatabase))
    _ = try await SlowQueryIngestor(runtime: runtime).ingest(
      batch, context: context, source: name, offset: SourceOffset(source: name, state: state))
  }

  private func waitUntilIdle() async {
    while busy { try? await Task.sleep(for: .milliseconds(5)) }
  }
}
