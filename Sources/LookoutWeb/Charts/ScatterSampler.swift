/// Chooses which points a ``ScatterChart`` draws when there are more than it may draw.
///
/// A browser stays responsive with a few thousand SVG circles, not with a hundred thousand,
/// yet a plain sample would hide exactly the points someone opens a latency scatter to find.
/// So, for a cap of `n`:
///
/// 1. Error points get up to a quarter of the cap (more when there are too few ok points to
///    fill the rest), taken evenly spaced in time.
/// 2. The slowest ok points get up to a twentieth of the cap, so outliers never vanish.
/// 3. The remaining ok points fill what is left, evenly spaced in time (every k-th point, the
///    first one included).
///
/// The choice depends only on the points and their order, so a page reload draws the same
/// dots.
///
/// ```swift
/// let drawn = ScatterSampler.sample(points, cap: 5_000)   // indexes into points, ascending
/// ```
enum ScatterSampler {
  /// Indexes (ascending) of the points of `points` to draw, at most `cap` of them.
  ///
  /// - Parameters:
  ///   - points: The points in time order.
  ///   - cap: Largest number of points to return (values below 1 are treated as 1).
  static func sample(_ points: [ScatterPoint], cap: Int) -> [Int] {
    let cap = max(cap, 1)
    guard points.count > cap else { return Array(points.indices) }
    let errors = points.indices.filter { points[$0].isError }
    let ok = points.indices.filter { !points[$0].isError }
    let errorsTaken = min(errors.count, max(cap / 4, cap - ok.count))
    let okTaken = min(ok.count, cap - errorsTaken)
    let slowTaken = min(okTaken, cap / 20)
    let slowest = ok.sorted {
      (points[$0].durationMilliseconds, -$0) > (points[$1].durationMilliseconds, -$1)
    }.prefix(slowTaken)
    let slowSet = Set(slowest)
    let rest = ok.filter { !slowSet.contains($0) }
    let chosen =
      evenlySpaced(errors, count: errorsTaken) + Array(slowest)
      + evenlySpaced(rest, count: okTaken - slowTaken)
    return chosen.sorted()
  }

  /// `count` elements of `items` spread evenly over it, the first one included.
  static func evenlySpaced(_ items: [Int], count: Int) -> [Int] {
    guard count < items.count else { return items }
    guard count > 0 else { return [] }
    return (0..<count).map { items[$0 * items.count / count] }
  }
}
