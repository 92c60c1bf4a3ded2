import Foundation

/// Round ("nice") value-axis ticks from zero up to a maximum.
///
/// The tick step is 1, 2, 2.5 or 5 times a power of ten, the smallest such step that covers
/// `[0, max]` with at most `maxTicks` ticks (zero included). With the default of 5 that gives
/// 4 or 5 ticks; the last tick is the top of the axis and is at least `max`. A maximum that is
/// zero, negative or not finite (no data) gives the ticks of `[0, 1]`.
///
/// ```swift
/// ChartScale(max: 87).ticks   // [0, 25, 50, 75, 100]
/// ChartScale(max: 0).ticks    // [0, 0.25, 0.5, 0.75, 1]
/// ```
public struct ChartScale: Sendable, Equatable {
  /// Tick values, ascending, starting at 0; the last one is ``top``.
  public let ticks: [Double]
  /// Distance between consecutive ticks.
  public let step: Double

  /// The top of the axis: the last tick, at least the maximum the scale was built for.
  public var top: Double { ticks[ticks.count - 1] }

  /// Builds nice ticks covering `[0, max]`.
  ///
  /// - Parameters:
  ///   - max: Largest value to show; non-positive or non-finite values are treated as 1.
  ///   - maxTicks: Upper bound on the tick count, zero included (at least 2).
  ///   - minimumStep: Smallest allowed step, e.g. 1 for axes of whole counts.
  public init(max: Double, maxTicks: Int = 5, minimumStep: Double = 0) {
    let value = max.isFinite && max > 0 ? max : 1
    let intervals = Swift.max(maxTicks, 2) - 1
    let start = ChartScale.decimalExponent(value / Double(intervals)) - 1
    var chosen: (mantissa: Double, exponent: Int, count: Int)?
    search: for exponent in start...(start + 2) {
      for mantissa in ChartScale.mantissas {
        let step = ChartScale.scaled(mantissa, exponent)
        guard step >= minimumStep else { continue }
        let count = Swift.max(1, Int((value / step - 1e-9).rounded(.up)))
        if count <= intervals {
          chosen = (mantissa, exponent, count)
          break search
        }
      }
    }
    // Only reachable when minimumStep exceeds every candidate: one interval of minimumStep.
    guard let chosen else {
      let step = Swift.max(minimumStep, value)
      self.step = step
      self.ticks = [0, step]
      return
    }
    self.step = ChartScale.scaled(chosen.mantissa, chosen.exponent)
    self.ticks = (0...chosen.count).map {
      ChartScale.scaled(Double($0) * chosen.mantissa, chosen.exponent)
    }
  }

  /// Where `value` sits on the axis, from 0 (zero) to 1 (``top``), clamped to that range.
  public func fraction(_ value: Double) -> Double {
    guard value.isFinite else { return 0 }
    return Swift.min(Swift.max(value / top, 0), 1)
  }

  /// The allowed step mantissas, ascending.
  static let mantissas: [Double] = [1, 2, 2.5, 5]

  /// `floor(log10(value))` for a positive finite value, exact at powers of ten.
  static func decimalExponent(_ value: Double) -> Int {
    guard value.isFinite && value > 0 else { return 0 }
    var exponent = Int(log10(value).rounded(.down))
    if pow(10, Double(exponent + 1)) <= value { exponent += 1 }
    if pow(10, Double(exponent)) > value { exponent -= 1 }
    return exponent
  }

  /// `mantissa × 10^exponent`, dividing for negative exponents so that `3 × 10^-1` is `0.3`.
  static func scaled(_ mantissa: Double, _ exponent: Int) -> Double {
    exponent < 0
      ? mantissa / pow(10, Double(-exponent))
      : mantissa * pow(10, Double(exponent))
  }

  /// Fraction digits needed to print `step` (and its multiples) exactly, at most `limit`.
  static func decimals(for step: Double, limit: Int = 6) -> Int {
    guard step.isFinite && step > 0 else { return 0 }
    for digits in 0...limit {
      let scaled = step * pow(10, Double(digits))
      if abs(scaled - scaled.rounded()) < 1e-6 * Swift.max(1, scaled) { return digits }
    }
    return limit
  }
}
