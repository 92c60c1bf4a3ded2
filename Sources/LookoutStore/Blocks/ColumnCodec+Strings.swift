import Foundation

/// String encodings of ``ColumnCodec``: plain length-prefixed text, or a per-block
/// dictionary of the distinct values. The format is described on ``ColumnCodec``.
extension ColumnCodec {
  enum StringTag: UInt8 {
    case plain = 0
    case blockDictionary = 1
    /// Skeletons and binary tokens (see ``ColumnCodec/encodeTokenizedBody(_:deflateLevel:context:)``).
    case tokenized = 2
    /// A block dictionary whose indices are varints, for deflate to code byte by byte.
    case varintDictionary = 3
    /// As ``tokenized``, skeletons stored per id of a context column.
    case tokenizedInContext = 4
  }

  /// The candidate bodies for `values`: plain, and a block dictionary when at most half
  /// the rows are distinct (then also one with byte-aligned indices when that differs). ``encode(_:deflateLevel:)`` keeps the smallest after deflate.
  static func stringBodies(_ values: [String]) -> [[UInt8]] {
    var plain = ColumnBlobWriter(capacity: values.count * 24 + 16)
    plain.byte(StringTag.plain.rawValue)
    writePlain(values, into: &plain)
    guard values.count >= 4 else { return [plain.bytes] }

    // Keyed by bytes: String equality is canonical equivalence, which would store "é" and
    // "e\u{301}" as one value.
    var positions: [UTF8Key: UInt32] = [:]
    var distinct: [String] = []
    var indices: [UInt32] = []
    indices.reserveCapacity(values.count)
    for value in values {
      // A handful of distinct values (user agents, methods) are found faster by comparing
      // than by hashing long strings.
      if distinct.count <= 8, let position = distinct.firstIndex(where: { sameBytes($0, value) }) {
        indices.append(UInt32(position))
        continue
      }
      if distinct.count > 8, let position = positions[UTF8Key(value)] {
        indices.append(position)
        continue
      }
      // More than half distinct, overall or in the first 1,024 rows (URL paths): the
      // dictionary cannot win, so stop hashing.
      guard distinct.count < values.count / 2, indices.count > 1_024 || distinct.count < 512
      else { return [plain.bytes] }
      indices.append(UInt32(distinct.count))
      distinct.append(value)
      if distinct.count == 9 {
        for (position, known) in distinct.enumerated() {
          positions[UTF8Key(known)] = UInt32(position)
        }
      } else if distinct.count > 9 {
        positions[UTF8Key(value)] = UInt32(distinct.count - 1)
      }
    }
    // Most frequent first: small indices for common values, which byte-wise coding of
    // the indices (below) turns into short codes.
    var counts = [Int](repeating: 0, count: distinct.count)
    for index in indices { counts[Int(index)] += 1 }
    let order = distinct.indices.sorted {
      counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1
    }
    var rank = [UInt32](repeating: 0, count: distinct.count)
    for (position, index) in order.enumerated() { rank[index] = UInt32(position) }
    distinct = order.map { distinct[$0] }
    for position in indices.indices { indices[position] = rank[Int(indices[position])] }

    var head = ColumnBlobWriter(capacity: distinct.count * 16 + 16)
    head.varint(UInt64(distinct.count))
    writePlain(distinct, into: &head)
    let width = BitPacking.width(UInt64(distinct.count - 1))
    var dictionary = ColumnBlobWriter(capacity: head.bytes.count + indices.count * width / 8 + 16)
    dictionary.byte(StringTag.blockDictionary.rawValue)
    dictionary.append(head.bytes)
    dictionary.byte(UInt8(width))
    indices.withUnsafeBufferPointer { source in
      dictionary.pack(count: source.count, width: width) { UInt64(source[$0]) }
    }
    // Widths of 3 or more bits straddle bytes, which hides their skew from deflate's
    // byte-wise Huffman code: up to 16 values, indices packed two to a byte; beyond,
    // one varint per index, which for a skewed column (a handful of common path
    // skeletons, hundreds of rare ones) then costs about its entropy once deflated.
    guard width > 2 else { return [plain.bytes, dictionary.bytes] }
    var aligned = ColumnBlobWriter(capacity: head.bytes.count + indices.count + 16)
    if width <= 4 {
      aligned.byte(StringTag.blockDictionary.rawValue)
      aligned.append(head.bytes)
      aligned.byte(4)
      indices.withUnsafeBufferPointer { source in
        aligned.pack(count: source.count, width: 4) { UInt64(source[$0]) }
      }
    } else {
      aligned.byte(StringTag.varintDictionary.rawValue)
      aligned.append(head.bytes)
      for index in indices { aligned.varint(UInt64(index)) }
    }
    return [plain.bytes, dictionary.bytes, aligned.bytes]
  }

  /// A string hashed and compared by its UTF-8 bytes.
  struct UTF8Key: Hashable {
    let value: String

    init(_ value: String) { self.value = value }

    static func == (left: UTF8Key, right: UTF8Key) -> Bool { sameBytes(left.value, right.value) }

    func hash(into hasher: inout Hasher) {
      var value = value
      value.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
  }

  /// Whether two strings have the same UTF-8 bytes.
  static func sameBytes(_ left: String, _ right: String) -> Bool {
    guard left.utf8.count == right.utf8.count else { return false }
    var left = left
    var right = right
    return left.withUTF8 { a in
      right.withUTF8 { b in
        a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
      }
    }
  }

  /// Decodes a string body of `count` values; with `rows`, only those (valid) rows, in
  /// that order.
  static func decodeStringBody(
    _ reader: inout ColumnBlobReader, count: Int, rows: [Int]? = nil, nested: Bool = false,
    context: [UInt32]? = nil
  ) throws -> [String] {
    let tag = try reader.byte()
    switch StringTag(rawValue: tag) {
    case .plain:
      return try readPlain(&reader, count: count, rows: rows)
    case .blockDictionary:
      let distinctCount = try reader.count(limit: count)
      guard distinctCount > 0 || count == 0 else {
        throw BlockStoreError.corruptBlock("empty string dictionary")
      }
      var distinct = try readPlain(&reader, count: distinctCount)
      let width = Int(try reader.byte())
      // Version 2 also writes indices of 3 or 4 bits at 4 bits, two to a byte.
      let needed = count == 0 ? 0 : BitPacking.width(UInt64(distinctCount - 1))
      guard count == 0 || width == needed || (width == 4 && needed == 3) else {
        throw BlockStoreError.corruptBlock("string index width \(width)")
      }
      // Padding to 2^width entries makes every packed index valid without a bounds check.
      distinct += Array(repeating: "", count: max(0, (1 << width) - distinctCount))
      let packed = try reader.packed(count: count, width: width)
      if let rows {
        var indices = [Int](repeating: 0, count: count)
        BitPacking.unpack(packed, count: count, width: width) { index, bits in
          indices[index] = Int(truncatingIfNeeded: bits)
        }
        return rows.map { distinct[indices[$0]] }
      }
      return distinct.withUnsafeBufferPointer { table in
        [String](unsafeUninitializedCapacity: count) { buffer, initialized in
          guard let out = buffer.baseAddress, let lookup = table.baseAddress else { return }
          BitPacking.unpack(packed, count: count, width: width) { index, bits in
            (out + index).initialize(to: lookup[Int(truncatingIfNeeded: bits)])
          }
          initialized = count
        }
      }
    case .varintDictionary:
      let distinctCount = try reader.count(limit: count)
      guard distinctCount > 0 || count == 0 else {
        throw BlockStoreError.corruptBlock("empty string dictionary")
      }
      let distinct = try readPlain(&reader, count: distinctCount)
      let indices = try reader.varints(count: count) { index in
        guard index < UInt64(distinctCount) else {
          throw BlockStoreError.corruptBlock("string index \(index)")
        }
        return Int(index)
      }
      guard let rows else { return indices.map { distinct[$0] } }
      return rows.map { distinct[indices[$0]] }
    case .tokenized where !nested:
      return try decodeTokenizedBody(&reader, count: count, rows: rows, context: nil)
    case .tokenizedInContext where !nested:
      guard let context, context.count == count else {
        throw BlockStoreError.corruptBlock("tokenized text without its context column")
      }
      return try decodeTokenizedBody(&reader, count: count, rows: rows, context: context)
    case .tokenized, .tokenizedInContext, nil:
      throw BlockStoreError.corruptBlock("string tag \(tag)")
    }
  }

  /// Layouts of a list of texts inside a string body.
  enum TextLayout: UInt8 {
    /// An integer body of the UTF-8 lengths, the total, the bytes back to back.
    case lengthPrefixed = 0
    /// The total, then each value's bytes followed by a NUL: about 0.6 bytes per URL
    /// smaller than lengths once deflated, usable when no value contains a NUL.
    case nulTerminated = 1
  }

  private static func writePlain(_ values: [String], into writer: inout ColumnBlobWriter) {
    var total = 0
    var hasNUL = false
    for var value in values {
      total += value.utf8.count
      if !hasNUL {
        hasNUL = value.withUTF8 { bytes in
          guard let base = bytes.baseAddress else { return false }
          return memchr(base, 0, bytes.count) != nil
        }
      }
    }
    if hasNUL {
      writer.byte(TextLayout.lengthPrefixed.rawValue)
      writeInt64(values.map { Int64($0.utf8.count) }, into: &writer)
      writer.varint(UInt64(total))
      writer.bytes.reserveCapacity(writer.bytes.count + total)
      for value in values { writer.bytes.append(contentsOf: value.utf8) }
    } else {
      writer.byte(TextLayout.nulTerminated.rawValue)
      writer.varint(UInt64(total + values.count))
      writer.bytes.reserveCapacity(writer.bytes.count + total + values.count)
      for value in values {
        writer.bytes.append(contentsOf: value.utf8)
        writer.bytes.append(0)
      }
    }
  }

  private static func readPlain(_ reader: inout ColumnBlobReader, count: Int, rows: [Int]? = nil)
    throws -> [String]
  {
    guard let rows else { return try readPlain(&reader, count: count) }
    // Offsets of every value are found (cheap: lengths or NUL scans), strings built for
    // the rows asked for only.
    let layout = try reader.byte()
    var spans: [(start: Int, length: Int)] = []
    spans.reserveCapacity(count)
    let text: UnsafeRawBufferPointer
    switch TextLayout(rawValue: layout) {
    case .lengthPrefixed:
      let lengths = try decodeInt64Body(&reader, count: count)
      let total = try reader.count(limit: reader.remaining)
      text = try reader.bytes(total)
      var offset = 0
      for length in lengths {
        guard length >= 0, length <= total - offset else {
          throw BlockStoreError.corruptBlock("string length \(length)")
        }
        spans.append((offset, Int(length)))
        offset += Int(length)
      }
    case .nulTerminated:
      let total = try reader.count(limit: reader.remaining)
      text = try reader.bytes(total)
      var offset = 0
      for _ in 0..<count {
        guard offset < total, let base = text.baseAddress,
          let end = memchr(base + offset, 0, total - offset)
        else {
          throw BlockStoreError.corruptBlock("unterminated string")
        }
        let length = base.distance(to: UnsafeRawPointer(end)) - offset
        spans.append((offset, length))
        offset += length + 1
      }
    case nil:
      throw BlockStoreError.corruptBlock("text layout \(layout)")
    }
    return rows.map { row in
      let span = spans[row]
      return String(
        decoding: UnsafeRawBufferPointer(rebasing: text[span.start..<(span.start + span.length)]),
        as: UTF8.self)
    }
  }

  private static func readPlain(_ reader: inout ColumnBlobReader, count: Int) throws -> [String] {
    let layout = try reader.byte()
    switch TextLayout(rawValue: layout) {
    case .lengthPrefixed:
      let lengths = try decodeInt64Body(&reader, count: count)
      let total = try reader.count(limit: reader.remaining)
      let text = try reader.bytes(total)
      var offset = 0
      return try lengths.map { length in
        guard length >= 0, length <= total - offset else {
          throw BlockStoreError.corruptBlock("string length \(length)")
        }
        let start = offset
        offset += Int(length)
        return String(
          decoding: UnsafeRawBufferPointer(rebasing: text[start..<offset]), as: UTF8.self)
      }
    case .nulTerminated:
      let total = try reader.count(limit: reader.remaining)
      let text = try reader.bytes(total)
      guard let base = text.baseAddress else {
        guard count == 0 else { throw BlockStoreError.corruptBlock("missing text") }
        return []
      }
      var strings: [String] = []
      strings.reserveCapacity(count)
      var offset = 0
      for _ in 0..<count {
        guard offset < total, let end = memchr(base + offset, 0, total - offset) else {
          throw BlockStoreError.corruptBlock("unterminated string")
        }
        let length = base.distance(to: UnsafeRawPointer(end)) - offset
        strings.append(
          String(
            decoding: UnsafeRawBufferPointer(start: base + offset, count: length), as: UTF8.self))
        offset += length + 1
      }
      return strings
    case nil:
      throw BlockStoreError.corruptBlock("text layout \(layout)")
    }
  }
}
