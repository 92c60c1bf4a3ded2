extension PostgresLogDecoder {
  /// The layout of the log: `log_destination = stderr` (also what `syslog`-less
  /// `logging_collector` writes to `.log` files) or `csvlog`.
  public enum Format: Sendable, Hashable {
    /// Text lines starting with `log_line_prefix`.
    case stderr(PostgresLinePrefix)
    /// CSV rows of PostgreSQL 12-17 (23 to 26 columns).
    case csvlog
  }

  /// How a ``PostgresLogDecoder`` reads a log.
  ///
  /// ```swift
  /// let configuration = PostgresLogDecoder.Configuration(
  ///   format: .stderr(PostgresLinePrefix("%t [%p]: [%l-1] db=%d,user=%u ")))
  /// ```
  public struct Configuration: Sendable, Hashable {
    /// The default cap on the bytes kept of one statement (1 MiB).
    public static let defaultMaxStatementBytes = 1 << 20

    /// The log's layout; Debian's `%m [%p] %q%u@%d ` stderr prefix by default.
    public var format: Format
    /// The most bytes of a statement (and of its parameter list) kept; the rest is read
    /// and dropped, and the record gets `extra["truncated"] = "true"`.
    public var maxStatementBytes: Int
    /// Seconds east of UTC for time zone abbreviations the decoder does not know (it knows
    /// UTC, numeric offsets and the common abbreviations such as `CEST` or `JST`).
    public var fallbackTimeZoneOffset: Int
    /// How many bad entries each batch's report keeps as examples.
    public var maxExamples: Int

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - format: stderr with its `log_line_prefix`, or csvlog.
    ///   - maxStatementBytes: the most bytes of a statement kept (at least 64).
    ///   - fallbackTimeZoneOffset: seconds east of UTC for unknown zone abbreviations.
    ///   - maxExamples: how many bad entries a report shows.
    public init(
      format: Format = .stderr(.debian),
      maxStatementBytes: Int = defaultMaxStatementBytes,
      fallbackTimeZoneOffset: Int = 0, maxExamples: Int = 10
    ) {
      self.format = format
      self.maxStatementBytes = max(maxStatementBytes, 64)
      self.fallbackTimeZoneOffset = fallbackTimeZoneOffset
      self.maxExamples = maxExamples
    }
  }
}
