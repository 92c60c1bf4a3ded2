import LookoutCore

/// Summary of one stored block: where it lies in time, how many rows, per-column statistics.
///
/// Scans use it to skip blocks without reading them:
///
/// ```swift
/// let statusColumn = schema.index(of: "status")!
/// let partials = try await store.scan(pool, project: 1, range: range, columns: [0, 2],
///   where: { $0.stats[statusColumn].mayOverlap(500...599) }) { info, vectors in ... }
/// ```
public struct BlockInfo: Sendable, Hashable {
  /// Row id of the block, never reused (compaction writes new ids).
  public var id: Int64
  /// Project the rows belong to.
  public var project: Int64
  /// Smallest timestamp in the block, microseconds.
  public var minTimestamp: Int64
  /// Largest timestamp in the block, microseconds (inclusive).
  public var maxTimestamp: Int64
  /// Number of rows.
  public var rowCount: Int
  /// Statistics per schema column, in schema order.
  public var stats: [ColumnStats]

  /// Creates a block summary.
  public init(
    id: Int64, project: Int64, minTimestamp: Int64, maxTimestamp: Int64, rowCount: Int,
    stats: [ColumnStats]
  ) {
    self.id = id
    self.project = project
    self.minTimestamp = minTimestamp
    self.maxTimestamp = maxTimestamp
    self.rowCount = rowCount
    self.stats = stats
  }

  /// Whether some row of the block may lie in `range`.
  public func overlaps(_ range: TimeRange) -> Bool {
    range.overlaps(min: minTimestamp, max: maxTimestamp)
  }
}

/// Minimum and maximum of one column in one block, for skipping blocks in scans.
///
/// Kept for ``ColumnKind/int64`` columns (absent values ignored; `min`/`max` nil when every
/// value is absent) and ``ColumnKind/dictionary`` columns (over all ids, 0 included, plus
/// ``idBits``). Float and string columns carry untracked stats, for which every `may...`
/// question answers true.
public struct ColumnStats: Sendable, Hashable {
  /// Whether statistics were kept for the column.
  public var tracked: Bool
  /// Smallest present value, nil when none is present or the column is untracked.
  public var min: Int64?
  /// Largest present value, nil when none is present or the column is untracked.
  public var max: Int64?
  /// For dictionary columns, bit `id % 64` is set for every id present: a one-word
  /// Bloom filter that lets `route = X` skip blocks whose min/max span X. Nil elsewhere.
  public var idBits: UInt64?

  /// Creates statistics.
  public init(tracked: Bool = true, min: Int64? = nil, max: Int64? = nil, idBits: UInt64? = nil) {
    self.tracked = tracked
    self.min = min
    self.max = max
    self.idBits = idBits
  }

  /// Statistics that say nothing (float and string columns).
  public static let untracked = ColumnStats(tracked: false)

  /// Whether a row of the block may hold `value`.
  public func mayContain(_ value: Int64) -> Bool {
    guard tracked else { return true }
    guard let min, let max, value >= min, value <= max else { return false }
    guard let idBits else { return true }
    return idBits & (1 &<< UInt64(truncatingIfNeeded: value & 63)) != 0
  }

  /// Whether a row of the block may hold a value in `range`.
  public func mayOverlap(_ range: ClosedRange<Int64>) -> Bool {
    guard tracked else { return true }
    guard let min, let max else { return false }
    return range.lowerBound <= max && range.upperBound >= min
  }

  /// Whether a row of the block may hold one of `ids` (a dictionary filter pushed down).
  public func mayContainAny(of ids: Set<UInt32>) -> Bool {
    ids.contains { mayContain(Int64($0)) }
  }

  /// The statistics of `vector`.
  static func of(_ vector: ColumnVector) -> ColumnStats {
    switch vector {
    case .int64(let values):
      var low = Int64.max
      var high = Int64.min
      for value in values where value != .min {
        low = Swift.min(low, value)
        high = Swift.max(high, value)
      }
      return high == .min ? ColumnStats() : ColumnStats(min: low, max: high)
    case .dictionary(let ids):
      guard var low = ids.first else { return ColumnStats() }
      var high = low
      var bits: UInt64 = 0
      for id in ids {
        low = Swift.min(low, id)
        high = Swift.max(high, id)
        bits |= 1 &<< UInt64(id & 63)
      }
      return ColumnStats(min: Int64(low), max: Int64(high), idBits: bits)
    case .float64, .string:
      return .untracked
    }
  }

  /// Statistics of a column that was added to the schema after the block was written, so
  /// that every row holds the absent value.
  static func absent(_ kind: ColumnKind) -> ColumnStats {
    switch kind {
    case .int64: ColumnStats()
    case .dictionary: ColumnStats(min: 0, max: 0, idBits: 1)
    case .float64, .string: .untracked
    }
  }

  // Stored form, version 1: [u8 1][varint n] then per column a flags byte
  // (1 tracked, 2 min/max follow as zigzag varints, 4 idBits follow as u64 LE).
  static func encode(_ stats: [ColumnStats]) -> [UInt8] {
    var writer = ColumnBlobWriter(capacity: 2 + stats.count * 20)
    writer.byte(1)
    writer.varint(UInt64(stats.count))
    for column in stats {
      var flags: UInt8 = column.tracked ? 1 : 0
      if column.min != nil && column.max != nil { flags |= 2 }
      if column.idBits != nil { flags |= 4 }
      writer.byte(flags)
      if let min = column.min, let max = column.max {
        writer.zigzag(min)
        writer.zigzag(max)
      }
      if let bits = column.idBits { writer.uint64(bits) }
    }
    return writer.bytes
  }

  static func decode(_ bytes: UnsafeRawBufferPointer) throws -> [ColumnStats] {
    var reader = ColumnBlobReader(bytes)
    guard try reader.byte() == 1 else { throw BlockStoreError.corruptBlock("stats version") }
    let count = try reader.count(limit: 1 << 16)
    var stats: [ColumnStats] = []
    stats.reserveCapacity(count)
    for _ in 0..<count {
      let flags = try reader.byte()
      var column = ColumnStats(tracked: flags & 1 != 0)
      if flags & 2 != 0 {
        column.min = try reader.zigzag()
        column.max = try reader.zigzag()
      }
      if flags & 4 != 0 { column.idBits = try reader.uint64() }
      stats.append(column)
    }
    return stats
  }
}
