extension MySQLSlowLogDecoder {
  /// How a ``MySQLSlowLogDecoder`` reads a log.
  ///
  /// ```swift
  /// let decoder = MySQLSlowLogDecoder(
  ///   configuration: .init(maxStatementBytes: 256 << 10, localTimeZoneOffset: 9 * 3600))
  /// ```
  public struct Configuration: Sendable, Hashable {
    /// The default cap on the bytes kept of one statement (1 MiB).
    public static let defaultMaxStatementBytes = 1 << 20

    /// The most bytes of a statement kept; the rest is read and dropped, and the record
    /// gets `extra["truncated"] = "true"`.
    public var maxStatementBytes: Int
    /// Seconds east of UTC of the server's local time, for `# Time:` values written
    /// without a zone (`071218 11:48:27`, MariaDB and MySQL before 5.7).
    public var localTimeZoneOffset: Int
    /// How many bad entries each batch's report keeps as examples.
    public var maxExamples: Int

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - maxStatementBytes: the most bytes of a statement kept (at least 64).
    ///   - localTimeZoneOffset: seconds east of UTC of zone-less `# Time:` values.
    ///   - maxExamples: how many bad entries a report shows.
    public init(
      maxStatementBytes: Int = defaultMaxStatementBytes, localTimeZoneOffset: Int = 0,
      maxExamples: Int = 10
    ) {
      self.maxStatementBytes = max(maxStatementBytes, 64)
      self.localTimeZoneOffset = localTimeZoneOffset
      self.maxExamples = maxExamples
    }
  }
}
