/// Settings of one ``FileTailer``: which file, how often to look at it, and the size limits.
///
/// Everything but the path has a default:
///
/// ```swift
/// let config = FileTailerConfiguration(path: "/var/log/nginx/access.log")
/// let quick = FileTailerConfiguration(path: "app.log", pollInterval: .milliseconds(20))
/// ```
public struct FileTailerConfiguration: Sendable, Hashable {
  /// The path to tail; also the key of its checkpoint.
  public var path: String
  /// How often the file is checked for new bytes, rotation and truncation.
  public var pollInterval: Duration
  /// The most bytes read with one `pread`, which bounds a batch.
  ///
  /// A batch also carries a partial line held back from the previous read, so its buffer can
  /// be up to `maxBatchBytes + maxLineBytes + 1` bytes.
  public var maxBatchBytes: Int
  /// The longest line handed out whole; a longer one is cut to this many bytes and flagged
  /// ``TailLine/isTruncated``, and the rest of it is skipped without being buffered.
  public var maxLineBytes: Int
  /// Whether a file seen for the first time (no checkpoint) is read from its end rather than
  /// its beginning. Line numbers then count from that point.
  public var startAtEnd: Bool
  /// How long a file renamed away (rotated) must stay unchanged before it counts as finished
  /// and the tailer moves to the new file at the path. The writer keeps appending to the old
  /// file until it reopens its log (nginx: on `USR1`, right after logrotate's rename).
  public var rotationGracePeriod: Duration
  /// The first wait before a batch whose handler threw is handed out again; doubled on each
  /// further failure up to ``maxRetryBackoff``.
  public var retryBackoff: Duration
  /// The longest wait between two attempts to hand out the same batch.
  public var maxRetryBackoff: Duration

  /// Creates a configuration.
  ///
  /// - Parameters:
  ///   - path: The path to tail.
  ///   - pollInterval: How often to check the file (default 200 ms).
  ///   - maxBatchBytes: The most bytes per read (default 1 MiB).
  ///   - maxLineBytes: The line length cap (default 1 MiB).
  ///   - startAtEnd: Read a file seen for the first time from its end (default `false`).
  ///   - rotationGracePeriod: How long a rotated file must be idle to count as finished
  ///     (default 2 s).
  ///   - retryBackoff: The first wait after the handler threw (default 200 ms).
  ///   - maxRetryBackoff: The longest wait between retries (default 10 s).
  public init(
    path: String,
    pollInterval: Duration = .milliseconds(200),
    maxBatchBytes: Int = 1 << 20,
    maxLineBytes: Int = 1 << 20,
    startAtEnd: Bool = false,
    rotationGracePeriod: Duration = .seconds(2),
    retryBackoff: Duration = .milliseconds(200),
    maxRetryBackoff: Duration = .seconds(10)
  ) {
    self.path = path
    self.pollInterval = pollInterval
    self.maxBatchBytes = maxBatchBytes
    self.maxLineBytes = maxLineBytes
    self.startAtEnd = startAtEnd
    self.rotationGracePeriod = rotationGracePeriod
    self.retryBackoff = retryBackoff
    self.maxRetryBackoff = maxRetryBackoff
  }
}
