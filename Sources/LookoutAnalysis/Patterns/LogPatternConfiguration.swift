/// The settings of a ``LogPatternMiner``: one default serves every kind of log.
///
/// The defaults were chosen once, for all the loghub datasets together; there are no
/// per-source settings to tune.
///
/// ```swift
/// var miner = LogPatternMiner(configuration: .default)
/// ```
public struct LogPatternConfiguration: Sendable, Hashable {
  /// The share of equal tokens a line needs with a group's template to join the group
  /// (Drain's `sim_th`); below it the line starts a new group.
  public var similarityThreshold: Double
  /// How many different values, seen at one position among lines that agree everywhere
  /// else, make that position a variable. Fewer values stay part of the pattern, so
  /// `cupsd startup succeeded` and `cupsd shutdown succeeded` remain two patterns while
  /// `Invalid user <name>` becomes one once four names were seen.
  public var distinctValuesForVariable: Int
  /// The most first tokens a token count fans out to (Drain's `max_children`); later first
  /// tokens share the wildcard child.
  public var maxChildrenPerLength: Int
  /// The most groups one leaf of the tree holds; when it is full a line joins the most
  /// similar group even below the threshold.
  public var maxGroupsPerLeaf: Int
  /// The most patterns the miner keeps; lines that would need more all join one overflow
  /// pattern whose template is `<*>`.
  public var maxPatterns: Int
  /// The most token sequences remembered for the exact-match shortcut; the memory is
  /// cleared when it is full (the patterns stay).
  public var maxCachedSequences: Int
  /// The most pieces of evidence (the values seen per position and rest of line) all groups
  /// keep together; past it all evidence is forgotten (patterns and variables stay) and is
  /// gathered again from the following lines.
  public var maxEvidenceEntries: Int
  /// Lines longer than this many bytes are cut before tokenising.
  public var maxLineBytes: Int

  /// A configuration; every argument has the default used for all datasets.
  public init(
    similarityThreshold: Double = 0.5,
    distinctValuesForVariable: Int = 4,
    maxChildrenPerLength: Int = 100,
    maxGroupsPerLeaf: Int = 64,
    maxPatterns: Int = 10_000,
    maxCachedSequences: Int = 200_000,
    maxEvidenceEntries: Int = 250_000,
    maxLineBytes: Int = 4_096
  ) {
    self.similarityThreshold = similarityThreshold
    self.distinctValuesForVariable = max(2, distinctValuesForVariable)
    self.maxChildrenPerLength = max(1, maxChildrenPerLength)
    self.maxGroupsPerLeaf = max(1, maxGroupsPerLeaf)
    self.maxPatterns = max(1, maxPatterns)
    self.maxCachedSequences = max(0, maxCachedSequences)
    self.maxEvidenceEntries = max(16, maxEvidenceEntries)
    self.maxLineBytes = max(64, maxLineBytes)
  }

  /// The one configuration for all logs.
  public static let `default` = LogPatternConfiguration()
}
