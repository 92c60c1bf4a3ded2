/// The bucket counts of one sign of a ``QuantileSketch``: a dense array of counters with an
/// index offset, grown on demand and never spanning more than `maxBuckets` indices.
///
/// When a new index would make the span wider than `maxBuckets`, the lowest indices are
/// folded into the lowest index that is kept (DDSketch's "collapsing lowest" store), so the
/// quantiles near the top, the ones latency reports read, keep their accuracy.
struct SketchBucketStore: Sendable {
  /// Counters; `counts[i]` belongs to bucket index `offset + i`.
  private(set) var counts: [UInt64] = []
  /// Bucket index of `counts[0]`.
  private(set) var offset = 0
  /// Lowest index with a non-zero count; `Int.max` when empty.
  private(set) var minIndex = Int.max
  /// Highest index with a non-zero count; `Int.min` when empty.
  private(set) var maxIndex = Int.min
  /// Sum of all counters.
  private(set) var total: UInt64 = 0
  /// Widest span of indices kept.
  let maxBuckets: Int

  /// An empty store spanning at most `maxBuckets` indices.
  init(maxBuckets: Int) {
    self.maxBuckets = maxBuckets
  }

  /// A store holding `counts` from bucket index `offset` on, whose first and last
  /// counters are not zero and whose sum is `total` (the deserializer checked all three).
  init(maxBuckets: Int, offset: Int, counts: [UInt64], total: UInt64) {
    self.maxBuckets = maxBuckets
    self.offset = offset
    self.counts = counts
    self.minIndex = offset
    self.maxIndex = offset + counts.count - 1
    self.total = total
  }

  var isEmpty: Bool { total == 0 }

  /// Adds `count` to bucket `index`; the common case touches one counter and allocates nothing.
  @inline(__always)
  mutating func add(index: Int, count: UInt64) {
    let slot = index &- offset
    if slot >= 0 && slot < counts.count && index >= maxIndex &- (maxBuckets &- 1) {
      counts[slot] &+= count
      total &+= count
      if index < minIndex { minIndex = index }
      if index > maxIndex { maxIndex = index }
      return
    }
    addSlow(index: index, count: count)
  }

  /// Adds to an index outside the allocated range, or one that forces collapsing.
  private mutating func addSlow(index: Int, count: UInt64) {
    let high = Swift.max(maxIndex, index)
    var low = Swift.min(minIndex, index)
    if high - low + 1 > maxBuckets { low = high - maxBuckets + 1 }
    reshape(low: low, high: high, growingUp: index > maxIndex)
    let kept = Swift.max(index, low)
    counts[kept - offset] &+= count
    total &+= count
    minIndex = Swift.min(Swift.max(minIndex, low), kept)
    maxIndex = Swift.max(maxIndex, kept)
  }

  /// Reallocates so `low...high` fits, folding every count below `low` into `low`.
  private mutating func reshape(low: Int, high: Int, growingUp: Bool) {
    let needed = high - low + 1
    let inRange = low >= offset && high < offset + counts.count
    if inRange && minIndex >= low {
      return
    }
    // Slack on the side that grows amortises reallocation; the span cap bounds the memory.
    let length = Swift.min(maxBuckets, Swift.max(needed + 32, needed + needed / 2))
    let slack = length - needed
    let newOffset = isEmpty ? low - slack / 2 : (growingUp ? low : low - slack)
    var newCounts = [UInt64](repeating: 0, count: length)
    if !isEmpty {
      for index in minIndex...maxIndex {
        let value = counts[index - offset]
        if value == 0 { continue }
        newCounts[Swift.max(index, low) - newOffset] &+= value
      }
    }
    counts = newCounts
    offset = newOffset
    if !isEmpty {
      minIndex = Swift.max(minIndex, low)
      maxIndex = Swift.min(maxIndex, high)
    }
  }

  /// Adds every bucket of `other` (same mapping) to this store.
  mutating func merge(_ other: SketchBucketStore) {
    guard !other.isEmpty else { return }
    if isEmpty && other.maxBuckets == maxBuckets {
      self = other
      return
    }
    // Add the highest bucket first so a collapse, if any, happens once, at the right place.
    add(index: other.maxIndex, count: other.counts[other.maxIndex - other.offset])
    var index = other.minIndex
    while index < other.maxIndex {
      let value = other.counts[index - other.offset]
      if value != 0 { add(index: index, count: value) }
      index += 1
    }
  }

  /// Count of bucket `index` (0 outside the stored range).
  func count(at index: Int) -> UInt64 {
    let slot = index - offset
    return slot >= 0 && slot < counts.count ? counts[slot] : 0
  }

  /// The non-empty buckets in ascending index order.
  var nonEmptyBuckets: [(index: Int, count: UInt64)] {
    guard !isEmpty else { return [] }
    var result: [(index: Int, count: UInt64)] = []
    for index in minIndex...maxIndex {
      let value = counts[index - offset]
      if value != 0 { result.append((index, value)) }
    }
    return result
  }
}

extension SketchBucketStore: Hashable {
  /// Two stores are equal when they hold the same non-empty buckets, whatever their layout.
  static func == (lhs: SketchBucketStore, rhs: SketchBucketStore) -> Bool {
    guard lhs.total == rhs.total, lhs.minIndex == rhs.minIndex, lhs.maxIndex == rhs.maxIndex
    else { return false }
    guard !lhs.isEmpty else { return true }
    for index in lhs.minIndex...lhs.maxIndex where lhs.count(at: index) != rhs.count(at: index) {
      return false
    }
    return true
  }

  /// Hashes the non-empty buckets, like ``==`` compares them.
  func hash(into hasher: inout Hasher) {
    hasher.combine(total)
    guard !isEmpty else { return }
    hasher.combine(minIndex)
    hasher.combine(maxIndex)
    for index in minIndex...maxIndex { hasher.combine(counts[index - offset]) }
  }
}
