/// Counts of a sketch between boundaries, for latency distribution charts.
extension QuantileSketch {
  /// How many added values fall in each interval `[boundaries[i], boundaries[i+1])`, by
  /// bucket representative (so within ``relativeAccuracy`` of the exact split), for
  /// ascending positive `boundaries`. Zeros and values below the first boundary count in
  /// the first interval and values at or above the last in the last, so the counts add up
  /// to every non-negative value of the sketch.
  ///
  /// ```swift
  /// sketch.histogram(boundaries: [1, 10, 100, 1000])  // [n(<10), n(10..<100), n(>=100)]
  /// ```
  public func histogram(boundaries: [Double]) -> [UInt64] {
    guard boundaries.count >= 2 else { return [] }
    var counts = [UInt64](repeating: 0, count: boundaries.count - 1)
    counts[0] = zeroCount
    guard positive.total > 0 else { return counts }
    var interval = 0
    var index = positive.minIndex
    while index <= positive.maxIndex {
      let bucketCount = positive.count(at: index)
      if bucketCount > 0 {
        let value = value(ofIndex: index)
        while interval < counts.count - 1 && value >= boundaries[interval + 1] { interval += 1 }
        counts[interval] &+= bucketCount
      }
      index += 1
    }
    return counts
  }
}
