/// The tokenized string encoding of ``ColumnCodec`` (string tag 2): ids, UUIDs and hex
/// digests inside text are stored as binary numbers and bytes instead of characters.
///
/// Each value is split into a skeleton, its text with every token replaced by a marker
/// byte, and its tokens:
/// - a decimal number: a maximal run of digits, at most 18 of them, without a leading zero
///   (`0` itself included), marker `0x01`, stored as an integer;
/// - a UUID: `8-4-4-4-12` lowercase hex digits not followed by another hex digit, marker
///   `0x02`, stored as its 16 bytes;
/// - a hex string: a maximal run of an even number (8 to 510) of lowercase hex digits that
///   is not a number, marker `0x03`, stored as its bytes.
///
/// Anything else (uppercase hex, leading zeros, odd lengths) stays in the skeleton as text,
/// so every value reads back byte for byte. A column with a marker byte in some value is
/// not tokenized at all.
///
/// Body: `[u8 2]` (or `[u8 4]`, skeletons given a context column), then length-prefixed nested column blobs (`varint size`, blob): the
/// skeletons (a `string` column of `n` rows), `u8 s` and `s` number streams (`int64`
/// columns: stream `k` holds the `k`-th number of each value, the last stream also every
/// later one), the byte lengths of the hex tokens (`int64`); then `varint size` and the
/// raw bytes of the UUID and hex tokens in order. Numbers at the same position in their
/// value (an id after `/users/`) share a range, which per-position frames of reference use.
extension ColumnCodec {
  /// Marker bytes standing for a token in a skeleton.
  enum TextToken: UInt8 {
    case number = 1
    case uuid = 2
    case hex = 3
  }

  /// Most number streams; later numbers of a value share the last.
  static let numberStreamLimit = 8
  /// Digits of the longest number token: every 18-digit number fits in an `Int64`.
  static let numberDigitLimit = 18

  /// A string column split into skeletons and tokens.
  struct TokenizedText {
    var skeletons: [String] = []
    var numbers: [[Int64]] = []
    var hexLengths: [Int64] = []
    var raw: [UInt8] = []
    /// Bytes of the values that tokens replaced.
    var coveredBytes = 0
    var totalBytes = 0

    /// Splits `values`; nil when a value holds a marker byte.
    init?(_ values: [String]) {
      skeletons.reserveCapacity(values.count)
      var skeleton: [UInt8] = []
      for var value in values {
        let ok = value.withUTF8 { bytes in split(bytes, into: &skeleton) }
        guard ok else { return nil }
        skeletons.append(String(decoding: skeleton, as: UTF8.self))
      }
    }

    /// Appends the tokens of `bytes` and leaves its skeleton in `skeleton`; false when
    /// `bytes` holds a marker byte.
    private mutating func split(_ bytes: UnsafeBufferPointer<UInt8>, into skeleton: inout [UInt8])
      -> Bool
    {
      skeleton.removeAll(keepingCapacity: true)
      totalBytes += bytes.count
      var numberIndex = 0
      var index = 0
      let count = bytes.count
      while index < count {
        let byte = bytes[index]
        if byte <= TextToken.hex.rawValue && byte >= TextToken.number.rawValue { return false }
        guard Self.hexValue(byte) != nil else {
          skeleton.append(byte)
          index += 1
          continue
        }
        if let uuid = Self.uuid(bytes, at: index) {
          skeleton.append(TextToken.uuid.rawValue)
          raw.append(contentsOf: uuid)
          coveredBytes += 36
          index += 36
          continue
        }
        var end = index
        var digitsOnly = true
        while end < count, let value = Self.hexValue(bytes[end]) {
          if value > 9 { digitsOnly = false }
          end += 1
        }
        let length = end - index
        if digitsOnly, length <= numberDigitLimit, length == 1 || byte != UInt8(ascii: "0") {
          var number: Int64 = 0
          for digit in bytes[index..<end] { number = number * 10 + Int64(digit - 48) }
          let stream = min(numberIndex, numberStreamLimit - 1)
          if numbers.count <= stream {
            numbers += Array(repeating: [], count: stream + 1 - numbers.count)
          }
          numbers[stream].append(number)
          numberIndex += 1
          skeleton.append(TextToken.number.rawValue)
          coveredBytes += length
        } else if length >= 8, length <= 510, length % 2 == 0 {
          skeleton.append(TextToken.hex.rawValue)
          hexLengths.append(Int64(length / 2))
          var position = index
          while position < end {
            raw.append(Self.nibble(bytes[position]) << 4 | Self.nibble(bytes[position + 1]))
            position += 2
          }
          coveredBytes += length
        } else {
          skeleton.append(contentsOf: bytes[index..<end])
        }
        index = end
      }
      return true
    }

    /// The value of a lowercase hex digit, nil for any other byte.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - 48
      case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - 87
      default: nil
      }
    }

    /// The value of a byte already known to be a lowercase hex digit.
    @inline(__always)
    private static func nibble(_ byte: UInt8) -> UInt8 {
      byte <= UInt8(ascii: "9") ? byte &- 48 : byte &- 87
    }

    /// The 16 bytes of a lowercase UUID starting at `start` and not followed by a hex digit.
    private static func uuid(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> [UInt8]? {
      guard bytes.count - start >= 36 else { return nil }
      if bytes.count - start > 36, hexValue(bytes[start + 36]) != nil { return nil }
      var result: [UInt8] = []
      result.reserveCapacity(16)
      var position = start
      for group in [8, 4, 4, 4, 12] {
        if position > start {
          guard bytes[position] == UInt8(ascii: "-") else { return nil }
          position += 1
        }
        for _ in 0..<(group / 2) {
          guard let high = hexValue(bytes[position]), let low = hexValue(bytes[position + 1])
          else { return nil }
          result.append(high << 4 | low)
          position += 2
        }
      }
      return result
    }
  }

  /// The tokenized body of `values`, or nil when tokens cover less than a quarter of the
  /// text (a skeleton as large as the text saves nothing) or a value holds a marker byte.
  ///
  /// With `context` (tag 4), the skeletons are stored as `varint k` and a nested string
  /// column of the `k` distinct skeletons, `varint m` and `m` pairs `varint id, varint
  /// skeleton` giving each context id its most common skeleton, and a nested `int64`
  /// column of `n` rows: 0 for a row whose skeleton is its context id's, else the index of
  /// its skeleton plus one. Paths given their route: 0 nearly everywhere.
  static func encodeTokenizedBody(_ values: [String], deflateLevel: Int32, context: [UInt32]? = nil)
    -> [UInt8]?
  {
    guard values.count >= 4, let text = TokenizedText(values),
      text.coveredBytes * 4 >= text.totalBytes, text.coveredBytes > 0
    else { return nil }
    var writer = ColumnBlobWriter(capacity: text.raw.count + values.count + 64)
    func nested(_ vector: ColumnVector) {
      let blob = encode(vector, deflateLevel: deflateLevel, tokenize: false)
      writer.varint(UInt64(blob.count))
      writer.append(blob)
    }
    if let context, context.count == values.count {
      writer.byte(StringTag.tokenizedInContext.rawValue)
      var positions: [UTF8Key: Int] = [:]
      var distinct: [String] = []
      var indices: [Int] = []
      indices.reserveCapacity(values.count)
      for skeleton in text.skeletons {
        let key = UTF8Key(skeleton)
        if let position = positions[key] {
          indices.append(position)
        } else {
          positions[key] = distinct.count
          indices.append(distinct.count)
          distinct.append(skeleton)
        }
      }
      var pairs: [UInt64: Int] = [:]
      for (row, index) in indices.enumerated() {
        pairs[UInt64(context[row]) << 32 | UInt64(index), default: 0] += 1
      }
      var defaults: [UInt32: (index: Int, count: Int)] = [:]
      for (pair, count) in pairs {
        let id = UInt32(truncatingIfNeeded: pair >> 32)
        let index = Int(truncatingIfNeeded: pair & 0xFFFF_FFFF)
        if let known = defaults[id],
          known.count > count || (known.count == count && known.index < index)
        {
          continue
        }
        defaults[id] = (index, count)
      }
      writer.varint(UInt64(distinct.count))
      nested(.string(distinct))
      writer.varint(UInt64(defaults.count))
      for (id, entry) in defaults.sorted(by: { $0.key < $1.key }) {
        writer.varint(UInt64(id))
        writer.varint(UInt64(entry.index))
      }
      nested(
        .int64(
          indices.enumerated().map { row, index in
            defaults[context[row]]?.index == index ? 0 : Int64(index) + 1
          }))
    } else {
      writer.byte(StringTag.tokenized.rawValue)
      nested(.string(text.skeletons))
    }
    writer.byte(UInt8(text.numbers.count))
    for stream in text.numbers { nested(.int64(stream)) }
    nested(.int64(text.hexLengths))
    writer.varint(UInt64(text.raw.count))
    writer.append(text.raw)
    return writer.bytes
  }

  /// Decodes a tokenized body (after its tag) of `count` values; with `rows`, only those.
  /// `context` is given for tag 4, nil for tag 2.
  static func decodeTokenizedBody(
    _ reader: inout ColumnBlobReader, count: Int, rows: [Int]?, context: [UInt32]?
  ) throws -> [String] {
    func nested(_ kind: ColumnKind, _ rowCount: Int) throws -> ColumnVector {
      let size = try reader.count(limit: reader.remaining)
      return try decode(try reader.bytes(size), kind: kind, rowCount: rowCount, nested: true)
    }
    let skeletons: [String]
    if let context {
      let distinctCount = try reader.count(limit: count)
      guard let distinct = try nested(.string, distinctCount).stringValues else {
        throw BlockStoreError.corruptBlock("tokenized skeletons")
      }
      var defaults: [UInt32: Int] = [:]
      for _ in 0..<(try reader.count(limit: count)) {
        let id = try reader.varint()
        let index = try reader.varint()
        guard id <= UInt64(UInt32.max), index < UInt64(distinctCount) else {
          throw BlockStoreError.corruptBlock("tokenized skeleton defaults")
        }
        defaults[UInt32(id)] = Int(index)
      }
      guard let choices = try nested(.int64, count).int64Values else {
        throw BlockStoreError.corruptBlock("tokenized skeleton choices")
      }
      skeletons = try zip(choices, context).map { choice, id in
        if choice == 0, let index = defaults[id] { return distinct[index] }
        guard choice > 0, choice <= Int64(distinctCount) else {
          throw BlockStoreError.corruptBlock("tokenized skeleton \(choice)")
        }
        return distinct[Int(choice) - 1]
      }
    } else {
      guard let values = try nested(.string, count).stringValues else {
        throw BlockStoreError.corruptBlock("tokenized skeletons")
      }
      skeletons = values
    }
    // Where each row's tokens start: counted from the markers of the skeletons before it.
    var numberCounts = [Int](repeating: 0, count: numberStreamLimit)
    var hexCount = 0
    var uuidCount = 0
    var starts: [TokenCursor] = []
    starts.reserveCapacity(count)
    for skeleton in skeletons {
      starts.append(TokenCursor(numbers: numberCounts, hex: hexCount, uuid: uuidCount))
      var numberIndex = 0
      for byte in skeleton.utf8 where byte <= TextToken.hex.rawValue {
        switch TextToken(rawValue: byte) {
        case .number:
          numberCounts[min(numberIndex, numberStreamLimit - 1)] += 1
          numberIndex += 1
        case .uuid: uuidCount += 1
        case .hex: hexCount += 1
        case nil: continue
        }
      }
    }
    let streamCount = Int(try reader.byte())
    guard streamCount <= numberStreamLimit,
      numberCounts[streamCount...].allSatisfy({ $0 == 0 })
    else { throw BlockStoreError.corruptBlock("tokenized number streams") }
    var numbers: [[Int64]] = []
    for stream in 0..<streamCount {
      guard let values = try nested(.int64, numberCounts[stream]).int64Values,
        values.allSatisfy({ $0 >= 0 })
      else { throw BlockStoreError.corruptBlock("tokenized numbers") }
      numbers.append(values)
    }
    guard let hexLengths = try nested(.int64, hexCount).int64Values,
      hexLengths.allSatisfy({ (4...255).contains($0) })
    else { throw BlockStoreError.corruptBlock("tokenized hex lengths") }
    // Byte offsets of every hex token in the raw bytes, UUIDs before it counted by rows.
    let rawSize = try reader.count(limit: reader.remaining)
    guard rawSize == uuidCount * 16 + hexLengths.reduce(0, { $0 + Int($1) }) else {
      throw BlockStoreError.corruptBlock("tokenized raw bytes")
    }
    let raw = try reader.bytes(rawSize)
    var hexOffsets = [Int](repeating: 0, count: hexCount + 1)
    for (index, length) in hexLengths.enumerated() {
      hexOffsets[index + 1] = hexOffsets[index] + Int(length)
    }
    var builder = TokenizedTextBuilder(
      numbers: numbers, hexLengths: hexLengths, hexOffsets: hexOffsets, raw: raw)
    guard let rows else {
      return skeletons.indices.map { builder.value(skeletons[$0], from: starts[$0]) }
    }
    return rows.map { builder.value(skeletons[$0], from: starts[$0]) }
  }

  /// Positions of a row's first tokens in the token streams.
  struct TokenCursor {
    var numbers: [Int]
    var hex: Int
    var uuid: Int
  }

  /// Rebuilds values from skeletons and the decoded token streams.
  private struct TokenizedTextBuilder {
    let numbers: [[Int64]]
    let hexLengths: [Int64]
    let hexOffsets: [Int]
    let raw: UnsafeRawBufferPointer
    var scratch: [UInt8] = []

    init(numbers: [[Int64]], hexLengths: [Int64], hexOffsets: [Int], raw: UnsafeRawBufferPointer) {
      self.numbers = numbers
      self.hexLengths = hexLengths
      self.hexOffsets = hexOffsets
      self.raw = raw
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// The value of `skeleton`, whose tokens start at `cursor`. The counts were checked
    /// against the streams, so every index is in range.
    mutating func value(_ skeleton: String, from cursor: TokenCursor) -> String {
      var hasToken = false
      for byte in skeleton.utf8 where byte <= TextToken.hex.rawValue && byte != 0 {
        hasToken = true
        break
      }
      guard hasToken else { return skeleton }
      scratch.removeAll(keepingCapacity: true)
      var cursor = cursor
      var numberIndex = 0
      // UUID bytes sit before the hex bytes of the same rank in token order; both share
      // the raw buffer in token order, so the offset is UUIDs before times 16 plus hex
      // bytes before.
      for byte in skeleton.utf8 {
        switch byte {
        case TextToken.number.rawValue:
          let stream = min(numberIndex, numberStreamLimit - 1)
          appendDecimal(numbers[stream][cursor.numbers[stream]])
          cursor.numbers[stream] += 1
          numberIndex += 1
        case TextToken.uuid.rawValue:
          let start = cursor.uuid * 16 + hexOffsets[cursor.hex]
          for index in 0..<16 {
            if index == 4 || index == 6 || index == 8 || index == 10 {
              scratch.append(UInt8(ascii: "-"))
            }
            appendHex(raw[start + index])
          }
          cursor.uuid += 1
        case TextToken.hex.rawValue:
          let start = cursor.uuid * 16 + hexOffsets[cursor.hex]
          for index in 0..<Int(hexLengths[cursor.hex]) { appendHex(raw[start + index]) }
          cursor.hex += 1
        default:
          scratch.append(byte)
        }
      }
      return String(decoding: scratch, as: UTF8.self)
    }

    private mutating func appendHex(_ byte: UInt8) {
      scratch.append(Self.digits[Int(byte >> 4)])
      scratch.append(Self.digits[Int(byte & 15)])
    }

    private mutating func appendDecimal(_ value: Int64) {
      let start = scratch.count
      var rest = value
      repeat {
        scratch.append(UInt8(48 + rest % 10))
        rest /= 10
      } while rest > 0
      scratch[start...].reverse()
    }
  }
}
