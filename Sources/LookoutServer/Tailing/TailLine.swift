/// One line handed out by the tailer, without its line terminator.
public struct TailLine: Sendable, Hashable {
  /// The line's bytes, without `\n` and without a `\r` right before it.
  ///
  /// This is a slice of ``TailBatch/buffer``: its indices are positions in that buffer, so
  /// it does not start at 0. Empty lines are handed out as empty slices, so line numbers
  /// match the file.
  public var bytes: ArraySlice<UInt8>
  /// `true` when the line was longer than ``FileTailerConfiguration/maxLineBytes`` and only
  /// its first `maxLineBytes` bytes are in ``bytes``; decoders should count it as a bad line.
  public var isTruncated: Bool

  /// Creates a line.
  ///
  /// - Parameters:
  ///   - bytes: The line's bytes, without a terminator.
  ///   - isTruncated: Whether the line was cut at the length cap.
  public init(bytes: ArraySlice<UInt8>, isTruncated: Bool = false) {
    self.bytes = bytes
    self.isTruncated = isTruncated
  }
}
