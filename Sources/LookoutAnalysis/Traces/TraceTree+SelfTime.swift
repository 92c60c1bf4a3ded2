extension TraceTree {
  /// Each span's self time, µs: its duration minus the time covered by its children.
  ///
  /// Children's intervals are clipped to the span first, so an async child that outlives
  /// its parent, or one that starts before it (clock skew), only covers the part inside the
  /// span; overlapping children (parallel calls) cover their union once. Self time is never
  /// negative and never more than the span's duration.
  ///
  /// - Returns: One value per span, by the span's index in ``spans``. Linear in the number
  ///   of spans (children are already sorted by start).
  public func selfTimes() -> [Int64] {
    spans.indices.map { selfTime(ofSpanAt: $0) }
  }

  /// The self time of one span, see ``selfTimes()``.
  ///
  /// - Parameter index: The span's index in ``spans``.
  public func selfTime(ofSpanAt index: Int) -> Int64 {
    let span = spans[index]
    let spanStart = span.start
    let spanEnd = span.clampedEnd
    var covered: Int64 = 0
    // Sweep of the clipped intervals in start order (clipping keeps that order), keeping
    // the end of the union so far.
    var unionEnd = spanStart
    for child in childIndices[index] {
      let childStart = max(spans[child].start, unionEnd)
      let childEnd = min(spans[child].clampedEnd, spanEnd)
      if childEnd > childStart {
        covered += childEnd - childStart
        unionEnd = childEnd
      }
    }
    return (spanEnd - spanStart) - covered
  }
}
