extension TailStateMachine {
  /// What `stat`/`fstat` said about a file.
  struct FileStat: Sendable, Hashable {
    /// The file's device and inode.
    var fileID: TailFileID
    /// The file's size in bytes.
    var size: Int
  }

  /// What the driver saw at a poll tick.
  struct Observation: Sendable, Hashable {
    /// The time of the tick.
    var now: ContinuousClock.Instant
    /// `stat` of the configured path, `nil` if it does not exist (or cannot be stat'ed).
    var pathStat: FileStat?
    /// `fstat` of the open file, `nil` if no file is open.
    var openFileStat: FileStat?
    /// The open file's first bytes, up to 256 (empty if no file is open).
    var openFileHead: [UInt8]

    /// Creates an observation.
    ///
    /// - Parameters:
    ///   - now: The time of the tick.
    ///   - pathStat: `stat` of the configured path.
    ///   - openFileStat: `fstat` of the open file.
    ///   - openFileHead: The open file's first bytes.
    init(
      now: ContinuousClock.Instant, pathStat: FileStat?, openFileStat: FileStat? = nil,
      openFileHead: [UInt8] = []
    ) {
      self.now = now
      self.pathStat = pathStat
      self.openFileStat = openFileStat
      self.openFileHead = openFileHead
    }
  }

  /// A file the driver opened for an ``Action/open(path:)`` or ``Action/openRotated``.
  struct OpenedFile: Sendable, Hashable {
    /// The path it was opened under.
    var path: String
    /// `fstat` of the opened descriptor.
    var stat: FileStat
    /// Its first bytes, up to 256.
    var head: [UInt8]
  }

  /// Why a path could not be opened.
  enum OpenFailure: Sendable, Hashable {
    /// It does not exist.
    case missing
    /// Any other error (permissions, a directory, ...), described.
    case failed(String)
  }
}
