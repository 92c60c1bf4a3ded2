import Logging

extension TailRun {
  /// Logs what the state machine reported, and counts rotations.
  ///
  /// - Parameter events: The events taken from the machine.
  func log(_ events: [TailStateMachine.Event]) {
    let logger = tailer.logger
    for event in events {
      switch event {
      case .startedAtBeginning(let fileID):
        logger.info("Tailing from the beginning", metadata: ["tail.file": "\(fileID)"])
      case .startedAtEnd(let fileID, let offset):
        logger.info(
          "Tailing from the end", metadata: ["tail.file": "\(fileID)", "tail.offset": "\(offset)"])
      case .resumed(let fileID, let offset, let lineNumber):
        logger.info(
          "Resuming from the checkpoint",
          metadata: [
            "tail.file": "\(fileID)", "tail.offset": "\(offset)", "tail.line": "\(lineNumber)",
          ])
      case .checkpointDiscarded(let fileID, let mismatch):
        logger.warning(
          "The checkpoint does not fit the file (\(mismatch)); reading it from the beginning",
          metadata: ["tail.file": "\(fileID)"])
      case .rotatedFileFound(let path, let offset):
        logger.info(
          "Rotated while stopped; finishing the rotated file first",
          metadata: ["tail.rotated": "\(path)", "tail.offset": "\(offset)"])
      case .rotatedFileNotFound(let fileID):
        logger.warning(
          "Rotated while stopped, and the rotated file is gone; its unread lines are lost",
          metadata: ["tail.file": "\(fileID)"])
      case .rotationDetected(let fileID):
        metrics.renames.increment()
        logger.info(
          "Rotation detected; finishing the old file", metadata: ["tail.file": "\(fileID)"])
      case .rotatedFileFinished(let fileID, let offset):
        logger.info(
          "Finished the rotated file",
          metadata: ["tail.file": "\(fileID)", "tail.offset": "\(offset)"])
      case .truncationDetected(let fileID, let previousOffset):
        metrics.truncations.increment()
        logger.info(
          "Truncation detected (copytruncate); reading from the beginning",
          metadata: ["tail.file": "\(fileID)", "tail.offset": "\(previousOffset)"])
      case .openedNewFile(let fileID):
        logger.info("Tailing a new file at the path", metadata: ["tail.file": "\(fileID)"])
      case .fileUnavailable(.missing):
        logger.info("The file does not exist; waiting for it")
      case .fileUnavailable(.failed(let reason)):
        logger.warning("Cannot open the file; retrying", metadata: ["error": "\(reason)"])
      }
    }
  }
}
