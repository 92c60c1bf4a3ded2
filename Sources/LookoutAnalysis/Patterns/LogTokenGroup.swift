/// A Drain cluster: lines of one token count whose tokens are mostly equal, with the evidence
/// that decides which differing positions are variables.
///
/// Inside a group, a position becomes a variable once
/// ``LogPatternConfiguration/distinctValuesForVariable`` different values were seen there
/// among lines that agree on every other non-variable position (or a masked value and a word
/// were both seen there). Until then lines that differ at that position belong to different
/// patterns of the group. The lines of a pattern agree on every non-variable position, so a
/// pattern is found by the additive hash of those positions (its key).
struct LogTokenGroup: Sendable {
  /// The tokens every line of the group shares; `0` where they differ.
  var template: [UInt64]
  /// The number of wildcards in the template.
  private(set) var wildcardCount: Int
  /// Positions decided to be variables (masked tokens are from the start).
  var isVariable: [Bool]
  /// Values seen at a position among lines equal elsewhere, keyed by position and the rest.
  var evidence: [UInt64: [UInt64]] = [:]
  /// The group's patterns by their key.
  var patternsByKey: [UInt64: Int] = [:]

  /// A group holding one line.
  init(first values: [UInt64]) {
    template = values
    isVariable = values.map { $0 == LogTokenizer.wildcard }
    wildcardCount = isVariable.count { $0 }
  }

  /// The number of positions where `values` equals the template (masked tokens included),
  /// and the number of wildcards in the template (Drain's tie-breaker).
  func similarity(to values: [UInt64]) -> (equal: Int, wildcards: Int) {
    let equal = template.withUnsafeBufferPointer { template in
      values.withUnsafeBufferPointer { values in
        var equal = 0
        for position in 0..<min(template.count, values.count)
        where template[position] == values[position] {
          equal += 1
        }
        return equal
      }
    }
    return (equal, wildcardCount)
  }

  /// The key of the pattern a line (or a pattern template) with `values` belongs to.
  func patternKey(_ values: [UInt64]) -> UInt64 {
    var key: UInt64 = 0
    for position in values.indices {
      let value = isVariable[position] ? LogTokenizer.wildcard : values[position]
      key = key &+ TokenHash.positioned(position, value)
    }
    return key
  }

  /// Adds a new token sequence: widens the template, records evidence, and reports whether
  /// a position became a variable (then the patterns must be re-keyed).
  mutating func learn(_ values: [UInt64], configuration: LogPatternConfiguration) -> Bool {
    for position in template.indices where template[position] != values[position] {
      if template[position] != LogTokenizer.wildcard { wildcardCount += 1 }
      template[position] = LogTokenizer.wildcard
    }
    return record(values, configuration: configuration)
  }

  /// Forgets the evidence and records it again from the patterns' templates, with the
  /// variables known now; reports whether more positions became variables.
  ///
  /// Evidence recorded before a position became a variable was keyed with that position's
  /// value, so lines differing there never counted as equal elsewhere; relearning lets them.
  mutating func relearn(from templates: [[UInt64]], configuration: LogPatternConfiguration)
    -> Bool
  {
    evidence.removeAll(keepingCapacity: true)
    var changed = false
    for values in templates where values.count == template.count {
      changed = record(values, configuration: configuration) || changed
    }
    return changed
  }

  /// Records the value of each non-variable position of `values` under the rest of the line,
  /// turning a position into a variable when its evidence is enough.
  private mutating func record(_ values: [UInt64], configuration: LogPatternConfiguration)
    -> Bool
  {
    var key = patternKey(values)
    var changed = false
    for position in values.indices where !isVariable[position] {
      let value = values[position]
      let rest =
        key &- TokenHash.positioned(position, value)
        &+ TokenHash.positioned(position, LogTokenizer.wildcard)
      let evidenceKey = TokenHash.mix(rest ^ UInt64(truncatingIfNeeded: position))
      var seen = evidence[evidenceKey, default: []]
      if !seen.contains(value), seen.count < configuration.distinctValuesForVariable {
        seen.append(value)
        evidence[evidenceKey] = seen
      }
      let mixesMaskedAndWord = seen.count >= 2 && seen.contains(LogTokenizer.wildcard)
      if seen.count >= configuration.distinctValuesForVariable || mixesMaskedAndWord {
        isVariable[position] = true
        key = rest
        changed = true
      }
    }
    return changed
  }
}
