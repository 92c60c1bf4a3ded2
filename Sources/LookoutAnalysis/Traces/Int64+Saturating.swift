extension Int64 {
  /// `self + other`, stopping at `Int64.max` / `Int64.min` instead of trapping: sums of
  /// durations from hostile input must not crash the server.
  func saturatingAdd(_ other: Int64) -> Int64 {
    let (sum, overflow) = addingReportingOverflow(other)
    guard overflow else { return sum }
    return other > 0 ? .max : .min
  }

  /// `self - other`, stopping at `Int64.max` / `Int64.min` instead of trapping.
  func saturatingSubtract(_ other: Int64) -> Int64 {
    let (difference, overflow) = subtractingReportingOverflow(other)
    guard overflow else { return difference }
    return other < 0 ? .max : .min
  }
}
