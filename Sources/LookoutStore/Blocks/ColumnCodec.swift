/// Encodes one column of one block into a self-describing blob, and decodes it back.
///
/// # Format, version 1
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
/// costs several times what unpacking does, and numeric columns are what scans touch).
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
///
/// `dictionary` (ids of a ``StringDictionary``): 0 constant `varint id`;
/// 1 frame of reference `varint base, u8 w, packed(n, w)`; 5 dominant id
/// `varint id, exceptions bitmap, dictionary body of the exception ids` (method GET).
///
/// `float64`: 0 raw `n × u64` (bit patterns); 1 Gorilla XOR: an MSB-first bit stream of
/// the first value's 64 bits, then per value `0` (same as previous) or `1` + `0` + the
/// meaningful bits in the previous window, or `1` + `1` + 5 bits of leading zeros +
/// 6 bits of (meaningful length - 1) + the meaningful bits; 2 constant `u64`.
///
/// `string`: 0 plain: a text list of the `n` values; 1 block dictionary: `varint k`, a
/// text list of the `k` distinct values in first-seen order, `u8 w`, `packed(n, w)`
/// indices. A text list is `u8 layout` then either (0) an `int64` body of the UTF-8
/// lengths, `varint total`, the bytes back to back, or (1, when no value contains a NUL)
/// `varint total` and each value's bytes followed by a NUL. Plain text is left to deflate.
enum ColumnCodec {
  /// Version byte at the start of every blob written by this code.
  static let version: UInt8 = 1

  /// zlib level for column bodies. Level 6 costs about twice level 1's time on URL text
  /// for ~10% fewer bytes; writes are batched, so size wins (see ColumnCodecTests).
  static let defaultDeflateLevel: Int32 = 6

  /// The blob for `vector`; `deflateLevel` 0 never deflates.
  static func encode(_ vector: ColumnVector, deflateLevel: Int32 = defaultDeflateLevel)
    -> [UInt8]
  {
    let bodies: [[UInt8]]
    switch vector {
    case .int64(let values): bodies = [encodeInt64Body(values)]
    case .float64(let values): bodies = [encodeFloat64Body(values)]
    case .dictionary(let ids): bodies = [encodeDictionaryBody(ids)]
    case .string(let values): bodies = stringBodies(values)
    }
    // Each candidate body, deflated when that saves enough; the smallest wins. Inflating
    // costs 3-10 ns per value, several times the decoding of a bit-packed body, so the
    // numeric columns that scans filter and aggregate must halve to be deflated.
    let divisor = vector.kind == .string ? 10 : 2
    var best: (stored: [UInt8], rawSize: Int, deflated: Bool)?
    for body in bodies {
      var candidate = (stored: body, rawSize: body.count, deflated: false)
      if deflateLevel > 0, body.count >= 64,
        let deflated = ColumnDeflate.compress(body, level: deflateLevel),
        deflated.count + 5 < body.count - body.count / divisor
      {
        candidate = (deflated, body.count, true)
      }
      if let current = best, current.stored.count <= candidate.stored.count { continue }
      best = candidate
    }
    let chosen = best!
    var writer = ColumnBlobWriter(capacity: chosen.stored.count + 16)
    writer.byte(version)
    writer.byte(vector.kind.rawValue | (chosen.deflated ? 0x80 : 0))
    writer.varint(UInt64(vector.count))
    if chosen.deflated { writer.varint(UInt64(chosen.rawSize)) }
    writer.append(chosen.stored)
    return writer.bytes
  }

  /// Decodes a blob holding `rowCount` values of `kind`.
  ///
  /// - Throws: ``BlockStoreError/corruptBlock(_:)`` when the blob is damaged, of another
  ///   kind or row count, or of a format version this code does not know.
  static func decode(_ blob: UnsafeRawBufferPointer, kind: ColumnKind, rowCount: Int) throws
    -> ColumnVector
  {
    var reader = ColumnBlobReader(blob)
    let blobVersion = try reader.byte()
    guard blobVersion == version else {
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
    if kindByte & 0x80 == 0 {
      return try decodeBody(&reader, kind: kind, count: rowCount)
    }
    let size = try reader.count(limit: ColumnDeflate.maximumInflatedSize)
    let body = try ColumnDeflate.decompress(try reader.bytes(reader.remaining), size: size)
    return try body.withUnsafeBytes { bytes in
      var inner = ColumnBlobReader(bytes)
      return try decodeBody(&inner, kind: kind, count: rowCount)
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

  private static func decodeBody(_ reader: inout ColumnBlobReader, kind: ColumnKind, count: Int)
    throws -> ColumnVector
  {
    switch kind {
    case .int64: .int64(try decodeInt64Body(&reader, count: count))
    case .float64: .float64(try decodeFloat64Body(&reader, count: count))
    case .dictionary: .dictionary(try decodeDictionaryBody(&reader, count: count))
    case .string: .string(try decodeStringBody(&reader, count: count))
    }
  }
}
