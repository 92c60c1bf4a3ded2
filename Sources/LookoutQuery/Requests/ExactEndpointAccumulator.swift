import LookoutAnalysis
import LookoutCore
import LookoutStore

/// Aggregates raw request rows per (method, route) with every latency kept, so
/// percentiles are exact.
///
/// Groups live in a flat array; a (method, route) key finds its slot through a hash map,
/// looked up only when the key changes from the row before. Latencies are kept as `Int32`
/// microseconds (capped at about 35 minutes).
struct ExactEndpointAccumulator: Sendable {
  struct Group: Sendable {
    var method: UInt32
    var route: UInt32
    var domain: UInt32
    var count = 0
    var status4xx = 0
    var status5xx = 0
    var sumMicros: Int64 = 0
    var maxMicros: Int64 = 0
    var latencies: [Int32] = []
  }

  private(set) var groups: [Group] = []
  private var slots: [UInt64: Int] = [:]

  mutating func add(
    _ vectors: [Int: ColumnVector], range: TimeRange, dimensions: RequestDimensionFilter
  ) {
    guard case .int64(let timestamps)? = vectors[RequestColumn.timestamp.rawValue],
      case .dictionary(let environments)? = vectors[RequestColumn.environment.rawValue],
      case .dictionary(let domains)? = vectors[RequestColumn.domain.rawValue],
      case .dictionary(let methods)? = vectors[RequestColumn.method.rawValue],
      case .dictionary(let routes)? = vectors[RequestColumn.route.rawValue],
      case .int64(let statuses)? = vectors[RequestColumn.status.rawValue],
      case .int64(let durations)? = vectors[RequestColumn.duration.rawValue],
      case .int64(let upstreams)? = vectors[RequestColumn.upstream.rawValue]
    else { return }
    var lastKey = UInt64.max
    var lastSlot = 0
    for row in 0..<timestamps.count {
      let ts = timestamps[row]
      guard ts >= range.from, ts < range.to,
        dimensions.matches(
          environment: environments[row], domain: domains[row], route: routes[row],
          method: methods[row])
      else { continue }
      let key = UInt64(methods[row]) << 32 | UInt64(routes[row])
      if key != lastKey {
        lastKey = key
        if let slot = slots[key] {
          lastSlot = slot
        } else {
          lastSlot = groups.count
          slots[key] = lastSlot
          groups.append(Group(method: methods[row], route: routes[row], domain: domains[row]))
        }
      }
      let status = statuses[row]
      let duration = durations[row] != .min ? durations[row] : upstreams[row]
      groups[lastSlot].count += 1
      if status >= 400 && status < 500 { groups[lastSlot].status4xx += 1 }
      if status >= 500 && status < 600 { groups[lastSlot].status5xx += 1 }
      if duration != .min {
        groups[lastSlot].sumMicros += duration
        if duration > groups[lastSlot].maxMicros { groups[lastSlot].maxMicros = duration }
        groups[lastSlot].latencies.append(Int32(clamping: duration))
      }
    }
  }

  mutating func merge(_ other: ExactEndpointAccumulator) {
    for group in other.groups {
      let key = UInt64(group.method) << 32 | UInt64(group.route)
      if let slot = slots[key] {
        groups[slot].count += group.count
        groups[slot].status4xx += group.status4xx
        groups[slot].status5xx += group.status5xx
        groups[slot].sumMicros += group.sumMicros
        groups[slot].maxMicros = max(groups[slot].maxMicros, group.maxMicros)
        groups[slot].latencies.append(contentsOf: group.latencies)
      } else {
        slots[key] = groups.count
        groups.append(group)
      }
    }
  }

  func stats(dictionary: StringDictionary) -> [RouteStats] {
    groups.map { group in
      var latencies = group.latencies
      let timed = !latencies.isEmpty
      let p50 = ExactQuantile.select(&latencies, quantile: 0.5)
      let p95 = ExactQuantile.select(&latencies, quantile: 0.95)
      let p99 = ExactQuantile.select(&latencies, quantile: 0.99)
      return RouteStats(
        method: dictionary.value(group.method, column: RequestColumn.method.name),
        route: dictionary.value(group.route, column: RequestColumn.route.name),
        domain: dictionary.value(group.domain, column: RequestColumn.domain.name),
        count: group.count, status4xx: group.status4xx, status5xx: group.status5xx,
        timedCount: latencies.count,
        errorRate: group.count == 0 ? 0 : Double(group.status5xx) / Double(group.count),
        totalMs: Double(group.sumMicros) / 1000,
        avgMs: timed ? Double(group.sumMicros) / Double(latencies.count) / 1000 : nil,
        p50Ms: p50.map { Double($0) / 1000 }, p95Ms: p95.map { Double($0) / 1000 },
        p99Ms: p99.map { Double($0) / 1000 }, maxMs: timed ? Double(group.maxMicros) / 1000 : nil)
    }.sortedByTotalTime()
  }
}

/// Exact quantiles by selection (no full sort).
public enum ExactQuantile {
  /// The nearest-rank quantile: the value at 1-based rank `ceil(q * n)` of the sorted
  /// values (q = 0 gives the minimum). Reorders `values`; nil when empty.
  public static func select<T: Comparable>(_ values: inout [T], quantile q: Double) -> T? {
    guard !values.isEmpty else { return nil }
    let rank = min(values.count, max(1, Int((q * Double(values.count)).rounded(.up))))
    let k = rank - 1
    var low = 0
    var high = values.count - 1
    values.withUnsafeMutableBufferPointer { buffer in
      while low < high {
        // Median of three as pivot keeps sorted and reversed input linear.
        let mid = low + (high - low) / 2
        if buffer[mid] < buffer[low] { buffer.swapAt(mid, low) }
        if buffer[high] < buffer[low] { buffer.swapAt(high, low) }
        if buffer[high] < buffer[mid] { buffer.swapAt(high, mid) }
        let pivot = buffer[mid]
        var i = low
        var j = high
        while i <= j {
          while buffer[i] < pivot { i += 1 }
          while pivot < buffer[j] { j -= 1 }
          if i <= j {
            buffer.swapAt(i, j)
            i += 1
            j -= 1
          }
        }
        if k <= j {
          high = j
        } else if k >= i {
          low = i
        } else {
          break
        }
      }
    }
    return values[k]
  }
}
