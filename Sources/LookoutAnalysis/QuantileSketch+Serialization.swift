extension QuantileSketch {
  /// The current version of the binary format written by ``serialized()``.
  public static let serializationVersion: UInt8 = 1

  /// The sketch as compact bytes, for rollup rows and the wire.
  ///
  /// Layout (version 1): the version byte; the relative accuracy as 8 bytes (IEEE 754 bits,
  /// little-endian); the bucket cap, the zero count as unsigned LEB128 varints; sum, minimum
  /// and maximum as 8 bytes each; then the positive and the negative store, each as the
  /// number of non-empty buckets, and for each bucket its index (the first as a zigzag
  /// varint, the others as the varint gap from the previous one) and its count (varint).
  /// The total count is not stored: it is the sum of the parts.
  public func serialized() -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(48 + 3 * (positive.maxIndex &- positive.minIndex &+ 1).clamped(0, 512))
    bytes.append(Self.serializationVersion)
    bytes.appendFixed64(relativeAccuracy.bitPattern)
    bytes.appendVarint(UInt64(maxBucketCount))
    bytes.appendVarint(zeroCount)
    bytes.appendFixed64(sum.bitPattern)
    bytes.appendFixed64(minimum.bitPattern)
    bytes.appendFixed64(maximum.bitPattern)
    for store in [positive, negative] {
      let buckets = store.nonEmptyBuckets
      bytes.appendVarint(UInt64(buckets.count))
      var previous = 0
      for (position, bucket) in buckets.enumerated() {
        if position == 0 {
          bytes.appendVarint(UInt64(bitPattern: Int64((bucket.index << 1) ^ (bucket.index >> 63))))
        } else {
          bytes.appendVarint(UInt64(bucket.index - previous))
        }
        bytes.appendVarint(bucket.count)
        previous = bucket.index
      }
    }
    return bytes
  }

  /// Reads a sketch written by ``serialized()``.
  ///
  /// - Parameter serialized: The bytes; nothing may follow the sketch.
  /// - Throws: ``QuantileSketchError`` when the bytes are cut short, of another version, or
  ///   hold impossible values (bucket spans wider than the cap, counts that overflow).
  public init(serialized: some Collection<UInt8>) throws(QuantileSketchError) {
    var reader = ByteReader(Array(serialized))
    let version = try reader.byte()
    guard version == Self.serializationVersion else {
      throw .unsupportedVersion(version)
    }
    let accuracy = Double(bitPattern: try reader.fixed64())
    guard accuracy > 0, accuracy < 1 else { throw .invalid("relative accuracy") }
    let cap = try reader.varint()
    guard cap >= 16, cap <= 1 << 16 else { throw .invalid("bucket cap") }
    self.init(relativeAccuracy: accuracy, maxBucketCount: Int(cap))
    zeroCount = try reader.varint()
    sum = Double(bitPattern: try reader.fixed64())
    minimum = Double(bitPattern: try reader.fixed64())
    maximum = Double(bitPattern: try reader.fixed64())
    positive = try reader.store(maxBuckets: maxBucketCount)
    negative = try reader.store(maxBuckets: maxBucketCount)
    guard reader.isAtEnd else { throw .invalid("trailing bytes") }
    let (partial, overflowA) = zeroCount.addingReportingOverflow(positive.total)
    let (total, overflowB) = partial.addingReportingOverflow(negative.total)
    guard !overflowA, !overflowB else { throw .invalid("count") }
    count = total
    if total > 0 {
      guard !sum.isNaN, minimum.isFinite, maximum.isFinite, minimum <= maximum else {
        throw .invalid("sum, minimum or maximum")
      }
    } else {
      guard sum == 0 else { throw .invalid("sum of an empty sketch") }
      minimum = .infinity
      maximum = -.infinity
    }
  }
}

/// Reads the primitives of the sketch format from a byte array.
private struct ByteReader {
  let bytes: [UInt8]
  var position = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  var isAtEnd: Bool { position == bytes.count }

  mutating func byte() throws(QuantileSketchError) -> UInt8 {
    guard position < bytes.count else { throw .truncated }
    defer { position += 1 }
    return bytes[position]
  }

  mutating func fixed64() throws(QuantileSketchError) -> UInt64 {
    guard bytes.count - position >= 8 else { throw .truncated }
    var value: UInt64 = 0
    for shift in 0..<8 { value |= UInt64(bytes[position + shift]) << (8 * shift) }
    position += 8
    return value
  }

  mutating func varint() throws(QuantileSketchError) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      let byte = try byte()
      guard shift < 64, shift < 63 || byte <= 1 else { throw .invalid("varint") }
      value |= UInt64(byte & 0x7f) << shift
      if byte < 0x80 { return value }
      shift += 7
    }
  }

  mutating func store(maxBuckets: Int) throws(QuantileSketchError) -> SketchBucketStore {
    let bucketCount = try varint()
    guard bucketCount <= UInt64(maxBuckets) else { throw .invalid("bucket count") }
    guard bucketCount > 0 else { return SketchBucketStore(maxBuckets: maxBuckets) }
    // Indices ascend, so the span is known at the end: read first, then allocate once
    // (adding bucket by bucket regrows the array, most of the cost of reading rollups).
    var buckets: [(index: Int, count: UInt64)] = []
    buckets.reserveCapacity(Int(bucketCount))
    var index = 0
    var total: UInt64 = 0
    for position in 0..<Int(bucketCount) {
      if position == 0 {
        let zigzag = try varint()
        let decoded = Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
        guard decoded >= -(1 << 20), decoded <= 1 << 20 else { throw .invalid("bucket index") }
        index = Int(decoded)
      } else {
        let gap = try varint()
        guard gap >= 1, gap < UInt64(maxBuckets) else { throw .invalid("bucket gap") }
        index += Int(gap)
        guard index - buckets[0].index < maxBuckets else { throw .invalid("bucket span") }
      }
      let count = try varint()
      guard count > 0 else { throw .invalid("empty bucket") }
      let (sum, overflow) = total.addingReportingOverflow(count)
      guard !overflow else { throw .invalid("count") }
      total = sum
      buckets.append((index, count))
    }
    let low = buckets[0].index
    var counts = [UInt64](repeating: 0, count: index - low + 1)
    for bucket in buckets { counts[bucket.index - low] = bucket.count }
    return SketchBucketStore(maxBuckets: maxBuckets, offset: low, counts: counts, total: total)
  }
}

extension [UInt8] {
  fileprivate mutating func appendVarint(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    append(UInt8(rest))
  }

  fileprivate mutating func appendFixed64(_ value: UInt64) {
    for shift in 0..<8 { append(UInt8(truncatingIfNeeded: value >> (8 * shift))) }
  }
}

extension Int {
  fileprivate func clamped(_ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(self, low), high) }
}
