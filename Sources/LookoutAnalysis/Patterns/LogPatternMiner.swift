/// An online log template miner in the manner of Drain: lines in, pattern ids out.
///
/// Each line is tokenised and its obvious variables masked (``LogTokenizer``); a parse tree
/// keyed by the token count and the first token leads to a few groups (Drain clusters), and
/// the line joins the most similar one if at least
/// ``LogPatternConfiguration/similarityThreshold`` of its tokens are equal, otherwise it starts
/// a new group. Within a group a position only becomes a variable once several values were
/// seen there among otherwise equal lines (``LogTokenGroup``); until then lines differing at it
/// form separate patterns. When a position becomes variable, patterns that now coincide merge
/// into the oldest of them.
///
/// Memory is bounded: at most ``LogPatternConfiguration/maxPatterns`` patterns (lines that
/// would need another join one overflow pattern, `<*>`) and as many groups, each keeping one
/// line of at most ``LogPatternConfiguration/maxLineBytes`` bytes and 17 bytes per token;
/// ``LogPatternConfiguration/maxCachedSequences`` remembered token sequences (24 bytes each)
/// and ``LogPatternConfiguration/maxEvidenceEntries`` pieces of evidence (about 80 bytes
/// each). With the defaults and 200-byte lines that is under 40 MB at every cap; the worst
/// case, 4 KB lines made only of delimiters, is about 0.7 GB. Nothing grows with the number
/// of lines. The miner does no I/O; use it from one task at a time.
///
/// ```swift
/// var miner = LogPatternMiner()
/// for line in lines { miner.add(line) }
/// for pattern in miner.patterns.prefix(10) { print(pattern.count, pattern.template) }
/// ```
public struct LogPatternMiner: Sendable {
  /// The settings the miner was made with.
  public let configuration: LogPatternConfiguration

  /// Pattern state by id; merged ones keep only where they went.
  private var records: [PatternRecord] = []
  private var groups: [LogTokenGroup] = []
  private var leaves: [LeafKey: [Int]] = [:]
  private var firstTokensPerLength: [Int: Int] = [:]
  private var sequenceCache: [UInt64: Int] = [:]
  private var overflowID: Int?
  private var livePatterns = 0
  private var evidenceEntries = 0

  /// The total number of lines added.
  public private(set) var lineCount = 0

  /// A miner with no patterns yet.
  public init(configuration: LogPatternConfiguration = .default) {
    self.configuration = configuration
  }

  /// Adds a line and returns the id of the pattern it joined.
  ///
  /// The id stays valid for the miner's life: when its pattern is later merged into an older
  /// one, ``currentID(of:)`` leads to that one (and ``patterns`` lists the merged count there).
  @discardableResult
  public mutating func add(_ line: String) -> Int {
    lineCount += 1
    let tokens = LogTokenizer.tokens(
      of: line, maxBytes: configuration.maxLineBytes, withRanges: false)
    if let cached = sequenceCache[tokens.sequenceHash] {
      let id = resolve(cached)
      records[id].count += 1
      return id
    }
    let id = place(tokens, line: line)
    records[id].count += 1
    if sequenceCache.count >= configuration.maxCachedSequences {
      sequenceCache.removeAll(keepingCapacity: true)
    }
    if configuration.maxCachedSequences > 0 { sequenceCache[tokens.sequenceHash] = id }
    return id
  }

  /// The id of the existing pattern `line` belongs to, without learning from it; `nil` when
  /// it would start a new pattern.
  public func match(_ line: String) -> Int? {
    let tokens = LogTokenizer.tokens(
      of: line, maxBytes: configuration.maxLineBytes, withRanges: false)
    if let cached = sequenceCache[tokens.sequenceHash] { return currentID(of: cached) }
    guard let leaf = existingLeaf(for: tokens),
      let (group, accepted) = bestGroup(in: leaf, for: tokens.values), accepted
    else { return nil }
    let key = groups[group].patternKey(tokens.values)
    return groups[group].patternsByKey[key].map(currentID(of:))
  }

  /// The id a pattern id now stands for: itself, or the pattern it was merged into.
  public func currentID(of id: Int) -> Int {
    guard records.indices.contains(id) else { return id }
    var current = id
    while let next = records[current].mergedInto { current = next }
    return current
  }

  /// The number of patterns (merged ones not counted).
  public var patternCount: Int { livePatterns + (overflowID == nil ? 0 : 1) }

  /// All patterns, most frequent first (ties: older first).
  public var patterns: [LogPattern] {
    var result: [LogPattern] = []
    result.reserveCapacity(patternCount)
    for id in records.indices where records[id].mergedInto == nil {
      result.append(pattern(id))
    }
    result.sort { $0.count != $1.count ? $0.count > $1.count : $0.id < $1.id }
    return result
  }

  /// The pattern with `id` (following merges), or `nil` for an id the miner never gave.
  public func pattern(id: Int) -> LogPattern? {
    guard records.indices.contains(id) else { return nil }
    return pattern(currentID(of: id))
  }

  private func pattern(_ id: Int) -> LogPattern {
    let record = records[id]
    let template =
      id == overflowID
      ? "<*>"
      : LogTemplateRenderer.render(
        sample: record.sample, template: record.template, maxBytes: configuration.maxLineBytes)
    return LogPattern(
      id: id, template: template, count: record.count, sample: record.sample,
      severityLabel: PatternSeverity.label(of: record.sample))
  }

  // MARK: - Learning

  /// Puts a token sequence not seen before into a group and a pattern.
  private mutating func place(_ tokens: LogTokens, line: String) -> Int {
    let values = tokens.values
    let (leafKey, isNewChild) = leafKey(for: tokens)
    let leafGroups = leaves[leafKey, default: []]
    let groupIndex: Int
    if let (best, accepted) = bestGroup(in: leafGroups, for: values),
      accepted || leafGroups.count >= configuration.maxGroupsPerLeaf
    {
      groupIndex = best
    } else {
      // Every group holds at least one pattern, so the pattern cap bounds groups too.
      guard livePatterns < configuration.maxPatterns else { return overflow(line) }
      if isNewChild { firstTokensPerLength[values.count, default: 0] += 1 }
      groupIndex = groups.count
      groups.append(LogTokenGroup(first: values))
      leaves[leafKey, default: []].append(groupIndex)
    }
    let evidenceBefore = groups[groupIndex].evidence.count
    if groups[groupIndex].learn(values, configuration: configuration) {
      rekeyPatterns(ofGroup: groupIndex)
    }
    evidenceEntries += groups[groupIndex].evidence.count - evidenceBefore
    if evidenceEntries > configuration.maxEvidenceEntries { forgetEvidence() }
    let key = groups[groupIndex].patternKey(values)
    if let existing = groups[groupIndex].patternsByKey[key] {
      let id = resolve(existing)
      Self.widen(&records[id].template, with: values)
      return id
    }
    guard livePatterns < configuration.maxPatterns else { return overflow(line) }
    let id = records.count
    records.append(PatternRecord(template: values, sample: sample(line)))
    livePatterns += 1
    groups[groupIndex].patternsByKey[key] = id
    return id
  }

  /// The leaf of the parse tree for `tokens`, and whether it would be a new first-token
  /// child. The first token is a child only while the token count has fewer than
  /// `maxChildrenPerLength` of them; later ones share the wildcard child.
  private func leafKey(for tokens: LogTokens) -> (LeafKey, isNewChild: Bool) {
    let length = tokens.values.count
    let exact = LeafKey(length: length, first: tokens.leadingKey)
    if leaves[exact] != nil || tokens.leadingKey == LogTokenizer.wildcard { return (exact, false) }
    if firstTokensPerLength[length, default: 0] >= configuration.maxChildrenPerLength {
      return (LeafKey(length: length, first: LogTokenizer.wildcard), false)
    }
    return (exact, true)
  }

  /// Forgets the evidence of every group (the memory cap was reached).
  private mutating func forgetEvidence() {
    for index in groups.indices { groups[index].evidence.removeAll() }
    evidenceEntries = 0
  }

  /// The groups of the leaf `tokens` would go to, when it exists.
  private func existingLeaf(for tokens: LogTokens) -> [Int]? {
    let length = tokens.values.count
    if let exact = leaves[LeafKey(length: length, first: tokens.leadingKey)] { return exact }
    if tokens.leadingKey != LogTokenizer.wildcard,
      firstTokensPerLength[length, default: 0] < configuration.maxChildrenPerLength
    {
      return nil
    }
    return leaves[LeafKey(length: length, first: LogTokenizer.wildcard)]
  }

  /// The most similar group of a leaf and whether it passes the threshold.
  private func bestGroup(in leaf: [Int], for values: [UInt64]) -> (Int, Bool)? {
    var best: Int?
    var bestEqual = -1
    var bestWildcards = -1
    for index in leaf {
      let (equal, wildcards) = groups[index].similarity(to: values)
      if equal > bestEqual || (equal == bestEqual && wildcards > bestWildcards) {
        best = index
        bestEqual = equal
        bestWildcards = wildcards
        if equal == values.count { break }
      }
    }
    guard let best else { return nil }
    let needed = configuration.similarityThreshold * Double(values.count)
    return (best, values.isEmpty || Double(bestEqual) >= needed)
  }

  /// Re-keys a group's patterns after a position became variable, merging those that now
  /// share a key into the oldest, then relearns the group's evidence from the survivors
  /// (which may make more positions variable, and so on until nothing changes).
  private mutating func rekeyPatterns(ofGroup index: Int) {
    while true {
      let ids = Set(groups[index].patternsByKey.values.map { currentID(of: $0) }).sorted()
      var rekeyed: [UInt64: Int] = [:]
      for id in ids where id != overflowID {
        let key = groups[index].patternKey(records[id].template)
        if let survivor = rekeyed[key] {
          merge(id, into: survivor)
        } else {
          rekeyed[key] = id
        }
      }
      groups[index].patternsByKey = rekeyed
      let templates = rekeyed.values.sorted().map { records[$0].template }
      if !groups[index].relearn(from: templates, configuration: configuration) { return }
    }
  }

  private mutating func merge(_ id: Int, into survivor: Int) {
    let absorbed = records[id]
    records[survivor].count += absorbed.count
    Self.widen(&records[survivor].template, with: absorbed.template)
    records[id] = PatternRecord(template: [], sample: "", mergedInto: survivor)
    livePatterns -= 1
  }

  private mutating func overflow(_ line: String) -> Int {
    if let overflowID { return overflowID }
    let id = records.count
    records.append(PatternRecord(template: [], sample: sample(line)))
    overflowID = id
    return id
  }

  /// `line` cut to `maxLineBytes` bytes (at a character boundary), as kept for a sample.
  private func sample(_ line: String) -> String {
    let utf8 = line.utf8
    guard utf8.count > configuration.maxLineBytes else { return line }
    var end = utf8.index(utf8.startIndex, offsetBy: configuration.maxLineBytes)
    // Back off over UTF-8 continuation bytes so the cut does not split a character.
    while end > utf8.startIndex, utf8[end] & 0xc0 == 0x80 { end = utf8.index(before: end) }
    return String(line[..<end])
  }

  /// Follows merges, shortening the path for next time.
  private mutating func resolve(_ id: Int) -> Int {
    let current = currentID(of: id)
    if current != id { records[id].mergedInto = current }
    return current
  }

  private static func widen(_ template: inout [UInt64], with values: [UInt64]) {
    guard template.count == values.count else { return }
    for position in template.indices where template[position] != values[position] {
      template[position] = LogTokenizer.wildcard
    }
  }
}

/// A node of the parse tree below the token count: the first token, or the wildcard.
private struct LeafKey: Hashable, Sendable {
  var length: Int
  var first: UInt64
}

/// What the miner keeps per pattern.
private struct PatternRecord: Sendable {
  var template: [UInt64]
  var sample: String
  var count = 0
  var mergedInto: Int?

  init(template: [UInt64], sample: String, mergedInto: Int? = nil) {
    self.template = template
    self.sample = sample
    self.mergedInto = mergedInto
  }
}
