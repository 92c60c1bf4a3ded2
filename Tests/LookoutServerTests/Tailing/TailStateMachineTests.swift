import Testing

@testable import LookoutServer

/// The tailer's decisions, driven by a fake file system and a fake clock.
@Suite("TailStateMachine")
struct TailStateMachineTests {
  /// The configured path.
  let path = "/logs/access.log"
  /// The start of the fake clock.
  let t0 = ContinuousClock.now

  /// A machine with a 32-byte line cap and a 1 s rotation grace period.
  func machine(checkpoint: TailCheckpoint? = nil, startAtEnd: Bool = false, maxBatchBytes: Int = 64)
    -> TailStateMachine
  {
    TailStateMachine(
      configuration: FileTailerConfiguration(
        path: path, maxBatchBytes: maxBatchBytes, maxLineBytes: 32, startAtEnd: startAtEnd,
        rotationGracePeriod: .seconds(1)),
      checkpoint: checkpoint)
  }

  /// The checkpoint the tailer would have stored after `lines` lines ending at `offset`.
  func checkpoint(of fs: FakeTailFileSystem, _ fileID: TailFileID, offset: Int, lines: Int)
    -> TailCheckpoint
  {
    let head = fs.contents[fileID]!.prefix(TailCheckpoint.fingerprintedLength(forOffset: offset))
    return TailCheckpoint(
      path: path, fileID: fileID, offset: offset,
      headFingerprint: TailCheckpoint.fingerprint(of: head), lineNumber: lines)
  }

  @Test func freshFileIsReadFromTheBeginningWithCheckpoints() {
    var fs = FakeTailFileSystem()
    let fileID = fs.create(path, "a\nbb\n")
    var machine = machine()
    let batches = fs.drive(&machine, machine.start())
    #expect(batches.texts == ["a", "bb"])
    #expect(batches.first?.firstLineNumber == 1)
    #expect(batches.last?.checkpoint == checkpoint(of: fs, fileID, offset: 5, lines: 2))
    #expect(machine.takeEvents() == [.startedAtBeginning(fileID)])
  }

  @Test func readsInChunksOfMaxBatchBytes() {
    var fs = FakeTailFileSystem()
    fs.create(path, "0123456789\nabc\nxyz\n")
    var machine = machine(maxBatchBytes: 8)
    let batches = fs.drive(&machine, machine.start())
    #expect(batches.map(\.lines.count) == [2, 1])
    #expect(batches.texts == ["0123456789", "abc", "xyz"])
    #expect(batches.lineNumbers == [1, 2, 3])
    #expect(batches.map(\.checkpoint.offset) == [15, 19])
  }

  @Test func partialLineIsHeldBackUntilItsNewline() {
    var fs = FakeTailFileSystem()
    fs.create(path, "a\nb")
    var machine = machine()
    #expect(fs.drive(&machine, machine.start()).texts == ["a"])
    #expect(fs.drive(&machine, machine.tick(fs.observation(of: path, at: t0))).isEmpty)
    fs.append("c\n", to: path)
    let batches = fs.drive(&machine, machine.tick(fs.observation(of: path, at: t0)))
    #expect(batches.texts == ["bc"])
    #expect(batches.first?.firstLineNumber == 2)
    #expect(batches.first?.checkpoint.offset == 5)
  }

  @Test func emitsTheResumePointWithTheBatchAndReadsOnAfterDelivery() {
    var fs = FakeTailFileSystem()
    fs.create(path, "a\nb\n")
    var machine = machine()
    #expect(machine.start() == .open(path: path))
    let file = TailStateMachine.OpenedFile(
      path: path, stat: fs.stat(path)!, head: Array("a\nb\n".utf8))
    #expect(machine.opened(file) == .read(offset: 0, count: 4))
    guard case .emit(let batch) = machine.readCompleted(Array("a\nb\n".utf8)) else {
      Issue.record("expected a batch")
      return
    }
    #expect(batch.checkpoint.offset == 4)
    #expect(machine.delivered() == .wait)
  }

  @Test func resumesFromAMatchingCheckpoint() {
    var fs = FakeTailFileSystem()
    let fileID = fs.create(path, "a\nb\nc\n")
    var machine = machine(checkpoint: checkpoint(of: fs, fileID, offset: 4, lines: 2))
    let batches = fs.drive(&machine, machine.start())
    #expect(batches.texts == ["c"])
    #expect(batches.lineNumbers == [3])
    #expect(machine.takeEvents() == [.resumed(fileID, offset: 4, lineNumber: 2)])
  }

  @Test func checkpointOfAReplacedFileIsDiscarded() {
    var fs = FakeTailFileSystem()
    let fileID = fs.create(path, "old\nlines\n")
    let stale = checkpoint(of: fs, fileID, offset: 4, lines: 1)
    fs.truncate(path, thenWrite: "new\nlines\n")
    var machine = machine(checkpoint: stale)
    #expect(fs.drive(&machine, machine.start()).texts == ["new", "lines"])
    #expect(machine.takeEvents() == [.checkpointDiscarded(fileID, .replaced)])
  }

  @Test func checkpointPastTheEndMeansTruncatedWhileStopped() {
    var fs = FakeTailFileSystem()
    let fileID = fs.create(path, "a\nb\nc\n")
    let stale = checkpoint(of: fs, fileID, offset: 6, lines: 3)
    fs.truncate(path, thenWrite: "a\n")
    var machine = machine(checkpoint: stale)
    #expect(fs.drive(&machine, machine.start()).texts == ["a"])
    #expect(machine.takeEvents() == [.checkpointDiscarded(fileID, .truncated)])
  }

  @Test func startAtEndSkipsExistingLines() {
    var fs = FakeTailFileSystem()
    fs.create(path, "old\n")
    var machine = machine(startAtEnd: true)
    #expect(fs.drive(&machine, machine.start()).isEmpty)
    fs.append("new\n", to: path)
    let batches = fs.drive(&machine, machine.tick(fs.observation(of: path, at: t0)))
    #expect(batches.texts == ["new"])
    #expect(batches.lineNumbers == [1])
  }

  @Test func missingFileIsWaitedForAndReportedOnce() {
    var fs = FakeTailFileSystem()
    var machine = machine()
    #expect(fs.drive(&machine, machine.start()).isEmpty)
    for _ in 0..<3 {
      #expect(fs.drive(&machine, machine.tick(fs.observation(of: path, at: t0))).isEmpty)
    }
    #expect(machine.takeEvents() == [.fileUnavailable(.missing)])
    let fileID = fs.create(path, "here\n")
    let batches = fs.drive(&machine, machine.tick(fs.observation(of: path, at: t0)))
    #expect(batches.texts == ["here"])
    #expect(machine.takeEvents() == [.startedAtBeginning(fileID)])
  }

  @Test func renameRotationFinishesTheOldFileThenReadsTheNewOne() {
    var fs = FakeTailFileSystem()
    let oldID = fs.create(path, "1\n2\n")
    var machine = machine()
    #expect(fs.drive(&machine, machine.start()).texts == ["1", "2"])
    fs.append("3\npart", to: path)
    fs.rename(path, to: path + ".1")
    let newID = fs.create(path, "new1\n")
    var batches = fs.drive(&machine, machine.tick(fs.observation(of: path, at: t0)))
    #expect(batches.texts == ["3"])
    // The writer has not reopened its log yet: it still appends to the old file.
    fs.append("ial\nlate", to: path + ".1")
    let halfGrace = t0 + .milliseconds(500)
    batches = fs.drive(&machine, machine.tick(fs.observation(of: path, at: halfGrace)))
    #expect(batches.texts == ["partial"])
    // Grown at half grace: the grace period starts again from there.
    let afterFirstGrace = t0 + .milliseconds(1200)
    #expect(fs.drive(&machine, machine.tick(fs.observation(of: path, at: afterFirstGrace))).isEmpty)
    let idle = halfGrace + .seconds(1)
    batches = fs.drive(&machine, machine.tick(fs.observation(of: path, at: idle)))
    #expect(batches.texts == ["late", "new1"])
    #expect(batches.lineNumbers == [5, 1])
    #expect(batches.map(\.checkpoint.fileID) == [oldID, newID])
    #expect(batches.map(\.checkpoint.path) == [path, path])
    #expect(
      machine.takeEvents() == [
        .startedAtBeginning(oldID), .rotationDetected(oldID),
        .rotatedFileFinished(oldID, offset: 18), .openedNewFile(newID),
      ])
  }

  @Test func deletedFileIsFinishedThenTheNewOneIsWaitedFor() {
    var fs = FakeTailFileSystem()
    fs.create(path, "1\n")
    var machine = machine()
    _ = fs.drive(&machine, machine.start())
    fs.append("2\n", to: path)
    fs.remove(path)
    #expect(fs.drive(&machine, machine.tick(fs.observation(of: path, at: t0))).texts == ["2"])
    let later = t0 + .seconds(2)
    #expect(fs.drive(&machine, machine.tick(fs.observation(of: path, at: later))).isEmpty)
    fs.create(path, "3\n")
    let batches = fs.drive(&machine, machine.tick(fs.observation(of: path, at: later)))
    #expect(batches.texts == ["3"])
  }

  @Test func copytruncateHandsOutThePartialLineAndRestartsAtZero() {
    var fs = FakeTailFileSystem()
    let fileID = fs.create(path, "1\n2\npart")
    var machine = machine()
    #expect(fs.drive(&machine, machine.start()).texts == ["1", "2"])
    fs.truncate(path, thenWrite: "3\n")
    let batches = fs.drive(&machine, machine.tick(fs.observation(of: path, at: t0)))
    #expect(batches.texts == ["part", "3"])
    #expect(batches.lineNumbers == [3, 1])
    #expect(batches.last?.checkpoint == checkpoint(of: fs, fileID, offset: 2, lines: 1))
    #expect(
      machine.takeEvents() == [
        .startedAtBeginning(fileID), .truncationDetected(fileID, previousOffset: 8),
      ])
  }

  @Test func copytruncateRegrownPastTheOffsetIsDetectedByTheHead() {
    var fs = FakeTailFileSystem()
    fs.create(path, "1\n2\n")
    var machine = machine()
    _ = fs.drive(&machine, machine.start())
    fs.truncate(path, thenWrite: "three\nfour\n")
    let batches = fs.drive(&machine, machine.tick(fs.observation(of: path, at: t0)))
    #expect(batches.texts == ["three", "four"])
  }

  @Test func rotationWhileStoppedFinishesTheRotatedFileFirst() {
    var fs = FakeTailFileSystem()
    let oldID = fs.create(path, "1\n2\n")
    let stored = checkpoint(of: fs, oldID, offset: 2, lines: 1)
    fs.rename(path, to: path + "-20240605")
    fs.create(path + ".2", "unrelated\n")
    let newID = fs.create(path, "new\n")
    var machine = machine(checkpoint: stored)
    var batches = fs.drive(&machine, machine.start())
    #expect(batches.texts == ["2"])
    #expect(batches.lineNumbers == [2])
    batches = fs.drive(&machine, machine.tick(fs.observation(of: path, at: t0)))
    #expect(batches.isEmpty)
    batches = fs.drive(&machine, machine.tick(fs.observation(of: path, at: t0 + .seconds(1))))
    #expect(batches.texts == ["new"])
    #expect(batches.last?.checkpoint.fileID == newID)
    #expect(fs.openedPaths == [path, path + "-20240605", path])
    #expect(
      machine.takeEvents() == [
        .rotatedFileFound(path: path + "-20240605", offset: 2),
        .rotatedFileFinished(oldID, offset: 4), .openedNewFile(newID),
      ])
  }

  @Test func rotationWhileStoppedWithTheRotatedFileGoneStartsTheNewFile() {
    var fs = FakeTailFileSystem()
    let oldID = fs.create(path, "1\n2\n")
    let stored = checkpoint(of: fs, oldID, offset: 2, lines: 1)
    fs.remove(path)
    let newID = fs.create(path, "new\n")
    var machine = machine(checkpoint: stored)
    #expect(fs.drive(&machine, machine.start()).texts == ["new"])
    #expect(machine.takeEvents() == [.rotatedFileNotFound(oldID), .openedNewFile(newID)])
  }

  @Test func rotatedWhileStoppedBeforeTheNewFileAppeared() {
    var fs = FakeTailFileSystem()
    let oldID = fs.create(path, "1\n2\n")
    let stored = checkpoint(of: fs, oldID, offset: 2, lines: 1)
    fs.rename(path, to: path + ".1")
    var machine = machine(checkpoint: stored)
    #expect(fs.drive(&machine, machine.start()).texts == ["2"])
    let later = t0 + .seconds(2)
    _ = fs.drive(&machine, machine.tick(fs.observation(of: path, at: t0)))
    #expect(fs.drive(&machine, machine.tick(fs.observation(of: path, at: later))).isEmpty)
    fs.create(path, "3\n")
    #expect(fs.drive(&machine, machine.tick(fs.observation(of: path, at: later))).texts == ["3"])
  }

  @Test func fileMovedBackIsFollowedAgain() {
    var fs = FakeTailFileSystem()
    fs.create(path, "1\n")
    var machine = machine()
    _ = fs.drive(&machine, machine.start())
    fs.rename(path, to: path + ".tmp")
    _ = fs.drive(&machine, machine.tick(fs.observation(of: path, at: t0)))
    fs.rename(path + ".tmp", to: path)
    fs.append("2\n", to: path)
    let later = t0 + .seconds(5)
    #expect(fs.drive(&machine, machine.tick(fs.observation(of: path, at: later))).texts == ["2"])
    #expect(fs.openedPaths == [path])
  }

  @Test func fileMovedBackAfterItWasFinishedIsNotReadTwice() {
    var fs = FakeTailFileSystem()
    let fileID = fs.create(path, "1\npart")
    var machine = machine()
    _ = fs.drive(&machine, machine.start())
    fs.rename(path, to: path + ".tmp")
    _ = fs.drive(&machine, machine.tick(fs.observation(of: path, at: t0)))
    let later = t0 + .seconds(2)
    #expect(fs.drive(&machine, machine.tick(fs.observation(of: path, at: later))).texts == ["part"])
    fs.rename(path + ".tmp", to: path)
    fs.append("\n2\n", to: path)
    let batches = fs.drive(&machine, machine.tick(fs.observation(of: path, at: later)))
    #expect(batches.texts == ["", "2"])
    #expect(batches.lineNumbers == [3, 4])
    #expect(machine.takeEvents().last == .resumed(fileID, offset: 6, lineNumber: 2))
  }

  @Test func splitsPathsIntoDirectoryAndName() {
    #expect(TailStateMachine.split("/var/log/a.log") == ("/var/log", "a.log"))
    #expect(TailStateMachine.split("/a.log") == ("/", "a.log"))
    #expect(TailStateMachine.split("a.log") == (".", "a.log"))
  }
}
