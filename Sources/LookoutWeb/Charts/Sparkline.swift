/// A tiny line chart without axes or labels, for tables and summary cards.
///
/// Points are spread evenly across the width; a `nil` (or non-finite) value breaks the line.
/// The vertical scale runs from `min(0, smallest value)` to `max(0, largest value)`, so that
/// sparklines of the same kind are comparable and small jitter does not look dramatic. With
/// no value at all (or only zeros) the path is a flat baseline; with exactly one value it is a
/// flat line at mid height. Stretches to its container (`preserveAspectRatio="none"`) and is
/// hidden from assistive technology, so pair it with a number in text.
///
/// ```swift
/// Sparkline(values: [3, 5, nil, 4], colorIndex: 2).svg()
/// ```
public struct Sparkline: Sendable {
  /// The values, oldest first; `nil` marks a gap.
  public var values: [Double?]
  /// Width of the viewBox.
  public var width: Int
  /// Height of the viewBox.
  public var height: Int
  /// Palette slot; the path uses CSS class `s{colorIndex mod 8}`.
  public var colorIndex: Int

  /// Creates a sparkline; nothing is computed until ``svg()``.
  ///
  /// - Parameters:
  ///   - values: The values, oldest first; `nil` marks a gap.
  ///   - width: Width of the viewBox (at least 1).
  ///   - height: Height of the viewBox (at least 4).
  ///   - colorIndex: Palette slot for the line.
  public init(values: [Double?], width: Int = 120, height: Int = 28, colorIndex: Int = 0) {
    self.values = values
    self.width = width
    self.height = height
    self.colorIndex = colorIndex
  }

  /// Renders the sparkline as an `<svg class="sparkline">` element holding one path.
  public func svg() -> String {
    let width = Double(Swift.max(self.width, 1))
    let height = Double(Swift.max(self.height, 4))
    var writer = SVGWriter(capacity: 256 + values.count * 14)
    writer.open(
      "svg",
      [
        ("class", "sparkline"),
        ("viewBox", "0 0 \(SVGWriter.number(width)) \(SVGWriter.number(height))"),
        ("preserveAspectRatio", "none"), ("aria-hidden", "true"),
        ("xmlns", "http://www.w3.org/2000/svg"),
      ])
    writer.element(
      "path",
      [
        ("class", "line \(ChartSeries.colorClass(colorIndex))"),
        ("d", pathData(width: width, height: height)),
      ])
    return writer.finish()
  }

  /// The path data: one inset unit is kept at the top and bottom for the stroke.
  private func pathData(width: Double, height: Double) -> String {
    let points = values.map { value in value.flatMap { $0.isFinite ? $0 : nil } }
    let present = points.compactMap { $0 }
    let baseline = height - 1
    func flat(at y: Double) -> String {
      "M0 \(SVGWriter.number(y))H\(SVGWriter.number(width))"
    }
    guard present.count > 1 else {
      return flat(at: present.isEmpty ? baseline : height / 2)
    }
    let low = Swift.min(0, present.min() ?? 0)
    let high = Swift.max(0, present.max() ?? 0)
    guard high > low else { return flat(at: baseline) }
    let last = Double(Swift.max(points.count - 1, 1))
    return LinePath.data(
      points.enumerated().map { index, value in
        value.map {
          (x: Double(index) / last * width, y: baseline - ($0 - low) / (high - low) * (height - 2))
        }
      })
  }
}
