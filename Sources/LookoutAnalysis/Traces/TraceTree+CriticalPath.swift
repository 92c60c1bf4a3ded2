extension TraceTree {
  /// The critical path of the root span (``rootIndex``), as Jaeger computes it.
  ///
  /// **Algorithm.** Children are first clipped to their parent's (clipped) interval, and
  /// children left with no length are ignored, so async work that outlives its parent and
  /// clock-skewed starts cannot push the path outside the root. Then, starting at the root
  /// with the point in time at its end:
  ///
  /// 1. Among the current span's children that finish at or before the point, take the one
  ///    that finishes last (the *last finishing child*; ties go to the earlier start).
  /// 2. If there is one, the current span owns the time from that child's end to the point;
  ///    descend into the child with the point at the child's end, and when the child is
  ///    done, continue in the current span with the point at the child's start.
  /// 3. If there is none, the current span owns the time from its own start to the point,
  ///    and the walk returns to the parent.
  ///
  /// A child skipped because it finished after the point stays skipped (the point only moves
  /// earlier), and each child is taken at most once, so the walk is `O(n log n)` (sorting
  /// each parent's children by end) and needs no recursion. Spans outside the root's subtree
  /// (other roots, orphans) are not on the path.
  ///
  /// - Returns: Segments in time order that tile the root's interval, or an empty path for
  ///   an empty trace.
  public func criticalPath() -> CriticalPath {
    CriticalPath(
      segments: criticalPathSegments().map {
        CriticalPath.Segment(spanID: spans[$0.index].spanID, start: $0.start, end: $0.end)
      })
  }

  /// The walk of ``criticalPath()``, with spans as indices into ``spans``.
  func criticalPathSegments() -> [(index: Int, start: Int64, end: Int64)] {
    guard let root = rootIndex else { return [] }
    var reversed: [(index: Int, start: Int64, end: Int64)] = []
    let rootStart = spans[root].start
    let rootEnd = spans[root].clampedEnd
    var stack = [
      CriticalPathFrame(
        index: root, start: rootStart, end: rootEnd, point: rootEnd,
        candidates: childrenByEnd(of: root))
    ]
    while let top = stack.indices.last {
      let frame = stack[top]
      var chosen: (index: Int, start: Int64, end: Int64)?
      var cursor = frame.cursor
      while cursor < frame.candidates.count, chosen == nil {
        let child = frame.candidates[cursor]
        cursor += 1
        let childStart = max(spans[child].start, frame.start)
        let childEnd = min(spans[child].clampedEnd, frame.end)
        if childEnd > childStart, childEnd <= frame.point {
          chosen = (child, childStart, childEnd)
        }
      }
      stack[top].cursor = cursor
      if let child = chosen {
        if child.end < frame.point {
          reversed.append((frame.index, child.end, frame.point))
        }
        // The parent resumes at the child's start once the child is done.
        stack[top].point = child.start
        stack.append(
          CriticalPathFrame(
            index: child.index, start: child.start, end: child.end, point: child.end,
            candidates: childrenByEnd(of: child.index)))
      } else {
        if frame.start < frame.point {
          reversed.append((frame.index, frame.start, frame.point))
        }
        stack.removeLast()
      }
    }
    return reversed.reversed()
  }

  /// A span's children, latest end first, then earliest start.
  private func childrenByEnd(of index: Int) -> [Int] {
    childIndices[index].sorted {
      let left = spans[$0]
      let right = spans[$1]
      if left.clampedEnd != right.clampedEnd { return left.clampedEnd > right.clampedEnd }
      return $0 < $1
    }
  }
}

/// One span being walked by ``TraceTree/criticalPath()``.
private struct CriticalPathFrame {
  /// The span's index.
  var index: Int
  /// Start of the span's interval, clipped to its parent's.
  var start: Int64
  /// End of the span's interval, clipped to its parent's.
  var end: Int64
  /// The moment the walk has reached in this span, moving backwards.
  var point: Int64
  /// The children, latest end first.
  var candidates: [Int]
  /// The first candidate not yet considered.
  var cursor = 0
}
