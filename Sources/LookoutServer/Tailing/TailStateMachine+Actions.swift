extension TailStateMachine {
  /// What the state machine asks its driver to do next; the driver reports the result back
  /// through the method named in each case.
  enum Action: Sendable, Hashable {
    /// Close the current file, if any, and open this path; then call
    /// ``TailStateMachine/opened(_:)`` or ``TailStateMachine/openFailed(_:)``.
    case open(path: String)
    /// Close the current file, if any, and look in `directory` for the file with `fileID`
    /// (preferring names that start with `namePrefix`, such as `access.log.1` or
    /// `access.log-20240605`) and open it; then call ``TailStateMachine/opened(_:)``, or
    /// ``TailStateMachine/rotatedFileNotFound()`` if there is none.
    case openRotated(fileID: TailFileID, directory: String, namePrefix: String)
    /// Read up to `count` bytes of the current file at `offset`; then call
    /// ``TailStateMachine/readCompleted(_:)`` with what was read (empty at end of file).
    case read(offset: Int, count: Int)
    /// Hand the batch to the handler, retrying until it returns; then call
    /// ``TailStateMachine/delivered()``.
    case emit(TailBatch)
    /// Nothing to do until the next poll; then call ``TailStateMachine/tick(_:)``.
    case wait
  }

  /// Why a stored checkpoint was not used.
  enum CheckpointMismatch: Sendable, Hashable {
    /// The file is shorter than the checkpoint's offset.
    case truncated
    /// The file's first bytes differ: the inode now belongs to another file.
    case replaced
  }

  /// Something worth a log line that happened while handling an observation.
  enum Event: Sendable, Hashable {
    /// Started reading a file with no checkpoint from its beginning.
    case startedAtBeginning(TailFileID)
    /// Started reading a file with no checkpoint from its end.
    case startedAtEnd(TailFileID, offset: Int)
    /// Resumed a file from its stored checkpoint.
    case resumed(TailFileID, offset: Int, lineNumber: Int)
    /// The stored checkpoint did not fit the file; reading it from the beginning instead.
    case checkpointDiscarded(TailFileID, CheckpointMismatch)
    /// The file of the stored checkpoint was found under another name; finishing it first.
    case rotatedFileFound(path: String, offset: Int)
    /// The file of the stored checkpoint is gone; lines written to it after the checkpoint
    /// cannot be read.
    case rotatedFileNotFound(TailFileID)
    /// The path now names another file, or none: finishing the old one before switching.
    case rotationDetected(TailFileID)
    /// A rotated file was read to its end.
    case rotatedFileFinished(TailFileID, offset: Int)
    /// The file shrank or its first bytes changed (copytruncate): reading it from 0 again.
    case truncationDetected(TailFileID, previousOffset: Int)
    /// Started reading a new file at the path from its beginning.
    case openedNewFile(TailFileID)
    /// The path cannot be opened; waiting for it. Reported once until it changes.
    case fileUnavailable(OpenFailure)
  }
}
