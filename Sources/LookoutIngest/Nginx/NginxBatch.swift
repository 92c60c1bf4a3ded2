import LookoutCore

/// The outcome of decoding a batch of access-log lines.
public struct NginxBatch: Sendable {
  /// The number of the batch's first line in its source.
  public let firstLineNumber: Int
  /// The requests of the good lines, in line order.
  public var records: [RequestRecord] = []
  /// The bad lines: count and first examples.
  public var report: BadLineReport
  /// Lines read, blank and bad ones included.
  public var lineCount = 0
  /// Blank lines skipped.
  public var blankLines = 0
  /// Bytes of the input consumed; the rest is an unfinished line.
  public var consumedBytes = 0

  /// Creates an empty batch.
  public init(firstLineNumber: Int = 1, maxExamples: Int = 10) {
    self.firstLineNumber = firstLineNumber
    self.report = BadLineReport(maxExamples: maxExamples)
  }

  /// The number the next batch of the same source starts at.
  public var nextLineNumber: Int { firstLineNumber + lineCount }
}
