@testable import LookoutServer

/// An in-memory file system that drives a ``TailStateMachine`` the way ``FileTailer`` does,
/// so state machine tests read as a story: append, rename, truncate, tick.
struct FakeTailFileSystem {
  /// The bytes of every file, by ID (a removed or renamed file keeps its bytes).
  private(set) var contents: [TailFileID: [UInt8]] = [:]
  /// The directory entries: path to file ID.
  private(set) var names: [String: TailFileID] = [:]
  /// The file the machine has open.
  private(set) var openFile: TailFileID?
  /// Every path opened, in order.
  private(set) var openedPaths: [String] = []
  private var nextInode: UInt64 = 100

  /// Creates a file (replacing the name if it exists) and returns its ID.
  @discardableResult
  mutating func create(_ path: String, _ text: String = "") -> TailFileID {
    let fileID = TailFileID(device: 1, inode: nextInode)
    nextInode += 1
    contents[fileID] = Array(text.utf8)
    names[path] = fileID
    return fileID
  }

  /// Appends text to the file at a path.
  mutating func append(_ text: String, to path: String) {
    contents[names[path]!]!.append(contentsOf: text.utf8)
  }

  /// Renames a file, like `mv`.
  mutating func rename(_ from: String, to: String) {
    names[to] = names.removeValue(forKey: from)
  }

  /// Removes a name; an open file keeps its content.
  mutating func remove(_ path: String) {
    names[path] = nil
  }

  /// Truncates the file at a path to zero bytes, then writes text into it.
  mutating func truncate(_ path: String, thenWrite text: String = "") {
    contents[names[path]!] = Array(text.utf8)
  }

  /// The stat of a path.
  func stat(_ path: String) -> TailStateMachine.FileStat? {
    names[path].map { TailStateMachine.FileStat(fileID: $0, size: contents[$0]!.count) }
  }

  /// A tick observation of the configured path and the open file.
  func observation(of path: String, at now: ContinuousClock.Instant)
    -> TailStateMachine.Observation
  {
    TailStateMachine.Observation(
      now: now, pathStat: stat(path),
      openFileStat: openFile.map { .init(fileID: $0, size: contents[$0]!.count) },
      openFileHead: openFile.map { Array(contents[$0]!.prefix(256)) } ?? [])
  }

  /// Performs actions until the machine waits; delivers every batch and returns them.
  mutating func drive(_ machine: inout TailStateMachine, _ first: TailStateMachine.Action)
    -> [TailBatch]
  {
    var batches: [TailBatch] = []
    var action = first
    while true {
      switch action {
      case .wait:
        return batches
      case .open(let path):
        openFile = nil
        if let fileID = names[path] {
          action = machine.opened(opened(path, fileID))
        } else {
          action = machine.openFailed(.missing)
        }
      case .openRotated(let fileID, let directory, _):
        openFile = nil
        let match = names.first { $0.value == fileID && $0.key.hasPrefix(directory + "/") }
        if let match {
          action = machine.opened(opened(match.key, fileID))
        } else {
          action = machine.rotatedFileNotFound()
        }
      case .read(let offset, let count):
        let bytes = contents[openFile!]!
        let end = min(bytes.count, offset + count)
        action = machine.readCompleted(offset < end ? Array(bytes[offset..<end]) : [])
      case .emit(let batch):
        batches.append(batch)
        action = machine.delivered()
      }
    }
  }

  private mutating func opened(_ path: String, _ fileID: TailFileID)
    -> TailStateMachine.OpenedFile
  {
    openFile = fileID
    openedPaths.append(path)
    let bytes = contents[fileID]!
    return .init(
      path: path, stat: .init(fileID: fileID, size: bytes.count), head: Array(bytes.prefix(256)))
  }
}

extension [TailBatch] {
  /// The lines of all batches as strings.
  var texts: [String] {
    flatMap { batch in batch.lines.map { String(decoding: $0.bytes, as: UTF8.self) } }
  }

  /// The line number of every line of all batches.
  var lineNumbers: [Int] {
    flatMap { batch in batch.lines.indices.map { batch.firstLineNumber + $0 } }
  }
}
