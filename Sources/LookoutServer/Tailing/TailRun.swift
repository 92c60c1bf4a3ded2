import ServiceLifecycle

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// One run of a ``FileTailer``: drives its ``TailStateMachine`` by performing the actions it
/// returns on the open ``TailFile``.
struct TailRun {
  /// The service, for its configuration, handler and logger.
  let tailer: FileTailer
  /// The service's counters.
  let metrics: TailMetrics
  private var machine: TailStateMachine
  private var file: TailFile?
  private var readFailure: String?

  /// Creates a run that resumes from a checkpoint.
  ///
  /// - Parameters:
  ///   - tailer: The service, for its configuration, handler and logger.
  ///   - checkpoint: The stored resume point, or `nil`.
  init(tailer: FileTailer, checkpoint: TailCheckpoint?) {
    self.tailer = tailer
    self.metrics = TailMetrics(path: tailer.configuration.path)
    self.machine = TailStateMachine(configuration: tailer.configuration, checkpoint: checkpoint)
  }

  /// Opens the file and reads what is there.
  ///
  /// - Returns: `false` when the service should stop.
  mutating func start() async -> Bool {
    await perform(machine.start())
  }

  /// Observes the path and the open file, and reads what was appended.
  ///
  /// - Returns: `false` when the service should stop.
  mutating func tick() async -> Bool {
    let observation = TailStateMachine.Observation(
      now: .now,
      pathStat: TailFile.statPath(tailer.configuration.path),
      openFileStat: file?.currentStat(),
      openFileHead: file?.head() ?? [])
    return await perform(machine.tick(observation))
  }

  /// Performs actions until the machine waits for the next tick.
  private mutating func perform(_ first: TailStateMachine.Action) async -> Bool {
    var action = first
    while true {
      log(machine.takeEvents())
      switch action {
      case .wait:
        return true
      case .open(let path):
        action = openPath(path)
      case .openRotated(let fileID, let directory, let namePrefix):
        file = nil
        if let found = TailFile.find(fileID, in: directory, namePrefix: namePrefix),
          case .opened(let opened) = attach(found)
        {
          action = opened
        } else {
          action = machine.rotatedFileNotFound()
        }
      case .read(let offset, let count):
        guard let bytes = read(at: offset, count: count) else { return true }
        action = machine.readCompleted(bytes)
      case .emit(let batch):
        guard await tailer.deliver(batch, metrics: metrics) else { return false }
        action = machine.delivered()
      }
      if Task.isCancelled || Task.isShuttingDownGracefully { return false }
    }
  }

  private enum OpenResult {
    case opened(TailStateMachine.Action)
    case failed(TailStateMachine.OpenFailure)
  }

  /// Opens a path for ``TailStateMachine/Action/open(path:)``.
  private mutating func openPath(_ path: String) -> TailStateMachine.Action {
    switch attach(path) {
    case .opened(let next): return next
    case .failed(let failure): return machine.openFailed(failure)
    }
  }

  /// Replaces the open file with `path` and reports it to the machine.
  private mutating func attach(_ path: String) -> OpenResult {
    file = nil
    let opened: TailFile
    do {
      opened = try TailFile(opening: path)
    } catch {
      return .failed(error.code == ENOENT ? .missing : .failed(error.description))
    }
    guard let stat = opened.currentStat() else { return .failed(.failed("fstat \(path) failed")) }
    file = opened
    return .opened(machine.opened(.init(path: path, stat: stat, head: opened.head())))
  }

  /// Reads from the open file; logs a failure once and returns `nil` to wait for a tick.
  private mutating func read(at offset: Int, count: Int) -> [UInt8]? {
    guard let file else { return nil }
    do {
      let bytes = try file.read(at: offset, count: count)
      readFailure = nil
      return bytes
    } catch {
      let description = "\(error)"
      if readFailure != description {
        readFailure = description
        tailer.logger.error("Cannot read the tailed file", metadata: ["error": "\(description)"])
      }
      return nil
    }
  }
}
