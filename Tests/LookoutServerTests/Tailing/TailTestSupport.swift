import Foundation
import LookoutServer
import Testing

/// A temporary directory removed when the value is released.
final class TailTemporaryDirectory {
  /// The directory's path.
  let path: String

  /// Creates a fresh directory under the system's temporary directory.
  init() throws {
    let base = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("lookout-tail")
    var template = Array((base.path + "-XXXXXX").utf8CString)
    guard let created = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
    path = String(cString: created)
  }

  deinit {
    try? FileManager.default.removeItem(atPath: path)
  }

  /// The path of a file in the directory.
  func file(_ name: String) -> String { path + "/" + name }
}

/// File operations as a log writer and logrotate do them.
enum TailFiles {
  /// Appends text, creating the file if needed (like a writer with `O_APPEND`).
  static func append(_ text: String, to path: String) throws {
    if !FileManager.default.fileExists(atPath: path),
      !FileManager.default.createFile(atPath: path, contents: nil)
    {
      throw CocoaError(.fileWriteUnknown)
    }
    let handle = try FileHandle(forWritingAtPath: path).unwrap()
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(text.utf8))
  }

  /// Renames a file, like `mv`.
  static func rename(_ from: String, to: String) throws {
    try FileManager.default.moveItem(atPath: from, toPath: to)
  }

  /// Copies a file and truncates the original in place, like logrotate's `copytruncate`.
  static func copyTruncate(_ path: String, to copy: String) throws {
    try FileManager.default.copyItem(atPath: path, toPath: copy)
    let handle = try FileHandle(forWritingAtPath: path).unwrap()
    defer { try? handle.close() }
    try handle.truncate(atOffset: 0)
  }
}

extension Optional {
  fileprivate func unwrap() throws -> Wrapped {
    guard let self else { throw CocoaError(.fileNoSuchFile) }
    return self
  }
}

/// The batch handler of the tests: keeps the lines and stores each checkpoint with them, like
/// the real handler does in one transaction; can be told to fail.
actor TailLineCollector {
  /// One line received, with its number and flag.
  struct Line: Hashable, CustomStringConvertible {
    /// The line's number in its file.
    var number: Int
    /// The line's text.
    var text: String
    /// Whether it was cut at the cap.
    var isTruncated = false
    /// `number:text`, with `[cut]` when truncated.
    var description: String { "\(number):\(text)\(isTruncated ? "[cut]" : "")" }
  }

  /// The error thrown by an injected failure, like a full store's "retry later".
  struct RetryLater: Error {}

  /// Where the checkpoints are saved with the lines.
  let store: InMemoryTailCheckpointStore
  /// Every line received, in order.
  private(set) var lines: [Line] = []
  /// How many calls threw.
  private(set) var failures = 0
  private var failuresToInject = 0

  /// Creates a collector that saves checkpoints into `store`.
  init(store: InMemoryTailCheckpointStore = InMemoryTailCheckpointStore()) {
    self.store = store
  }

  /// The text of every line received.
  var texts: [String] { lines.map(\.text) }

  /// Makes the next `count` calls throw.
  func failNext(_ count: Int) { failuresToInject = count }

  /// The batch handler.
  func handle(_ batch: TailBatch) async throws {
    if failuresToInject > 0 {
      failuresToInject -= 1
      failures += 1
      throw RetryLater()
    }
    for (index, line) in batch.lines.enumerated() {
      lines.append(
        Line(
          number: batch.firstLineNumber + index, text: String(decoding: line.bytes, as: UTF8.self),
          isTruncated: line.isTruncated))
    }
    await store.save(batch.checkpoint)
  }

  /// Waits until `count` lines have arrived, failing the test after 30 s (CI machines are
  /// shared and slow), then a few more poll intervals to catch duplicates.
  func waitForLines(_ count: Int, settle: Duration = .milliseconds(100)) async throws {
    let deadline = ContinuousClock.now + .seconds(30)
    while lines.count < count {
      guard ContinuousClock.now < deadline else {
        Issue.record("timed out with \(lines.count) of \(count) lines: \(lines)")
        throw CancellationError()
      }
      try await Task.sleep(for: .milliseconds(5))
    }
    try await Task.sleep(for: settle)
  }
}

/// Runs a tailer while `body` runs, then cancels it and waits for it to stop.
func withTailer(
  _ configuration: FileTailerConfiguration, collector: TailLineCollector,
  _ body: () async throws -> Void
) async throws {
  let tailer = FileTailer(configuration: configuration, checkpointStore: collector.store) {
    try await collector.handle($0)
  }
  try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { try await tailer.run() }
    defer { group.cancelAll() }
    try await body()
    group.cancelAll()
    try await group.waitForAll()
  }
}
