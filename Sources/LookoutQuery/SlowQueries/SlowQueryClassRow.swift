import LookoutCore

/// One query class over a time range, as the Slow queries page and the API show it.
public struct SlowQueryClassRow: Sendable, Hashable, Codable {
  /// How a class's latency moved against an earlier window of the same length.
  public struct Change: Sendable, Hashable, Codable {
    /// `"previous day"` or `"previous week"`.
    public var against: String
    /// p95 of the earlier window, milliseconds.
    public var previousP95Ms: Double
    /// p95 now over p95 then.
    public var ratio: Double
  }

  /// Stable class id.
  public var id: String
  /// Normalised statement.
  public var fingerprint: String
  /// Engine whose rules made the fingerprint (`mysql`, `postgres`).
  public var engine: String
  /// Tables touched.
  public var tables: [String]
  /// Calls in the range.
  public var calls: Int64
  /// Total query time in the range, seconds.
  public var totalS: Double
  /// Share of the range's total query time.
  public var share: Double
  /// Mean, p95 (sketch, 1% relative error) and largest query time, milliseconds.
  public var avgMs: Double
  public var p95Ms: Double
  public var maxMs: Double
  /// Mean lock time, milliseconds.
  public var lockAvgMs: Double
  /// Mean rows sent and examined per call.
  public var rowsSentAvg: Double
  public var rowsExaminedAvg: Double
  /// Rows examined per row sent; nil when nothing was sent.
  public var examinedPerSent: Double?
  /// First call ever stored (µs).
  public var firstSeen: Int64
  /// Last call ever stored (µs).
  public var lastSeen: Int64
  /// Whether the class was first seen in the 24 hours before the range's end.
  public var isNew: Bool
  /// Set when p95 rose by ``SlowQueryDigestQuery/slowerRatio`` or more against the same
  /// window a day earlier (for ranges up to a day, when it had calls enough), else a week
  /// earlier (ranges up to a week).
  public var slower: Change?
  /// The slowest statement stored for the class.
  public var sample: String

  enum CodingKeys: String, CodingKey {
    case id, fingerprint, engine, tables, calls, share, sample, slower
    case totalS = "total_s"
    case avgMs = "avg_ms"
    case p95Ms = "p95_ms"
    case maxMs = "max_ms"
    case lockAvgMs = "lock_avg_ms"
    case rowsSentAvg = "rows_sent_avg"
    case rowsExaminedAvg = "rows_examined_avg"
    case examinedPerSent = "examined_per_sent"
    case firstSeen = "first_seen"
    case lastSeen = "last_seen"
    case isNew = "new"
  }
}
