/// Path data (`d`) for a polyline that may have gaps.
///
/// Each run of consecutive points starts with `M` and continues with `L`; a `nil` point ends
/// the run, so the next point starts a new `M`. A point with no neighbour on either side is
/// drawn as a six-unit horizontal dash centred on it (`M x-3 y h6`, with round caps in the
/// stylesheet), so isolated samples, common for sparse signals such as slow queries, stay
/// visible.
enum LinePath {
  /// Builds the path data for `points` in viewBox units; empty when every point is nil.
  static func data(_ points: [(x: Double, y: Double)?]) -> String {
    var d = ""
    d.reserveCapacity(points.count * 14)
    for (index, point) in points.enumerated() {
      guard let point else { continue }
      let startsRun = index == 0 || points[index - 1] == nil
      if startsRun {
        let endsRun = index == points.count - 1 || points[index + 1] == nil
        if endsRun {
          d += "M" + SVGWriter.number(point.x - 3) + " " + SVGWriter.number(point.y) + "h6"
        } else {
          d += "M" + SVGWriter.number(point.x) + " " + SVGWriter.number(point.y)
        }
      } else {
        d += "L" + SVGWriter.number(point.x) + " " + SVGWriter.number(point.y)
      }
    }
    return d
  }
}
