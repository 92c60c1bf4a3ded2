/// One parenthesis level's chain of `select ... union [all] select ...`, for collapsing
/// repeats of the same `SELECT` the way pt-query-digest does:
/// `select a from t union select a from t` -> `select a from t /*repeat union*/`.
struct UnionChain {
  /// Output index where the segment repeats are compared with starts (its `select`).
  var segmentStart = -1
  /// Output index where that segment ends, before ` union`.
  var segmentEnd = -1
  /// Output index of a `/*repeat ...*/` marker written after the segment.
  var markerStart = -1
  /// Output index of the `select` after the latest `union`.
  var candidateStart = -1
  /// Whether a `union` was read since the compared segment.
  var awaitsCandidate = false
  /// Whether the latest union is `union all`.
  var isAll = false
}

extension MySQLFingerprintPass {
  /// Notes a `select` whose first byte will be at output index `start`.
  mutating func noteSelect(at start: Int) {
    let depth = unions.count - 1
    if unions[depth].segmentStart < 0 {
      unions[depth].segmentStart = start
    } else if unions[depth].awaitsCandidate, unions[depth].candidateStart < 0 {
      unions[depth].candidateStart = start
    }
  }

  /// Notes a `union` that will be written from output index `start` (its leading space).
  mutating func noteUnion(at start: Int) {
    let depth = unions.count - 1
    guard unions[depth].segmentStart >= 0 else { return }
    endUnionSegment(at: start, final: false)
    if unions[depth].segmentEnd < 0 { unions[depth].segmentEnd = start }
    unions[depth].awaitsCandidate = true
    unions[depth].isAll = false
  }

  /// Ends the `SELECT` after a `union` at output index `end`; when it repeats the segment
  /// before, it is replaced by a marker. A `final` segment (ended by `)` or the end of the
  /// statement) may repeat it and go on with `order by` or `limit`, which then apply to the
  /// whole union and stay.
  mutating func endUnionSegment(at end: Int, final: Bool) {
    let depth = unions.count - 1
    let chain = unions[depth]
    guard chain.awaitsCandidate, chain.candidateStart >= 0 else { return }
    defer {
      unions[depth].awaitsCandidate = false
      unions[depth].candidateStart = -1
    }
    let segment = chain.segmentStart..<chain.segmentEnd
    let candidate = chain.candidateStart..<end
    var tail: [UInt8] = []
    if !output.equal(candidate, segment) {
      // The candidate may repeat the segment and go on with `order by` or `limit`.
      let restStart = candidate.lowerBound + segment.count
      guard final, candidate.count > segment.count + 1,
        output.equal(candidate.lowerBound..<restStart, segment), output[restStart] == SQLByte.space,
        output.hasPrefix("order by ", at: restStart + 1)
          || output.hasPrefix("limit ", at: restStart + 1)
      else {
        unions[depth].segmentStart = chain.candidateStart
        unions[depth].segmentEnd = end
        unions[depth].markerStart = -1
        return
      }
      tail = output.copy(restStart..<end)
    }
    let markerStart = chain.markerStart >= 0 ? chain.markerStart : chain.segmentEnd
    output.truncate(to: markerStart)
    output.append(chain.isAll ? " /*repeat union all*/" : " /*repeat union*/")
    output.append(tail)
    unions[depth].markerStart = markerStart
  }
}
