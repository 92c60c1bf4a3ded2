import Foundation
import Logging
import LookoutServer
import ServiceLifecycle
import Testing

/// The tailer on real files in a temporary directory, with real rotations.
@Suite("FileTailer", .timeLimit(.minutes(1)))
struct FileTailerTests {
  /// The directory of the test's files, removed after the test.
  let directory: TailTemporaryDirectory
  /// The tailed path, `access.log` in ``directory``.
  let path: String

  /// Creates a fresh directory for the test.
  init() throws {
    directory = try TailTemporaryDirectory()
    path = directory.file("access.log")
  }

  /// A configuration with short intervals, so that tests run in milliseconds.
  func configuration(
    maxBatchBytes: Int = 1 << 20, maxLineBytes: Int = 1 << 20, startAtEnd: Bool = false
  ) -> FileTailerConfiguration {
    FileTailerConfiguration(
      path: path, pollInterval: .milliseconds(10), maxBatchBytes: maxBatchBytes,
      maxLineBytes: maxLineBytes, startAtEnd: startAtEnd,
      rotationGracePeriod: .milliseconds(300), retryBackoff: .milliseconds(10),
      maxRetryBackoff: .milliseconds(50))
  }

  @Test func linesAppendedInSeveralWritesArriveOnceInOrder() async throws {
    let collector = TailLineCollector()
    try TailFiles.append("1\n2\n", to: path)
    try await withTailer(configuration(), collector: collector) {
      try await collector.waitForLines(2)
      try TailFiles.append("3\n", to: path)
      try TailFiles.append("4\n5\n", to: path)
      try await collector.waitForLines(5)
    }
    #expect(await collector.texts == ["1", "2", "3", "4", "5"])
    #expect(await collector.lines.map(\.number) == [1, 2, 3, 4, 5])
    let checkpoint = try #require(await collector.store.checkpoint(for: path))
    #expect(checkpoint.offset == 10)
    #expect(checkpoint.lineNumber == 5)
  }

  @Test func manySmallReadsKeepEveryLine() async throws {
    let collector = TailLineCollector()
    let expected = (1...500).map { "line \($0) " + String(repeating: "x", count: $0 % 37) }
    try TailFiles.append(expected.joined(separator: "\n") + "\n", to: path)
    try await withTailer(configuration(maxBatchBytes: 100), collector: collector) {
      try await collector.waitForLines(500)
    }
    #expect(await collector.texts == expected)
    #expect(await collector.lines.map(\.number) == Array(1...500))
  }

  @Test func partialLastLineWaitsForItsNewline() async throws {
    let collector = TailLineCollector()
    try TailFiles.append("first\nsec", to: path)
    try await withTailer(configuration(), collector: collector) {
      try await collector.waitForLines(1)
      #expect(await collector.texts == ["first"])
      try TailFiles.append("ond\n", to: path)
      try await collector.waitForLines(2)
    }
    #expect(await collector.texts == ["first", "second"])
  }

  @Test func missingFileIsWaitedFor() async throws {
    let collector = TailLineCollector()
    try await withTailer(configuration(), collector: collector) {
      try await Task.sleep(for: .milliseconds(50))
      try TailFiles.append("late\n", to: path)
      try await collector.waitForLines(1)
    }
    #expect(await collector.texts == ["late"])
  }

  @Test func crlfAndEmptyLines() async throws {
    let collector = TailLineCollector()
    try TailFiles.append("a\r\nb\r\n\r\n\nc\n", to: path)
    try await withTailer(configuration(), collector: collector) {
      try await collector.waitForLines(5)
    }
    #expect(await collector.texts == ["a", "b", "", "", "c"])
    #expect(await collector.lines.map(\.number) == [1, 2, 3, 4, 5])
  }

  @Test func overlongLineIsCutAndFlagged() async throws {
    let collector = TailLineCollector()
    try TailFiles.append(String(repeating: "y", count: 100) + "\nok\n", to: path)
    try await withTailer(configuration(maxBatchBytes: 8, maxLineBytes: 16), collector: collector) {
      try await collector.waitForLines(2)
    }
    #expect(
      await collector.lines == [
        .init(number: 1, text: String(repeating: "y", count: 16), isTruncated: true),
        .init(number: 2, text: "ok"),
      ])
  }

  @Test func startAtEndSkipsWhatIsThere() async throws {
    let collector = TailLineCollector()
    try TailFiles.append("old\n", to: path)
    try await withTailer(configuration(startAtEnd: true), collector: collector) {
      try await Task.sleep(for: .milliseconds(50))
      try TailFiles.append("new\n", to: path)
      try await collector.waitForLines(1)
    }
    #expect(await collector.texts == ["new"])
  }

  @Test func renameRotationLosesAndDuplicatesNothing() async throws {
    let collector = TailLineCollector()
    try TailFiles.append("1\n2\n", to: path)
    try await withTailer(configuration(), collector: collector) {
      try await collector.waitForLines(2)
      try TailFiles.append("3\npart", to: path)
      try TailFiles.rename(path, to: path + ".1")
      // The writer has not reopened yet: it finishes its line in the old file.
      try TailFiles.append("ial\n4\n", to: path + ".1")
      try TailFiles.append("new1\nnew2\n", to: path)
      try await collector.waitForLines(7)
    }
    #expect(await collector.texts == ["1", "2", "3", "partial", "4", "new1", "new2"])
    #expect(await collector.lines.map(\.number) == [1, 2, 3, 4, 5, 1, 2])
  }

  @Test func partialLineOfARotatedFileIsHandedOutWhenItIsFinished() async throws {
    let collector = TailLineCollector()
    try TailFiles.append("1\nunterminated", to: path)
    try await withTailer(configuration(), collector: collector) {
      try await collector.waitForLines(1)
      try TailFiles.rename(path, to: path + ".1")
      try TailFiles.append("new\n", to: path)
      try await collector.waitForLines(3)
    }
    #expect(await collector.texts == ["1", "unterminated", "new"])
  }

  @Test func copytruncateRotationLosesNothing() async throws {
    let collector = TailLineCollector()
    try TailFiles.append("1\n2\n3\n", to: path)
    try await withTailer(configuration(), collector: collector) {
      try await collector.waitForLines(3)
      try TailFiles.copyTruncate(path, to: path + ".1")
      try TailFiles.append("4\n5\n", to: path)
      try await collector.waitForLines(5)
    }
    #expect(await collector.texts == ["1", "2", "3", "4", "5"])
    #expect(await collector.lines.map(\.number) == [1, 2, 3, 1, 2])
  }

  @Test func restartResumesAtTheCheckpoint() async throws {
    let collector = TailLineCollector()
    try TailFiles.append("1\n2\n3\n", to: path)
    try await withTailer(configuration(), collector: collector) {
      try await collector.waitForLines(3)
    }
    try TailFiles.append("4\n5\n", to: path)
    try await withTailer(configuration(), collector: collector) {
      try await collector.waitForLines(5)
    }
    #expect(await collector.texts == ["1", "2", "3", "4", "5"])
    #expect(await collector.lines.map(\.number) == [1, 2, 3, 4, 5])
  }

  @Test func rotationWhileStoppedFinishesTheRotatedFile() async throws {
    let collector = TailLineCollector()
    try TailFiles.append("1\n2\n", to: path)
    try await withTailer(configuration(), collector: collector) {
      try await collector.waitForLines(2)
    }
    try TailFiles.append("3\n", to: path)
    try TailFiles.append("other\n", to: path + ".2")
    try TailFiles.rename(path, to: path + "-20240605")
    try TailFiles.append("new\n", to: path)
    try await withTailer(configuration(), collector: collector) {
      try await collector.waitForLines(4)
    }
    #expect(await collector.texts == ["1", "2", "3", "new"])
    #expect(await collector.lines.map(\.number) == [1, 2, 3, 1])
  }

  @Test func failingHandlerGetsTheSameBatchAgain() async throws {
    let collector = TailLineCollector()
    await collector.failNext(2)
    try TailFiles.append("1\n2\n", to: path)
    try await withTailer(configuration(), collector: collector) {
      try await collector.waitForLines(2)
      try TailFiles.append("3\n", to: path)
      try await collector.waitForLines(3)
    }
    #expect(await collector.texts == ["1", "2", "3"])
    #expect(await collector.failures == 2)
  }

  @Test func stopsOnGracefulShutdownAndResumesAfterIt() async throws {
    let collector = TailLineCollector()
    try TailFiles.append("1\n", to: path)
    let tailer = FileTailer(configuration: configuration(), checkpointStore: collector.store) {
      try await collector.handle($0)
    }
    let group = ServiceGroup(
      services: [tailer], gracefulShutdownSignals: [], cancellationSignals: [],
      logger: Logger(label: "test"))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
      tasks.addTask { try await group.run() }
      try await collector.waitForLines(1)
      await group.triggerGracefulShutdown()
      try await tasks.waitForAll()
    }
    try TailFiles.append("2\n", to: path)
    try await withTailer(configuration(), collector: collector) {
      try await collector.waitForLines(2)
    }
    #expect(await collector.texts == ["1", "2"])
  }
}
