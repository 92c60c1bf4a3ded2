/// The decisions of a file tailer, without any I/O: what to open, where to read, which lines
/// to hand out, and what to do after a rotation or a truncation.
///
/// A driver (``FileTailer``) performs each returned ``Action`` and reports the result back;
/// at every poll tick it reports an ``Observation``. Nothing advances until the driver calls
/// ``delivered()`` for an emitted batch, so a batch the handler rejects is never skipped.
///
/// ```swift
/// var machine = TailStateMachine(configuration: config, checkpoint: stored)
/// var action = machine.start()        // .open(path:)
/// action = machine.opened(file)       // .read(offset:count:)
/// action = machine.readCompleted(bytes)  // .emit(batch)
/// action = machine.delivered()        // .wait
/// action = machine.tick(observation)  // .read, or .wait
/// ```
///
/// Rotation handling:
/// - rename (`mv access.log access.log.1`, new file at the path): the old file is read to
///   its end until it has been idle for the grace period, its partial last line is handed
///   out, then the new file is read from 0;
/// - copytruncate (the file shrinks, or its first bytes change): the partial line is handed
///   out and the file is read again from 0;
/// - rotated while stopped (the checkpoint's file ID is not the path's): the file with that
///   ID is looked for in the same directory and finished first.
///
/// A finished file that comes back under the path (moved away and back) goes on from where
/// it was left, so no line is handed out twice.
struct TailStateMachine {
  private indirect enum Phase {
    case initial
    /// `.open(path)` is outstanding.
    case opening(OpenMode)
    /// `.openRotated` for the checkpoint's file is outstanding.
    case findingRotated(TailCheckpoint)
    /// The path could not be opened; trying again when it exists.
    case waitingForFile(OpenMode)
    /// Reading the file at the path.
    case following(TailCursor)
    /// Reading a rotated file to its end; `lastActivity` is when it last grew (`nil` until
    /// the first tick).
    case draining(TailCursor, lastActivity: ContinuousClock.Instant?)
    /// `.emit` is outstanding; the phase to enter once it is delivered.
    case delivering(Phase)
  }

  private enum OpenMode {
    /// The first open: apply the stored checkpoint, or `startAtEnd`.
    case startup(TailCheckpoint?)
    /// A new file after a rotation: read from 0.
    case fresh
  }

  /// The configured path.
  let path: String
  private let maxBatchBytes: Int
  private let maxLineBytes: Int
  private let startAtEnd: Bool
  private let rotationGracePeriod: Duration
  private let storedCheckpoint: TailCheckpoint?
  private var phase = Phase.initial
  /// The last file finished after a rotation, in case it comes back under the path.
  private var retired: TailCursor?
  private var reportedFailure: OpenFailure?
  private var events: [Event] = []

  /// Creates a state machine for one configured path.
  ///
  /// - Parameters:
  ///   - configuration: The tailer's settings.
  ///   - checkpoint: The stored resume point, or `nil` for a file never tailed.
  init(configuration: FileTailerConfiguration, checkpoint: TailCheckpoint?) {
    self.path = configuration.path
    self.maxBatchBytes = max(1, configuration.maxBatchBytes)
    self.maxLineBytes = max(1, configuration.maxLineBytes)
    self.startAtEnd = configuration.startAtEnd
    self.rotationGracePeriod = configuration.rotationGracePeriod
    self.storedCheckpoint = checkpoint
  }

  /// Returns and forgets the events that happened since the last call.
  mutating func takeEvents() -> [Event] {
    defer { events.removeAll() }
    return events
  }

  /// Starts: opens the configured path.
  mutating func start() -> Action {
    precondition(isInitial, "start() called twice")
    phase = .opening(.startup(storedCheckpoint))
    return .open(path: path)
  }

  /// Reports the file opened for ``Action/open(path:)`` or ``Action/openRotated``.
  ///
  /// - Parameter file: The opened file.
  mutating func opened(_ file: OpenedFile) -> Action {
    reportedFailure = nil
    switch phase {
    case .opening(.fresh):
      if var cursor = retired, cursor.fileID == file.stat.fileID,
        file.stat.size >= cursor.readOffset, cursor.headMatches(file.head)
      {
        // The finished file was moved back: go on where it was left, never read it twice.
        events.append(
          .resumed(cursor.fileID, offset: cursor.readOffset, lineNumber: cursor.lineNumber))
        cursor.observe(size: file.stat.size, head: file.head)
        phase = .following(cursor)
        return nextRead()
      }
      events.append(.openedNewFile(file.stat.fileID))
      return follow(file, offset: 0, lineNumber: 0)
    case .opening(.startup(nil)):
      guard startAtEnd else {
        events.append(.startedAtBeginning(file.stat.fileID))
        return follow(file, offset: 0, lineNumber: 0)
      }
      events.append(.startedAtEnd(file.stat.fileID, offset: file.stat.size))
      return follow(file, offset: file.stat.size, lineNumber: 0)
    case .opening(.startup(let checkpoint?)):
      guard file.stat.fileID == checkpoint.fileID else { return findRotated(checkpoint) }
      if let mismatch = Self.mismatch(of: checkpoint, with: file) {
        events.append(.checkpointDiscarded(file.stat.fileID, mismatch))
        return follow(file, offset: 0, lineNumber: 0)
      }
      events.append(
        .resumed(file.stat.fileID, offset: checkpoint.offset, lineNumber: checkpoint.lineNumber))
      return follow(file, offset: checkpoint.offset, lineNumber: checkpoint.lineNumber)
    case .findingRotated(let checkpoint):
      guard file.stat.fileID == checkpoint.fileID, Self.mismatch(of: checkpoint, with: file) == nil
      else { return rotatedFileNotFound() }
      events.append(.rotatedFileFound(path: file.path, offset: checkpoint.offset))
      let cursor = TailCursor(
        fileID: file.stat.fileID, head: file.head, offset: checkpoint.offset,
        lineNumber: checkpoint.lineNumber, knownSize: file.stat.size)
      phase = .draining(cursor, lastActivity: nil)
      return nextRead()
    default:
      preconditionFailure("opened(_:) without an outstanding open action")
    }
  }

  /// Reports that ``Action/open(path:)`` failed.
  ///
  /// - Parameter failure: Why the path could not be opened.
  mutating func openFailed(_ failure: OpenFailure) -> Action {
    guard case .opening(let mode) = phase else {
      preconditionFailure("openFailed(_:) without an outstanding open action")
    }
    if case .startup(let checkpoint?) = mode, failure == .missing {
      // The file may have been rotated while we were stopped, before a new one appeared.
      return findRotated(checkpoint)
    }
    if reportedFailure != failure {
      reportedFailure = failure
      events.append(.fileUnavailable(failure))
    }
    phase = .waitingForFile(mode)
    return .wait
  }

  /// Reports that ``Action/openRotated`` found no file with the requested ID.
  mutating func rotatedFileNotFound() -> Action {
    guard case .findingRotated(let checkpoint) = phase else {
      preconditionFailure("rotatedFileNotFound() without an outstanding openRotated action")
    }
    events.append(.rotatedFileNotFound(checkpoint.fileID))
    phase = .opening(.fresh)
    return .open(path: path)
  }

  /// Reports the bytes read for ``Action/read(offset:count:)``.
  ///
  /// - Parameter bytes: The bytes read; empty at end of file.
  mutating func readCompleted(_ bytes: [UInt8]) -> Action {
    let lastActivity: ContinuousClock.Instant??
    var cursor: TailCursor
    switch phase {
    case .following(let current):
      (cursor, lastActivity) = (current, nil)
    case .draining(let current, let activity):
      (cursor, lastActivity) = (current, .some(activity))
    default:
      preconditionFailure("readCompleted(_:) without an outstanding read action")
    }
    func reading(_ cursor: TailCursor) -> Phase {
      guard let lastActivity else { return .following(cursor) }
      return .draining(cursor, lastActivity: lastActivity)
    }
    guard !bytes.isEmpty else {
      // Shorter than its last size: the next tick tells whether it was truncated.
      cursor.knownSize = cursor.readOffset
      phase = reading(cursor)
      return .wait
    }
    let firstLineNumber = cursor.lineNumber + 1
    guard let split = cursor.consume(bytes, maxLineBytes: maxLineBytes) else {
      phase = reading(cursor)
      return nextRead()
    }
    return emit(split, firstLineNumber: firstLineNumber, from: &cursor, then: reading)
  }

  /// Reports that the handler accepted the last emitted batch.
  mutating func delivered() -> Action {
    guard case .delivering(let next) = phase else {
      preconditionFailure("delivered() without an outstanding emit action")
    }
    phase = next
    if case .opening = next { return .open(path: path) }
    return nextRead()
  }

  /// Reports what a poll tick saw.
  ///
  /// - Parameter observation: `stat` of the path and `fstat` of the open file.
  mutating func tick(_ observation: Observation) -> Action {
    switch phase {
    case .waitingForFile(let mode):
      guard observation.pathStat != nil else { return .wait }
      phase = .opening(mode)
      return .open(path: path)
    case .following(let cursor):
      return follow(cursor, observation)
    case .draining(let cursor, let lastActivity):
      return drain(cursor, since: lastActivity, observation)
    default:
      preconditionFailure("tick(_:) while an action is outstanding")
    }
  }

  private var isInitial: Bool {
    if case .initial = phase { return true }
    return false
  }

  private mutating func follow(_ file: OpenedFile, offset: Int, lineNumber: Int) -> Action {
    phase = .following(
      TailCursor(
        fileID: file.stat.fileID, head: file.head, offset: offset, lineNumber: lineNumber,
        knownSize: file.stat.size))
    return nextRead()
  }

  private mutating func findRotated(_ checkpoint: TailCheckpoint) -> Action {
    phase = .findingRotated(checkpoint)
    let (directory, name) = Self.split(path)
    return .openRotated(fileID: checkpoint.fileID, directory: directory, namePrefix: name)
  }

  private mutating func follow(_ cursor: TailCursor, _ observation: Observation) -> Action {
    var cursor = cursor
    guard let stat = observation.openFileStat else { return .wait }
    if observation.pathStat?.fileID != cursor.fileID {
      events.append(.rotationDetected(cursor.fileID))
      cursor.knownSize = stat.size
      phase = .draining(cursor, lastActivity: observation.now)
      return nextRead()
    }
    guard stat.size >= cursor.readOffset, cursor.headMatches(observation.openFileHead) else {
      events.append(.truncationDetected(cursor.fileID, previousOffset: cursor.readOffset))
      let restarted = TailCursor(
        fileID: cursor.fileID, head: observation.openFileHead, offset: 0, lineNumber: 0,
        knownSize: stat.size)
      return finish(cursor, then: .following(restarted))
    }
    cursor.observe(size: stat.size, head: observation.openFileHead)
    phase = .following(cursor)
    return nextRead()
  }

  private mutating func drain(
    _ cursor: TailCursor, since lastActivity: ContinuousClock.Instant?, _ observation: Observation
  ) -> Action {
    var cursor = cursor
    guard let stat = observation.openFileStat else {
      return finish(cursor, then: .opening(.fresh))
    }
    if observation.pathStat?.fileID == cursor.fileID {
      // Moved back under the path: keep following it.
      cursor.knownSize = max(stat.size, cursor.readOffset)
      phase = .following(cursor)
      return nextRead()
    }
    if stat.size > cursor.knownSize {
      cursor.knownSize = stat.size
      phase = .draining(cursor, lastActivity: observation.now)
      return nextRead()
    }
    let since = lastActivity ?? observation.now
    if cursor.readOffset < cursor.knownSize || observation.now - since < rotationGracePeriod {
      phase = .draining(cursor, lastActivity: since)
      return nextRead()
    }
    events.append(.rotatedFileFinished(cursor.fileID, offset: cursor.readOffset))
    return finish(cursor, then: .opening(.fresh))
  }

  /// Hands out the partial line of a file that is done with, then enters `next`; when that
  /// is opening the path, the file is remembered as ``retired``.
  private mutating func finish(_ cursor: TailCursor, then next: Phase) -> Action {
    var cursor = cursor
    let firstLineNumber = cursor.lineNumber + 1
    let split = cursor.takePartialLine(maxLineBytes: maxLineBytes)
    var action: Action
    if let split {
      action = emit(split, firstLineNumber: firstLineNumber, from: &cursor) { _ in next }
    } else {
      phase = next
      action = nextRead()
    }
    if case .opening = next {
      retired = cursor
      if split == nil { action = .open(path: path) }
    }
    return action
  }

  private mutating func emit(
    _ split: TailCursor.Split, firstLineNumber: Int, from cursor: inout TailCursor,
    then next: (TailCursor) -> Phase
  ) -> Action {
    cursor.commit(lineCount: split.lines.count, endOffset: split.endOffset)
    phase = .delivering(next(cursor))
    return .emit(
      TailBatch(
        buffer: split.buffer, lines: split.lines, firstLineNumber: firstLineNumber,
        checkpoint: cursor.checkpoint(path: path)))
  }

  /// Reads on if the file has unread bytes, otherwise waits for the next tick.
  private func nextRead() -> Action {
    let cursor: TailCursor
    switch phase {
    case .following(let current), .draining(let current, _): cursor = current
    default: return .wait
    }
    guard cursor.readOffset < cursor.knownSize else { return .wait }
    return .read(
      offset: cursor.readOffset, count: min(maxBatchBytes, cursor.knownSize - cursor.readOffset))
  }

  private static func mismatch(of checkpoint: TailCheckpoint, with file: OpenedFile)
    -> CheckpointMismatch?
  {
    if file.stat.size < checkpoint.offset { return .truncated }
    let length = TailCheckpoint.fingerprintedLength(forOffset: checkpoint.offset)
    guard file.head.count >= length,
      TailCheckpoint.fingerprint(of: file.head.prefix(length)) == checkpoint.headFingerprint
    else { return .replaced }
    return nil
  }

  /// Splits a path into its directory and last component.
  static func split(_ path: String) -> (directory: String, name: String) {
    guard let slash = path.lastIndex(of: "/") else { return (".", path) }
    let name = String(path[path.index(after: slash)...])
    let directory = slash == path.startIndex ? "/" : String(path[..<slash])
    return (directory, name)
  }
}
