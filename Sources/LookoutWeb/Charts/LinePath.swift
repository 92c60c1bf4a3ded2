/// Path data (`d`) for a polyline that may have gaps.
///
/// Each run of consecutive points starts with `M` and continues with `L`; a `nil` point ends
/// the run, so the next point starts a new `M`. A point with no neighbour on either side is
/// drawn as a two-unit horizontal dash centred on it (`M x-1 y h2`), so isolated samples stay
/// visible whatever the stroke's line caps are.
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
          d += "M" + SVGWriter.number(point.x - 1) + " " + SVGWriter.number(point.y) + "h2"
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
