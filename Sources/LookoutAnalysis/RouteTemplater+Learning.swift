extension RouteTemplater {
  /// How ``RouteTemplater`` learns high-cardinality segments (slugs, user names) from traffic.
  ///
  /// For every *position*, meaning the templated path before a segment together with the
  /// path's segment count (`/api/v2/talents` + 4 segments), the templater counts the distinct
  /// values it sees. A value is *rare* while it has been seen at most ``rareCount`` times. The
  /// position becomes variable, and its segments print as ``placeholder``, as soon as it has
  /// seen at least ``minDistinctValues`` distinct values of which at least ``rareShare`` are
  /// rare. With the defaults (33 values, 75 % of them seen only once):
  /// - a static fan-out such as `/api/v1/{users,orders,search,...}` can never be masked while
  ///   it has 32 or fewer children, however its traffic is spread;
  /// - random slugs are masked after about 33 requests, when 33 distinct values have been
  ///   seen once each;
  /// - wider static fan-outs repeat their values before 33 distinct ones have appeared. In a
  ///   simulation of 20 runs each, uniform traffic over 40 children was never masked, over 60
  ///   about half the time, over 100 always; Zipf-distributed names over 100,000 values
  ///   (s = 1 and 1.2) were always masked, after 37 and 51 requests (median).
  ///
  /// "Seen once" separates better than "seen at most twice": with the latter, 40 uniformly
  /// used static children were masked in most runs.
  ///
  /// When a position is decided, the values seen at least 3 times that carry at least
  /// ``literalShare`` of its traffic stay literal (`/health` next to scanner noise at the
  /// root, `/users/me` next to user names). Once decided, a position stops counting.
  ///
  /// Memory is bounded: at most ``maxTrackedValues`` values are counted per position (further
  /// new values are assumed rare, so a position with more distinct values than that is treated
  /// as high-cardinality), and at most ``maxPositions`` positions are tracked (when full,
  /// positions seen at most twice are dropped; decided positions are always kept).
  public struct Learning: Sendable, Hashable {
    /// Whether learning runs at all; without it only the fixed rules and configured routes
    /// apply.
    public var isEnabled: Bool
    /// Distinct values a position must have seen before it can become variable.
    public var minDistinctValues: Int
    /// A value seen at most this many times counts as rare.
    public var rareCount: Int
    /// The share of the distinct values that must be rare, in `0...1`.
    public var rareShare: Double
    /// Share of a position's traffic a frequent value needs to stay literal once the position
    /// is variable.
    public var literalShare: Double
    /// Values counted per position.
    public var maxTrackedValues: Int
    /// Positions tracked at once.
    public var maxPositions: Int
    /// What a learned variable segment prints as.
    public var placeholder: String

    /// Creates learning options; the defaults are the ones described on the type.
    public init(
      isEnabled: Bool = true, minDistinctValues: Int = 33, rareCount: Int = 1,
      rareShare: Double = 0.75, literalShare: Double = 1.0 / 32, maxTrackedValues: Int = 64,
      maxPositions: Int = 4096, placeholder: String = "{slug}"
    ) {
      self.isEnabled = isEnabled
      self.minDistinctValues = Swift.max(2, minDistinctValues)
      self.rareCount = Swift.max(1, rareCount)
      self.rareShare = rareShare
      self.literalShare = literalShare
      self.maxTrackedValues = Swift.max(1, maxTrackedValues)
      self.maxPositions = Swift.max(16, maxPositions)
      self.placeholder = placeholder
    }
  }
}
