extension XRayAssembler {
  /// Timeouts and memory bounds of an ``XRayAssembler``. Times are µs.
  ///
  /// ```swift
  /// var configuration = XRayAssembler.Configuration()
  /// configuration.orphanTimeout = 30_000_000
  /// ```
  public struct Configuration: Sendable, Hashable {
    /// How long a subsegment whose service is unknown waits for its ancestor segment
    /// before it is emitted with ``unknownService``.
    public var orphanTimeout: Int64
    /// How long an in-progress piece is held after its last copy arrived before it is
    /// emitted as it is (marked `xray.in_progress`).
    public var inProgressTimeout: Int64
    /// How long a trace's emitted span ids are remembered after its last document, so a
    /// repeated document is emitted once.
    public var duplicateWindow: Int64
    /// Most spans held at once; past it the oldest are emitted as they are.
    public var maxPendingSpans: Int
    /// Most traces remembered at once; past it the oldest is forgotten (its held spans
    /// emitted as they are).
    public var maxTraces: Int
    /// Most span ids remembered at once across traces (for service lookups and repeats);
    /// past it the oldest traces are forgotten. About 50 bytes each.
    public var maxRememberedSpans: Int
    /// The service given to spans whose segment never arrived.
    public var unknownService: String

    /// A configuration with defaults sized for one busy server.
    ///
    /// - Parameters:
    ///   - orphanTimeout: wait for an ancestor segment, µs (60 s).
    ///   - inProgressTimeout: wait for the complete copy, µs (10 min).
    ///   - duplicateWindow: memory of emitted ids, µs (10 min).
    ///   - maxPendingSpans: bound on held spans.
    ///   - maxTraces: bound on remembered traces.
    ///   - maxRememberedSpans: bound on remembered span ids.
    ///   - unknownService: service of orphans.
    public init(
      orphanTimeout: Int64 = 60_000_000, inProgressTimeout: Int64 = 600_000_000,
      duplicateWindow: Int64 = 600_000_000, maxPendingSpans: Int = 100_000,
      maxTraces: Int = 100_000, maxRememberedSpans: Int = 2_000_000,
      unknownService: String = "unknown"
    ) {
      self.orphanTimeout = orphanTimeout
      self.inProgressTimeout = inProgressTimeout
      self.duplicateWindow = duplicateWindow
      self.maxPendingSpans = maxPendingSpans
      self.maxTraces = maxTraces
      self.maxRememberedSpans = maxRememberedSpans
      self.unknownService = unknownService
    }
  }

  /// What the assembler has done since it was created.
  public struct Counters: Sendable, Hashable {
    /// Spans returned as finished (resolved and complete).
    public var emitted = 0
    /// Spans dropped because the same id was already emitted or held complete.
    public var duplicates = 0
    /// In-progress copies replaced by their complete copy.
    public var replacedInProgress = 0
    /// Orphans emitted with an unknown service after ``Configuration/orphanTimeout``.
    public var expiredOrphans = 0
    /// In-progress spans emitted after ``Configuration/inProgressTimeout``.
    public var expiredInProgress = 0
    /// Held spans emitted early because a memory bound was reached.
    public var evicted = 0

    /// Zero counters.
    public init() {}
  }
}
