/// Encodes one column of one block into a self-describing blob, and decodes it back.
///
/// # Format, version 2
///
/// Notation: `varint` is LEB128; `zz` a zigzag varint; `u8`/`u64` little-endian integers;
/// `packed(n, w)` is `n` values of `w` bits, value `i` at bits `[i*w, (i+1)*w)` of a
/// little-endian stream, `ceil(n*w/8)` bytes (see ``BitPacking``); `bitmap` is
/// `ceil(n/8)` bytes whose bit `i` (LSB first) is set when row `i` is absent.
/// All integer arithmetic is modulo 2^64, so every `Int64` round-trips, `min`/`max` included.
///
/// A blob is `[u8 version = 1][u8 kind | 0x80 when deflated][varint n]` followed by the
/// body, or, when deflated, by `[varint bodySize][zlib stream of the body]`. Deflate is
/// kept when it saves more than 10% of a string body, or half of a numeric body (inflate
/// costs several times what unpacking does, and numeric columns are what scans touch), or
/// 15% of a numeric body of at most 2 bits per row (the bitmap of a dominant status).
/// A body is a tag byte and its payload; the encoder sizes every candidate and keeps the
/// smallest, preferring the faster decode on ties.
///
/// `int64` (tag `| 0x80` means a bitmap comes first; absent rows then hold the previous
/// present value, so they cost nothing in the packed data):
/// - 0 constant: `zz v`. Every row is `v` (also all absent, as `Int64.min`).
/// - 1 frame of reference: `zz base, varint scale, u8 w, packed(n, w)`;
///   `row = base + p * scale`. The scale (GCD of offsets) drops the zeros of millisecond
///   durations or round sizes.
/// - 2 delta: `zz first, zz minDelta, varint scale, u8 w, packed(n - 1, w)`;
///   `row[i] = row[i-1] + minDelta + p * scale`. Subtracting the smallest delta instead of
///   zigzagging keeps sorted timestamps one bit narrower and handles negative deltas.
/// - 3 delta varint: `zz first, (n - 1) × zz delta`, for deltas with a long tail.
/// - 4 value dictionary: `varint k, zz v0, (k - 1) × varint gap, u8 w, packed(n, w)`;
///   the `k` distinct values ascending, rows as indices (status codes).
/// - 5 dominant value: `zz v, exceptions bitmap (as bitmap, set = row is not v), int64
///   body of the exception values` (never itself dominant). For a value in most rows
///   (status 200); chosen only when 10% smaller than the alternatives.
/// - 6 varint offsets: `zz base, varint scale, n × varint p`; `row = base + p * scale`.
///   Stored only deflated with Huffman coding, when 15% smaller than the packed body:
///   skewed values (durations) then cost their entropy instead of their widest value.
/// - 7 mixed radix (version 2): `zz base, varint scale, varint r, u8 k, u8 w,
///   packed(ceil(n / k), w)`; each packed number holds `k` offsets as base-`r` digits,
///   least significant first, `row = base + digit * scale`. For offsets spread evenly over
///   a range short of a power of two (sizes of 80..40000: 15.33 bits instead of 16);
///   chosen when 3% smaller than the alternatives.
///
/// `dictionary` (ids of a ``StringDictionary``): 0 constant `varint id`;
/// 1 frame of reference `varint base, u8 w, packed(n, w)`; 5 dominant id
/// `varint id, exceptions bitmap, dictionary body of the exception ids` (method GET);
/// 6 varint offsets `varint base, n × varint (id - base)`, Huffman-coded as for `int64`.
///
/// `float64`: 0 raw `n × u64` (bit patterns); 1 Gorilla XOR: an MSB-first bit stream of
/// the first value's 64 bits, then per value `0` (same as previous) or `1` + `0` + the
/// meaningful bits in the previous window, or `1` + `1` + 5 bits of leading zeros +
/// 6 bits of (meaningful length - 1) + the meaningful bits; 2 constant `u64`.
///
/// `string`: 0 plain: a text list of the `n` values; 1 block dictionary: `varint k`, a
/// text list of the `k` distinct values in first-seen order, `u8 w`, `packed(n, w)`
/// indices (`w` the bits `k - 1` needs or, since version 2, 4 for 3-bit indices, two to a
/// byte for deflate); since version 2 the values are ordered most frequent first. A text list is `u8 layout` then either (0) an `int64` body of the UTF-8
/// lengths, `varint total`, the bytes back to back, or (1, when no value contains a NUL)
/// `varint total` and each value's bytes followed by a NUL. Plain text is left to deflate.
/// 2 tokenized: skeletons and binary ids, UUIDs and hex strings, described on
/// ``encodeTokenizedBody(_:deflateLevel:context:)``; never deflated as a whole. 3 varint block
/// dictionary: as 1, but `n × varint index` instead of `u8 w, packed(n, w)`, for
/// dictionaries of more than 16 values, whose skew deflate then codes byte by byte. 4
/// tokenized in context: as 2, with skeletons stored per id of a context column (see
/// ``encodeTokenizedBody(_:deflateLevel:context:)``).
///
/// Version 2 adds string tags 2 to 4 and 4-bit indices for 3-bit dictionaries, and writes
/// `2` as the version byte; blobs of version 1 are read as they are.
enum ColumnCodec {
  /// Version byte at the start of every blob written by this code.
  static let version: UInt8 = 2
  /// Versions this code reads: version 1 lacks only encodings added since (tokenized
  /// strings), so its blobs decode as they are.
  static let readableVersions: ClosedRange<UInt8> = 1...2

  /// zlib level for column bodies. Level 6 costs about twice level 1's time on URL text
  /// for ~10% fewer bytes; writes are batched, so size wins (see ColumnCodecTests).
  static let defaultDeflateLevel: Int32 = 6

  /// The blob for `vector`; `deflateLevel` 0 never deflates. `tokenize` false leaves out
  /// the tokenized string body (for the skeletons inside one). `context`, the ids of the
  /// column's ``ColumnSpec/context`` row by row, lets a tokenized body store skeletons per
  /// context id; the same ids must then be passed to ``decode(_:kind:rowCount:rows:nested:context:)``.
  static func encode(
    _ vector: ColumnVector, deflateLevel: Int32 = defaultDeflateLevel, tokenize: Bool = true,
    context: [UInt32]? = nil
  ) -> [UInt8] {
    var candidates: [Candidate]
    var varintBody: [UInt8]?
    switch vector {
    case .int64(let values):
      candidates = [Candidate(body: encodeInt64Body(values), role: .packed)]
      if deflateLevel > 0 { varintBody = encodeInt64VarintBody(values) }
    case .float64(let values):
      candidates = [Candidate(body: encodeFloat64Body(values), role: .packed)]
    case .dictionary(let ids):
      candidates = [Candidate(body: encodeDictionaryBody(ids), role: .packed)]
      if deflateLevel > 0 { varintBody = encodeDictionaryVarintBody(ids) }
    case .string(let values):
      // Plain text, then possibly a block dictionary and the same with byte-aligned indices.
      let bodies = stringBodies(values)
      // A block dictionary a quarter the size of the text (user agents, referers) is not
      // beaten by deflating the text, which would cost more than everything else here.
      let dropPlain = bodies.count >= 2 && bodies[1].count * 4 < bodies[0].count
      candidates = bodies.enumerated().compactMap { index, body in
        index == 0 && dropPlain ? nil : Candidate(body: body, role: index == 2 ? .indices : .text)
      }
      if tokenize,
        let body = encodeTokenizedBody(values, deflateLevel: deflateLevel, context: context)
      {
        candidates.append(Candidate(body: body, role: .compressed))
      }
    }
    if deflateLevel > 0 {
      for index in candidates.indices {
        candidates[index].deflate(level: deflateLevel, rowCount: vector.count)
      }
    }
    // Ties go to the earlier candidate, the faster one to decode.
    var chosen = candidates[0]
    for candidate in candidates.dropFirst() where candidate.stored.count < chosen.stored.count {
      chosen = candidate
    }
    // Varints are larger than packing until Huffman-coded, and slower to decode: kept only
    // when they come out 15% smaller.
    let target = chosen.stored.count - chosen.stored.count * 15 / 100
    if let varintBody, varintBody.count >= 64, ColumnDeflate.entropyBound(varintBody) < target,
      let coded = ColumnDeflate.compress(varintBody, level: deflateLevel, strategy: .huffmanOnly),
      coded.count < target
    {
      chosen = Candidate(body: varintBody, stored: coded)
    }
    var writer = ColumnBlobWriter(capacity: chosen.stored.count + 16)
    writer.byte(version)
    writer.byte(vector.kind.rawValue | (chosen.deflated ? 0x80 : 0))
    writer.varint(UInt64(vector.count))
    if chosen.deflated { writer.varint(UInt64(chosen.body.count)) }
    writer.append(chosen.stored)
    return writer.bytes
  }

  /// One way to store a column: a body, deflated when that pays.
  private struct Candidate {
    /// What the body holds, which decides how it is deflated and when that pays.
    enum Role {
      /// Bit-packed numbers. Inflating costs 3-10 ns per value, several times unpacking,
      /// and numeric columns are what scans filter and aggregate: deflated only when that
      /// halves the body, or saves 15% of a body of at most 2 bits per row.
      case packed
      /// Text, deflated when that saves 10%, with zlib's filtered strategy (see
      /// ``ColumnDeflate/Strategy/filtered``).
      case text
      /// Block dictionary indices packed at a byte-friendly width, so that Huffman coding
      /// sees one index (or two, or four) per byte: deflated with the standard strategy
      /// when that saves 10%.
      case indices
      /// Parts compressed each their own way (tokenized text): never deflated again.
      case compressed
    }

    let body: [UInt8]
    private(set) var stored: [UInt8]
    private(set) var deflated: Bool
    private let role: Role

    init(body: [UInt8], role: Role) {
      self.body = body
      self.stored = body
      self.deflated = false
      self.role = role
    }

    /// A body already deflated into `stored`.
    init(body: [UInt8], stored: [UInt8]) {
      self.body = body
      self.stored = stored
      self.deflated = true
      self.role = .packed
    }

    mutating func deflate(level: Int32, rowCount: Int) {
      guard !deflated, body.count >= 64, role != .compressed else { return }
      // Inflating costs per byte of body: a body of at most 2 bits per row (the bitmap of a
      // dominant status or method) inflates in a fraction of a nanosecond per row, so it is
      // deflated for a 15% saving, wider numeric bodies only for half.
      let (strategy, divisor): (ColumnDeflate.Strategy, Int) =
        switch role {
        case .text: (.filtered, 10)
        case .indices: (.standard, 10)
        case .packed, .compressed: (.standard, body.count * 4 <= rowCount ? 7 : 2)
        }
      // Packed numbers that look random byte by byte (addresses, sizes) have no repeats
      // for deflate to find either; skipping them saves a third of the encoding time.
      if role == .packed, ColumnDeflate.entropyBound(body) > body.count - body.count / 8 {
        return
      }
      guard var compressed = ColumnDeflate.compress(body, level: level, strategy: strategy)
      else { return }
      // Skewed indices without repeats (path skeletons) code better by Huffman alone, which
      // standard deflate spoils with short matches.
      if role == .indices,
        let huffman = ColumnDeflate.compress(body, level: level, strategy: .huffmanOnly),
        huffman.count < compressed.count
      {
        compressed = huffman
      }
      guard compressed.count + 5 < body.count - body.count / divisor else { return }
      stored = compressed
      deflated = true
    }
  }

  /// Decodes a blob holding `rowCount` values of `kind`.
  ///
  /// - Throws: ``BlockStoreError/corruptBlock(_:)`` when the blob is damaged, of another
  ///   kind or row count, or of a format version this code does not know.
  ///
  /// `nested` is set for the parts of a tokenized string body, which may not be tokenized
  /// again (so that damaged data cannot recurse deeply).
  static func decode(
    _ blob: UnsafeRawBufferPointer, kind: ColumnKind, rowCount: Int, rows: [Int]? = nil,
    nested: Bool = false, context: [UInt32]? = nil
  ) throws -> ColumnVector {
    var reader = ColumnBlobReader(blob)
    let blobVersion = try reader.byte()
    guard readableVersions.contains(blobVersion) else {
      throw BlockStoreError.corruptBlock("column format version \(blobVersion)")
    }
    let kindByte = try reader.byte()
    guard kindByte & 0x7f == kind.rawValue else {
      throw BlockStoreError.corruptBlock("column holds kind \(kindByte & 0x7f), expected \(kind)")
    }
    let count = try reader.varint()
    guard count == UInt64(rowCount) else {
      throw BlockStoreError.corruptBlock("column holds \(count) rows, block has \(rowCount)")
    }
    if let rows, rows.contains(where: { $0 < 0 || $0 >= rowCount }) {
      throw BlockStoreError.corruptBlock("row outside the block's \(rowCount) rows")
    }
    if kindByte & 0x80 == 0 {
      return try decodeBody(
        &reader, kind: kind, count: rowCount, rows: rows, nested: nested, context: context)
    }
    let size = try reader.count(limit: ColumnDeflate.maximumInflatedSize)
    let body = try ColumnDeflate.decompress(try reader.bytes(reader.remaining), size: size)
    return try body.withUnsafeBytes { bytes in
      var inner = ColumnBlobReader(bytes)
      return try decodeBody(
        &inner, kind: kind, count: rowCount, rows: rows, nested: nested, context: context)
    }
  }

  /// The encoding tag of a blob's body and whether it was deflated, for tests and
  /// benchmarks that report which encoding won.
  static func describe(_ blob: [UInt8]) throws -> (tag: UInt8, deflated: Bool) {
    try blob.withUnsafeBytes { bytes in
      var reader = ColumnBlobReader(bytes)
      _ = try reader.byte()
      let kindByte = try reader.byte()
      _ = try reader.varint()
      guard kindByte & 0x80 != 0 else { return (try reader.byte(), false) }
      let size = try reader.count(limit: ColumnDeflate.maximumInflatedSize)
      let body = try ColumnDeflate.decompress(try reader.bytes(reader.remaining), size: size)
      return (body.first ?? 0, true)
    }
  }

  /// Decodes a body; with `rows`, only those rows, in that order (strings are then built
  /// for those rows alone, which is what makes reading a few rows of a block cheap).
  private static func decodeBody(
    _ reader: inout ColumnBlobReader, kind: ColumnKind, count: Int, rows: [Int]?, nested: Bool,
    context: [UInt32]?
  ) throws -> ColumnVector {
    let vector: ColumnVector =
      switch kind {
      case .int64: .int64(try decodeInt64Body(&reader, count: count))
      case .float64: .float64(try decodeFloat64Body(&reader, count: count))
      case .dictionary: .dictionary(try decodeDictionaryBody(&reader, count: count))
      case .string:
        .string(
          try decodeStringBody(
            &reader, count: count, rows: rows, nested: nested, context: context))
      }
    guard let rows, kind != .string else { return vector }
    return vector.selecting(rows)
  }
}
