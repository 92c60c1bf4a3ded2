/// Round UTC instants for the ticks of a time axis.
///
/// Chooses the smallest interval from a fixed list of round durations (1 s, 2 s, 5 s, ... 1 h,
/// 2 h, ... 1 d, 2 d, 7 d, ... 365 d, then multiples of 365 d) whose multiples since the epoch
/// fall at most `maxTicks` times in the half-open range `[from, to)`. That gives 5 to 7 ticks
/// for the usual ranges (an hour, a day, a week, a month).
struct TimeTicks: Sendable, Equatable {
  /// Distance between ticks, in microseconds.
  let interval: Int64
  /// Tick instants in microseconds, ascending, all within `[from, to)`.
  let instants: [Int64]

  /// Candidate intervals in seconds, ascending.
  static let candidateSeconds: [Int64] = [
    1, 2, 5, 10, 15, 20, 30,
    60, 120, 180, 300, 600, 900, 1_200, 1_800,
    3_600, 7_200, 10_800, 14_400, 21_600, 28_800, 43_200,
    86_400, 172_800, 259_200, 432_000, 604_800, 1_209_600,
    2_592_000, 5_184_000, 7_776_000, 15_552_000, 31_536_000,
  ]

  /// Picks the ticks for `[from, to)` (microseconds), at most `maxTicks` of them.
  init(from: Int64, to: Int64, maxTicks: Int = 7) {
    let limit = max(maxTicks, 1)
    var chosen = Int64(31_536_000_000_000)
    var found = false
    for seconds in TimeTicks.candidateSeconds {
      let interval = seconds * 1_000_000
      if TimeTicks.count(from: from, to: to, interval: interval) <= limit {
        chosen = interval
        found = true
        break
      }
    }
    if !found {
      // Beyond a year: 1, 2, 5 × 10^k years, until the interval would overflow.
      let year = chosen
      var magnitude: Int64 = 1
      widen: while true {
        for factor: Int64 in [1, 2, 5] {
          let (years, overflowYears) = magnitude.multipliedReportingOverflow(by: factor)
          let (interval, overflow) = year.multipliedReportingOverflow(by: years)
          if overflowYears || overflow { break widen }
          chosen = interval
          if TimeTicks.count(from: from, to: to, interval: interval) <= limit { break widen }
        }
        let (next, overflow) = magnitude.multipliedReportingOverflow(by: 10)
        if overflow { break }
        magnitude = next
      }
    }
    interval = chosen
    var instants: [Int64] = []
    var tick = TimeTicks.firstMultiple(atOrAfter: from, interval: chosen)
    while tick < to && instants.count <= limit {
      instants.append(tick)
      let (next, overflow) = tick.addingReportingOverflow(chosen)
      if overflow { break }
      tick = next
    }
    self.instants = instants
  }

  /// Number of multiples of `interval` in `[from, to)`.
  static func count(from: Int64, to: Int64, interval: Int64) -> Int {
    let first = firstMultiple(atOrAfter: from, interval: interval)
    guard first < to else { return 0 }
    let (span, overflow) = (to - 1).subtractingReportingOverflow(first)
    if overflow { return Int.max }
    return Int(span / interval) + 1
  }

  /// The smallest multiple of `interval` that is at least `value`.
  static func firstMultiple(atOrAfter value: Int64, interval: Int64) -> Int64 {
    let floored = CivilTime.floorDiv(value, interval) * interval
    if floored >= value { return floored }
    let (next, overflow) = floored.addingReportingOverflow(interval)
    return overflow ? Int64.max : next
  }
}
