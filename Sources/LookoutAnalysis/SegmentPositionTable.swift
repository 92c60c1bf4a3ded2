/// The learning state of ``RouteTemplater``: per segment position, the distinct values seen
/// and whether the position has been decided variable. See ``RouteTemplater/Learning``.
struct SegmentPositionTable: Sendable {
  /// What one observation of a value at a position means for the output.
  enum Outcome {
    /// Print the segment as it is.
    case literal
    /// Print the learned placeholder.
    case masked
  }

  /// The learning options as plain numbers, cheap to pass on the hot path.
  struct Thresholds: Sendable {
    var minDistinct: UInt32
    var rareCount: UInt32
    var rareShare: Double
    var literalShare: Double
    var maxTrackedValues: Int
    var maxPositions: Int

    /// The thresholds of `learning`.
    init(_ learning: RouteTemplater.Learning) {
      minDistinct = UInt32(clamping: learning.minDistinctValues)
      rareCount = UInt32(clamping: learning.rareCount)
      rareShare = learning.rareShare
      literalShare = learning.literalShare
      maxTrackedValues = learning.maxTrackedValues
      maxPositions = learning.maxPositions
    }
  }

  /// Counters of one position.
  struct Position: Sendable {
    /// Hashes of the values tracked, at most `maxTrackedValues`; scanned linearly, which beats
    /// hashing for the handful of values a static position has.
    var values: [UInt64] = []
    /// Times each tracked value was seen.
    var counts: [UInt32] = []
    var observations: UInt32 = 0
    /// Distinct values seen, including untracked ones.
    var distinct: UInt32 = 0
    /// Distinct values seen at most `rareCount` times.
    var rare: UInt32 = 0
    var isVariable = false
    /// Hashes of the frequent values that stay literal at a variable position.
    var literals: [UInt64] = []

    /// Counts one sighting of `value` and decides the position when the rule says so.
    mutating func observe(_ value: UInt64, _ limits: Thresholds) -> Outcome {
      if isVariable { return literals.contains(value) ? .literal : .masked }
      if observations < .max { observations += 1 }
      if let slot = values.firstIndex(of: value) {
        let seen = counts[slot]
        if seen < .max { counts[slot] = seen + 1 }
        if seen == limits.rareCount { rare -= 1 }
        return .literal
      }
      if distinct < .max {
        distinct += 1
        rare += 1
      }
      if values.count < limits.maxTrackedValues {
        values.append(value)
        counts.append(1)
      }
      guard distinct >= limits.minDistinct, Double(rare) >= limits.rareShare * Double(distinct)
      else { return .literal }
      decide(limits)
      return .masked
    }

    /// Turns the position variable, keeping its frequent values literal.
    mutating func decide(_ limits: Thresholds) {
      let floor = limits.literalShare * Double(observations)
      literals = zip(values, counts).compactMap { value, seen in
        seen >= 3 && seen > limits.rareCount && Double(seen) >= floor ? value : nil
      }
      isVariable = true
      values = []
      counts = []
    }
  }

  /// Position key -> index into `positions`.
  private var index = HashKeyedTable<Int32>()
  private var positions: [Position] = []
  private var keys: [UInt64] = []
  /// Number of variable positions.
  private(set) var variableCount = 0
  /// New positions turned away since the table was last pruned.
  private var refusals = 0

  /// Counts `value` at position `key` and says how to print it.
  @inline(__always)
  mutating func observe(key: UInt64, value: UInt64, limits: Thresholds) -> Outcome {
    if let slot = index.value(for: key) {
      let position = Int(slot)
      if positions[position].isVariable {
        return positions[position].literals.contains(value) ? .literal : .masked
      }
      let outcome = positions[position].observe(value, limits)
      if positions[position].isVariable { variableCount += 1 }
      return outcome
    }
    guard makeRoom(limits) else { return .literal }
    var position = Position()
    let outcome = position.observe(value, limits)
    if position.isVariable { variableCount += 1 }
    index.set(Int32(positions.count), for: key)
    positions.append(position)
    keys.append(key)
    return outcome
  }

  /// Whether `value` at position `key` prints as the learned placeholder.
  func isMasked(key: UInt64, value: UInt64) -> Bool {
    guard let slot = index.value(for: key) else { return false }
    let position = positions[Int(slot)]
    return position.isVariable && !position.literals.contains(value)
  }

  /// Takes over every position `other` has decided variable.
  mutating func absorbVariables(from other: SegmentPositionTable) {
    for (offset, theirs) in other.positions.enumerated() where theirs.isVariable {
      let key = other.keys[offset]
      guard let slot = index.value(for: key) else {
        index.set(Int32(positions.count), for: key)
        positions.append(theirs)
        keys.append(key)
        variableCount += 1
        continue
      }
      let position = Int(slot)
      if positions[position].isVariable {
        for literal in theirs.literals where !positions[position].literals.contains(literal) {
          positions[position].literals.append(literal)
        }
      } else {
        positions[position] = theirs
        variableCount += 1
      }
    }
  }

  /// Whether a new position may be tracked; prunes rarely seen undecided positions when full.
  private mutating func makeRoom(_ limits: Thresholds) -> Bool {
    guard positions.count >= limits.maxPositions else { return true }
    // Pruning scans the table, so after a fruitless pass wait for as many refusals as the
    // table holds before trying again: the cost stays O(1) per request on average.
    if refusals > 0 && refusals < limits.maxPositions {
      refusals += 1
      return false
    }
    let kept = positions.indices.filter {
      positions[$0].isVariable || positions[$0].observations > 2
    }
    positions = kept.map { positions[$0] }
    keys = kept.map { keys[$0] }
    index = HashKeyedTable(capacity: limits.maxPositions)
    for (offset, key) in keys.enumerated() { index.set(Int32(offset), for: key) }
    if positions.count >= limits.maxPositions * 3 / 4 {
      refusals = 1
      return positions.count < limits.maxPositions
    }
    refusals = 0
    return true
  }
}
