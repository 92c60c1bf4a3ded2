/// Integer encodings of ``ColumnCodec``: `int64` columns (with absent rows) and
/// `dictionary` id columns. The format is described on ``ColumnCodec``.
extension ColumnCodec {
  /// Encoding tags of integer bodies; `| bitmapFlag` when an absent-row bitmap follows.
  enum IntegerTag: UInt8 {
    case constant = 0
    case frameOfReference = 1
    case delta = 2
    case deltaVarint = 3
    case valueDictionary = 4
    case dominant = 5
    case varintOffsets = 6
    case mixedRadix = 7
  }

  static let bitmapFlag: UInt8 = 0x80
  /// Most distinct values a value dictionary may hold.
  static let valueDictionaryLimit = 4096

  // MARK: int64

  static func encodeInt64Body(_ values: [Int64]) -> [UInt8] {
    var writer = ColumnBlobWriter(capacity: values.count * 2 + 16)
    writeInt64(values, into: &writer)
    return writer.bytes
  }

  /// Appends the smallest integer body for `values` to `writer`.
  static func writeInt64(
    _ values: [Int64], into writer: inout ColumnBlobWriter, allowDominant: Bool = true
  ) {
    guard let prepared = PreparedIntegers(values) else {
      writer.byte(IntegerTag.constant.rawValue)
      writer.zigzag(values.first ?? 0)
      return
    }
    let plan = IntegerPlan(
      prepared.filled, low: prepared.low, high: prepared.high, allowDominant: allowDominant)
    writer.byte(plan.tag.rawValue | (prepared.bitmap.isEmpty ? 0 : bitmapFlag))
    writer.append(prepared.bitmap)
    plan.write(prepared.filled, into: &writer)
  }

  /// The varint-offsets body of `values` (tag 6), or nil when the column is constant.
  ///
  /// Larger than the packed bodies as it stands, it is a candidate only for deflate with
  /// Huffman coding, which then codes each byte by its frequency: about 1.0 byte per
  /// log-normal millisecond duration where packing needs 1.5 (see ColumnCodecTests).
  static func encodeInt64VarintBody(_ values: [Int64]) -> [UInt8]? {
    guard let prepared = PreparedIntegers(values) else { return nil }
    let scale = IntegerPlan.scale(prepared.filled, from: prepared.low)
    var writer = ColumnBlobWriter(capacity: values.count * 2 + 16)
    writer.byte(IntegerTag.varintOffsets.rawValue | (prepared.bitmap.isEmpty ? 0 : bitmapFlag))
    writer.append(prepared.bitmap)
    writer.zigzag(prepared.low)
    writer.varint(scale)
    for value in prepared.filled {
      writer.varint(UInt64(bitPattern: value &- prepared.low) / scale)
    }
    return writer.bytes
  }

  /// A non-constant `int64` column with its absent rows filled in and flagged.
  private struct PreparedIntegers {
    /// The values, each absent row holding the previous present value (zero deltas, no
    /// new range).
    var filled: [Int64]
    /// Bit `i` set when row `i` is absent; empty when no row is.
    var bitmap: [UInt8] = []
    var low = Int64.max
    var high = Int64.min

    /// Nil when every row is absent or all hold one value: a constant body.
    init?(_ values: [Int64]) {
      var absent = 0
      for value in values {
        if value == .min {
          absent += 1
        } else {
          low = min(low, value)
          high = max(high, value)
        }
      }
      if absent == values.count || (absent == 0 && low == high) { return nil }
      filled = values
      guard absent > 0 else { return }
      bitmap = [UInt8](repeating: 0, count: (values.count + 7) / 8)
      var previous = values.first { $0 != .min } ?? 0
      for index in filled.indices {
        if filled[index] == .min {
          filled[index] = previous
          bitmap[index >> 3] |= 1 << UInt8(index & 7)
        } else {
          previous = filled[index]
        }
      }
    }
  }

  /// Decodes an integer body of `count` values; `nested` for the exceptions of a dominant
  /// body, which may not nest again (so damaged data cannot recurse deeply).
  static func decodeInt64Body(_ reader: inout ColumnBlobReader, count: Int, nested: Bool = false)
    throws -> [Int64]
  {
    let tagByte = try reader.byte()
    guard let tag = IntegerTag(rawValue: tagByte & ~bitmapFlag), !(nested && tag == .dominant)
    else {
      throw BlockStoreError.corruptBlock("integer tag \(tagByte)")
    }
    if tag == .constant {
      return Array(repeating: try reader.zigzag(), count: count)
    }
    if count == 0 { return [] }
    let bitmap = tagByte & bitmapFlag != 0 ? try reader.bytes((count + 7) / 8) : nil
    var values: [Int64]
    switch tag {
    case .constant:
      preconditionFailure("handled above")
    case .frameOfReference:
      let base = try reader.zigzag()
      let scale = try reader.varint()
      let width = Int(try reader.byte())
      let packed = try reader.packed(count: count, width: width)
      values = [Int64](unsafeUninitializedCapacity: count) { buffer, initialized in
        let out = buffer.baseAddress!
        BitPacking.unpack(packed, count: count, width: width) { index, bits in
          out[index] = base &+ Int64(bitPattern: bits &* scale)
        }
        initialized = count
      }
    case .delta:
      guard count > 0 else { throw BlockStoreError.corruptBlock("delta body without rows") }
      let first = try reader.zigzag()
      let minDelta = try reader.zigzag()
      let scale = try reader.varint()
      let width = Int(try reader.byte())
      let packed = try reader.packed(count: count - 1, width: width)
      values = [Int64](unsafeUninitializedCapacity: count) { buffer, initialized in
        let out = buffer.baseAddress!
        out[0] = first
        var current = first
        BitPacking.unpack(packed, count: count - 1, width: width) { index, bits in
          current = current &+ minDelta &+ Int64(bitPattern: bits &* scale)
          out[index + 1] = current
        }
        initialized = count
      }
    case .deltaVarint:
      guard count > 0 else { throw BlockStoreError.corruptBlock("delta body without rows") }
      values = []
      values.reserveCapacity(count)
      var current = try reader.zigzag()
      values.append(current)
      for _ in 1..<count {
        current = current &+ (try reader.zigzag())
        values.append(current)
      }
    case .valueDictionary:
      let distinct = try reader.count(limit: min(count, valueDictionaryLimit))
      guard distinct > 0 else { throw BlockStoreError.corruptBlock("empty value dictionary") }
      var dictionary = [try reader.zigzag()]
      for _ in 1..<distinct {
        dictionary.append(
          dictionary[dictionary.count - 1] &+ Int64(bitPattern: try reader.varint()))
      }
      let width = Int(try reader.byte())
      guard width <= 16 else { throw BlockStoreError.corruptBlock("index width \(width)") }
      // Padding to 2^width entries makes every packed index valid without a bounds check.
      dictionary += Array(repeating: 0, count: (1 << width) - min(distinct, 1 << width))
      let packed = try reader.packed(count: count, width: width)
      values = dictionary.withUnsafeBufferPointer { table in
        [Int64](unsafeUninitializedCapacity: count) { buffer, initialized in
          let out = buffer.baseAddress!
          let lookup = table.baseAddress!
          BitPacking.unpack(packed, count: count, width: width) { index, bits in
            out[index] = lookup[Int(truncatingIfNeeded: bits)]
          }
          initialized = count
        }
      }
    case .varintOffsets:
      let base = try reader.zigzag()
      let scale = try reader.varint()
      values = try reader.varints(count: count) { base &+ Int64(bitPattern: $0 &* scale) }
    case .mixedRadix:
      let base = try reader.zigzag()
      let scale = try reader.varint()
      let radix = try reader.varint()
      let digits = Int(try reader.byte())
      let width = Int(try reader.byte())
      guard radix >= 2, (2...4).contains(digits), width <= 64 else {
        throw BlockStoreError.corruptBlock("mixed radix \(radix)^\(digits) in \(width) bits")
      }
      let groups = (count + digits - 1) / digits
      let packed = try reader.packed(count: groups, width: width)
      values = [Int64](unsafeUninitializedCapacity: count) { buffer, initialized in
        let out = buffer.baseAddress!
        BitPacking.unpack(packed, count: groups, width: width) { group, bits in
          var rest = bits
          let first = group &* digits
          for index in first..<min(first &+ digits, count) {
            let (quotient, digit) = rest.quotientAndRemainder(dividingBy: radix)
            out[index] = base &+ Int64(bitPattern: digit &* scale)
            rest = quotient
          }
        }
        initialized = count
      }
    case .dominant:
      let dominant = try reader.zigzag()
      let exceptionBits = try reader.bytes((count + 7) / 8)
      let exceptions = try decodeInt64Body(
        &reader, count: setBits(exceptionBits, below: count), nested: true)
      values = expand(dominant, exceptions: exceptions, at: exceptionBits, count: count)
    }
    if let bitmap { markAbsent(bitmap, in: &values) }
    return values
  }

  /// Number of set bits among the first `count` bits of `bitmap`.
  static func setBits(_ bitmap: UnsafeRawBufferPointer, below count: Int) -> Int {
    let bytes = min(bitmap.count, (count + 7) / 8)
    var total = 0
    var offset = 0
    while offset + 8 <= bytes {
      total += bitmap.loadUnaligned(fromByteOffset: offset, as: UInt64.self).nonzeroBitCount
      offset += 8
    }
    while offset < bytes {
      let valid = min(8, count - offset * 8)
      let byte = bitmap[offset]
      total += (valid == 8 ? byte : byte & UInt8((1 << valid) - 1)).nonzeroBitCount
      offset += 1
    }
    return total
  }

  /// `count` rows of `dominant`, except the rows whose bit is set in `bitmap`, which take
  /// `exceptions` in order. `exceptions.count` must be the number of set bits (see
  /// ``setBits(_:below:)``). Branch-free: a masked select per row instead of a branch per
  /// exception, which mispredicts when exceptions are common (30% non-GET methods).
  @inline(__always)
  static func expand<Value: FixedWidthInteger>(
    _ dominant: Value, exceptions: [Value], at bitmap: UnsafeRawBufferPointer, count: Int
  ) -> [Value] {
    guard count > 0 else { return [] }
    let padded = exceptions + [dominant]  // reading one past the last exception is harmless
    return padded.withUnsafeBufferPointer { table in
      [Value](unsafeUninitializedCapacity: count) { buffer, initialized in
        let out = buffer.baseAddress!
        let values = table.baseAddress!
        let bits = bitmap.baseAddress!
        var next = 0
        @inline(__always) func fill(_ row: Int, _ byte: UInt8, _ lane: Int) {
          let bit = Int(truncatingIfNeeded: (byte &>> UInt8(truncatingIfNeeded: lane)) & 1)
          // All ones when the row is an exception: a select the compiler cannot turn
          // into a mispredicted branch.
          let mask = Value(truncatingIfNeeded: 0 &- bit)
          (out + row).initialize(to: dominant ^ ((values[next] ^ dominant) & mask))
          next &+= bit
        }
        let whole = count / 8
        for byteIndex in 0..<whole {
          let byte = bits.load(fromByteOffset: byteIndex, as: UInt8.self)
          for lane in 0..<8 { fill(byteIndex &* 8 &+ lane, byte, lane) }
        }
        for row in (whole * 8)..<count {
          fill(row, bits.load(fromByteOffset: whole, as: UInt8.self), row & 7)
        }
        initialized = count
      }
    }
  }

  /// Sets the rows flagged in `bitmap` to `Int64.min`.
  private static func markAbsent(_ bitmap: UnsafeRawBufferPointer, in values: inout [Int64]) {
    let count = values.count
    values.withUnsafeMutableBufferPointer { out in
      for byteIndex in 0..<bitmap.count {
        var bits = bitmap[byteIndex]
        while bits != 0 {
          let row = byteIndex << 3 | bits.trailingZeroBitCount
          if row < count { out[row] = .min }
          bits &= bits &- 1
        }
      }
    }
  }

  // MARK: dictionary ids

  static func encodeDictionaryBody(_ ids: [UInt32], allowDominant: Bool = true) -> [UInt8] {
    var writer = ColumnBlobWriter(capacity: ids.count / 2 + 16)
    let low = ids.min() ?? 0
    let high = ids.max() ?? 0
    if low == high {
      writer.byte(IntegerTag.constant.rawValue)
      writer.varint(UInt64(low))
      return writer.bytes
    }
    let width = BitPacking.width(UInt64(high - low))
    let packedSize = BitPacking.byteCount(count: ids.count, width: width)
    // As for int64: a bitmap of the rows off the dominant id, when that saves 10%.
    if allowDominant, width > 1, let dominant = IntegerPlan.majority(ids) {
      var bitmap = [UInt8](repeating: 0, count: (ids.count + 7) / 8)
      var exceptions: [UInt32] = []
      for (index, id) in ids.enumerated() where id != dominant {
        bitmap[index >> 3] |= 1 << UInt8(index & 7)
        exceptions.append(id)
      }
      let nested = encodeDictionaryBody(exceptions, allowDominant: false)
      if bitmap.count + nested.count < packedSize - packedSize / 10 {
        writer.byte(IntegerTag.dominant.rawValue)
        writer.varint(UInt64(dominant))
        writer.append(bitmap)
        writer.append(nested)
        return writer.bytes
      }
    }
    writer.byte(IntegerTag.frameOfReference.rawValue)
    writer.varint(UInt64(low))
    writer.byte(UInt8(width))
    ids.withUnsafeBufferPointer { source in
      writer.pack(count: source.count, width: width) { UInt64(source[$0] - low) }
    }
    return writer.bytes
  }

  /// The varint-offsets body of `ids` (tag 6), a candidate for Huffman-only deflate as
  /// for `int64` (about 0.45 byte per route id where packing needs 0.75); nil when constant.
  static func encodeDictionaryVarintBody(_ ids: [UInt32]) -> [UInt8]? {
    let low = ids.min() ?? 0
    guard low != ids.max() ?? 0 else { return nil }
    var writer = ColumnBlobWriter(capacity: ids.count + 16)
    writer.byte(IntegerTag.varintOffsets.rawValue)
    writer.varint(UInt64(low))
    for id in ids { writer.varint(UInt64(id - low)) }
    return writer.bytes
  }

  static func decodeDictionaryBody(
    _ reader: inout ColumnBlobReader, count: Int, nested: Bool = false
  ) throws -> [UInt32] {
    let tag = try reader.byte()
    let base = try reader.varint()
    guard base <= UInt64(UInt32.max) else { throw BlockStoreError.corruptBlock("id \(base)") }
    switch IntegerTag(rawValue: tag) {
    case .constant:
      return Array(repeating: UInt32(base), count: count)
    case .frameOfReference where count == 0:
      return []
    case .frameOfReference:
      let width = Int(try reader.byte())
      guard width <= 32 else { throw BlockStoreError.corruptBlock("id width \(width)") }
      let packed = try reader.packed(count: count, width: width)
      let start = UInt32(base)
      return [UInt32](unsafeUninitializedCapacity: count) { buffer, initialized in
        let out = buffer.baseAddress!
        BitPacking.unpack(packed, count: count, width: width) { index, bits in
          out[index] = start &+ UInt32(truncatingIfNeeded: bits)
        }
        initialized = count
      }
    case .varintOffsets:
      let start = UInt32(base)
      return try reader.varints(count: count) { offset in
        guard offset <= UInt64(UInt32.max - start) else {
          throw BlockStoreError.corruptBlock("id offset \(offset)")
        }
        return start + UInt32(offset)
      }
    case .dominant where !nested:
      let exceptionBits = try reader.bytes((count + 7) / 8)
      let exceptions = try decodeDictionaryBody(
        &reader, count: setBits(exceptionBits, below: count), nested: true)
      return expand(UInt32(base), exceptions: exceptions, at: exceptionBits, count: count)
    default:
      throw BlockStoreError.corruptBlock("dictionary tag \(tag)")
    }
  }
}
