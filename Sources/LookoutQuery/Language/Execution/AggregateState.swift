import Foundation

/// The running state of one aggregate over every group of a `stats`: parallel arrays indexed
/// by group number, so a batch updates them in one tight loop.
struct AggregateState: Sendable {
  /// The aggregate functions.
  enum Function: Sendable, Equatable {
    case countRows, count, sum, avg, min, max, stddev, countDistinct, earliest, latest
    case sortsFirst, sortsLast
    case percentile(Double)
  }

  let function: Function
  /// The argument; nil for `count(*)`.
  let argument: Expression?
  private(set) var groupCount = 0
  private var counts: [Int64] = []
  private var sums: [Double] = []
  private var extremes: [Double] = []
  private var means: [Double] = []
  private var squares: [Double] = []
  private var samples: [[Double]] = []
  private var distinct: [DistinctCounter] = []
  private var picks: [QueryValue] = []
  private var pickTimes: [Int64] = []
  /// Whether every input so far was an integer column, so sums and extremes print as
  /// integers.
  private var integerInput = true
  /// Rows seen, standing in for time where a table has no `@timestamp`.
  private var sequence: Int64 = 0

  init(function: Function, argument: Expression?) {
    self.function = function
    self.argument = argument
  }

  /// The state for the aggregate call `expression` (checked by the planner).
  init(_ expression: Expression) {
    guard case .call(let name, let arguments) = expression.kind else {
      self.init(function: .countRows, argument: nil)
      return
    }
    let argument = arguments.first.flatMap { $0.kind == .star ? nil : $0 }
    let function: Function
    switch name.lowercased() {
    case "count": function = argument == nil ? .countRows : .count
    case "sum": function = .sum
    case "avg": function = .avg
    case "min": function = .min
    case "max": function = .max
    case "stddev": function = .stddev
    case "count_distinct": function = .countDistinct
    case "earliest": function = .earliest
    case "latest": function = .latest
    case "sortsfirst": function = .sortsFirst
    case "sortslast": function = .sortsLast
    default:
      var p = 50.0
      if arguments.count == 2, case .literal(let literal) = arguments[1].kind {
        p = literal.value.doubleValue ?? 50
      }
      function = .percentile(p)
    }
    self.init(function: function, argument: argument)
  }

  /// Makes room for groups up to `count`.
  mutating func grow(to count: Int) {
    guard count > groupCount else { return }
    let extra = count - groupCount
    groupCount = count
    switch function {
    case .countRows, .count: counts += [Int64](repeating: 0, count: extra)
    case .sum:
      sums += [Double](repeating: 0, count: extra)
      counts += [Int64](repeating: 0, count: extra)
    case .avg:
      sums += [Double](repeating: 0, count: extra)
      counts += [Int64](repeating: 0, count: extra)
    case .min, .max:
      extremes += [Double](repeating: function == .min ? .infinity : -.infinity, count: extra)
      counts += [Int64](repeating: 0, count: extra)
    case .stddev:
      counts += [Int64](repeating: 0, count: extra)
      means += [Double](repeating: 0, count: extra)
      squares += [Double](repeating: 0, count: extra)
    case .percentile: samples += [[Double]](repeating: [], count: extra)
    case .countDistinct: distinct += [DistinctCounter](repeating: DistinctCounter(), count: extra)
    case .earliest, .latest, .sortsFirst, .sortsLast:
      picks += [QueryValue](repeating: .null, count: extra)
      pickTimes += [Int64](repeating: 0, count: extra)
    }
  }

  /// Adds one batch: `column` is the evaluated argument (nil for `count(*)`), `times` the
  /// batch's `@timestamp` values when it has them, `groups` the group of each row.
  mutating func add(_ column: QueryColumn?, times: [Int64]?, groups: [Int32]) {
    let rows = groups.count
    defer { sequence &+= Int64(rows) }
    switch function {
    case .countRows:
      counts.withUnsafeMutableBufferPointer { counts in
        for g in groups { counts[Int(g)] &+= 1 }
      }
    case .count:
      guard let column else { return }
      counts.withUnsafeMutableBufferPointer { counts in
        for i in 0..<rows where column.isPresent(i) { counts[Int(groups[i])] &+= 1 }
      }
    case .sum, .avg:
      guard let column else { return }
      if !column.holdsIntegers { integerInput = false }
      let (values, present) = column.numbers()
      sums.withUnsafeMutableBufferPointer { sums in
        counts.withUnsafeMutableBufferPointer { counts in
          if let present {
            for i in 0..<rows where present[i] {
              sums[Int(groups[i])] += values[i]
              counts[Int(groups[i])] &+= 1
            }
          } else {
            for i in 0..<rows {
              sums[Int(groups[i])] += values[i]
              counts[Int(groups[i])] &+= 1
            }
          }
        }
      }
    case .min, .max:
      guard let column else { return }
      if !column.holdsIntegers { integerInput = false }
      let (values, present) = column.numbers()
      let isMin = function == .min
      for i in 0..<rows where present?[i] ?? true {
        let g = Int(groups[i])
        if isMin ? values[i] < extremes[g] : values[i] > extremes[g] { extremes[g] = values[i] }
        counts[g] &+= 1
      }
    case .stddev:
      guard let column else { return }
      let (values, present) = column.numbers()
      for i in 0..<rows where present?[i] ?? true {
        // Welford's update, stable for large counts.
        let g = Int(groups[i])
        counts[g] &+= 1
        let delta = values[i] - means[g]
        means[g] += delta / Double(counts[g])
        squares[g] += delta * (values[i] - means[g])
      }
    case .percentile:
      guard let column else { return }
      let (values, present) = column.numbers()
      for i in 0..<rows where present?[i] ?? true { samples[Int(groups[i])].append(values[i]) }
    case .countDistinct:
      guard let column else { return }
      if case .dictionary(let codes, let dictionary) = column.values {
        let hashes = dictionary.map { DistinctCounter.hash($0) }
        for i in 0..<rows where column.isPresent(i) && hashes.indices.contains(Int(codes[i])) {
          distinct[Int(groups[i])].insert(hashes[Int(codes[i])])
        }
      } else {
        for i in 0..<rows where column.isPresent(i) {
          distinct[Int(groups[i])].insert(DistinctCounter.hash(column.value(at: i)))
        }
      }
    case .earliest, .latest:
      guard let column else { return }
      let isEarliest = function == .earliest
      for i in 0..<rows where column.isPresent(i) {
        let g = Int(groups[i])
        let time = times?[i] ?? (sequence &+ Int64(i))
        let empty = picks[g].isNull
        if empty || (isEarliest ? time < pickTimes[g] : time >= pickTimes[g]) {
          picks[g] = column.value(at: i)
          pickTimes[g] = time
        }
      }
    case .sortsFirst, .sortsLast:
      guard let column else { return }
      let wanted: ComparisonOrder = function == .sortsFirst ? .ascending : .descending
      for i in 0..<rows where column.isPresent(i) {
        let g = Int(groups[i])
        let value = column.value(at: i)
        if picks[g].isNull || ComparisonOrder(QueryValue.compare(value, picks[g])) == wanted {
          picks[g] = value
        }
      }
    }
  }

  /// Folds `other` in; `mapping[g]` is this state's group for `other`'s group `g`.
  mutating func merge(_ other: AggregateState, mapping: [Int]) {
    if !other.integerInput { integerInput = false }
    for (source, target) in mapping.enumerated() {
      switch function {
      case .countRows, .count: counts[target] &+= other.counts[source]
      case .sum, .avg:
        sums[target] += other.sums[source]
        counts[target] &+= other.counts[source]
      case .min:
        extremes[target] = Swift.min(extremes[target], other.extremes[source])
        counts[target] &+= other.counts[source]
      case .max:
        extremes[target] = Swift.max(extremes[target], other.extremes[source])
        counts[target] &+= other.counts[source]
      case .stddev:
        // Chan et al.'s parallel combination of two Welford states.
        let n1 = Double(counts[target])
        let n2 = Double(other.counts[source])
        guard n2 > 0 else { continue }
        let total = n1 + n2
        let delta = other.means[source] - means[target]
        means[target] += delta * n2 / total
        squares[target] += other.squares[source] + delta * delta * n1 * n2 / total
        counts[target] &+= other.counts[source]
      case .percentile: samples[target] += other.samples[source]
      case .countDistinct: distinct[target].merge(other.distinct[source])
      case .earliest, .latest:
        guard !other.picks[source].isNull else { continue }
        let better =
          function == .earliest
          ? other.pickTimes[source] < pickTimes[target]
          : other.pickTimes[source] >= pickTimes[target]
        if picks[target].isNull || better {
          picks[target] = other.picks[source]
          pickTimes[target] = other.pickTimes[source]
        }
      case .sortsFirst, .sortsLast:
        let value = other.picks[source]
        guard !value.isNull else { continue }
        let wanted: ComparisonOrder = function == .sortsFirst ? .ascending : .descending
        if picks[target].isNull
          || ComparisonOrder(QueryValue.compare(value, picks[target])) == wanted
        {
          picks[target] = value
        }
      }
    }
  }

  /// The result for group `g`.
  func value(_ g: Int) -> QueryValue {
    switch function {
    case .countRows, .count: return .int(counts[g])
    case .sum:
      guard counts[g] > 0 else { return .null }
      return integerInput && sums[g].magnitude < 9e15 ? .int(Int64(sums[g])) : .double(sums[g])
    case .avg: return counts[g] > 0 ? .double(sums[g] / Double(counts[g])) : .null
    case .min, .max:
      guard counts[g] > 0 else { return .null }
      return integerInput && extremes[g].magnitude < 9e15
        ? .int(Int64(extremes[g])) : .double(extremes[g])
    case .stddev:
      // The sample standard deviation (n - 1), as SQL's STDDEV.
      return counts[g] > 1 ? .double((squares[g] / Double(counts[g] - 1)).squareRoot()) : .null
    case .percentile(let p):
      return AggregateState.percentile(samples[g], p).map { .double($0) } ?? .null
    case .countDistinct: return .int(distinct[g].count)
    case .earliest, .latest, .sortsFirst, .sortsLast: return picks[g]
    }
  }

  /// The exact `p`th percentile by nearest rank: the smallest value with at least p% of the
  /// values at or below it.
  static func percentile(_ values: [Double], _ p: Double) -> Double? {
    guard !values.isEmpty else { return nil }
    var sorted = values
    let rank = Swift.max(1, Int((p / 100 * Double(values.count)).rounded(.up)))
    let index = Swift.min(values.count - 1, rank - 1)
    sorted.withUnsafeMutableBufferPointer { quickselect($0, index) }
    return sorted[index]
  }

  /// Rearranges `values` so that `values[k]` holds the value it would hold sorted.
  private static func quickselect(_ values: UnsafeMutableBufferPointer<Double>, _ k: Int) {
    var low = 0
    var high = values.count - 1
    var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    while low < high {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let pivot = values[low + Int((seed >> 33) % UInt64(high - low + 1))]
      var i = low
      var j = high
      while i <= j {
        while values[i] < pivot { i += 1 }
        while values[j] > pivot { j -= 1 }
        if i <= j {
          values.swapAt(i, j)
          i += 1
          j -= 1
        }
      }
      if k <= j {
        high = j
      } else if k >= i {
        low = i
      } else {
        return
      }
    }
  }
}

/// Ascending or descending, from a ``ComparisonResult``.
enum ComparisonOrder: Equatable {
  case ascending, same, descending

  init(_ result: ComparisonResult) {
    switch result {
    case .orderedAscending: self = .ascending
    case .orderedSame: self = .same
    case .orderedDescending: self = .descending
    }
  }
}
