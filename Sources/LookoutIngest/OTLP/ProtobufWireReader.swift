import Foundation

/// Reads protobuf binary wire format from a borrowed buffer, field by field, with the
/// checks and answers of swift-protobuf's `BinaryDecoder` (which ``OTLPProtobufTraceReader``
/// replaces on the hot path, and against which it is tested): the same bytes are refused,
/// for the same reasons.
///
/// Written by hand because swift-protobuf decodes into its message types only; the span
/// reader needs the fields as they go by.
struct ProtobufWireReader {
  /// Why bytes cannot be read; swift-protobuf's `BinaryDecodingError` cases of the same
  /// names.
  enum Failure: Error {
    case truncated, malformedProtobuf, invalidUTF8, messageDepthLimit
  }

  /// The wire types.
  enum WireType: UInt8 {
    case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4
    case fixed32 = 5
  }

  /// One field's tag.
  struct Tag {
    var field: Int
    var wireType: WireType
  }

  /// swift-protobuf's default message depth limit (`BinaryDecodingOptions`).
  static let depthLimit = 100

  private var position: UnsafeRawPointer?
  private let end: UnsafeRawPointer?
  /// Nesting of the message read (1 for the request), for the depth limit.
  let depth: Int

  init(_ buffer: UnsafeRawBufferPointer, depth: Int) {
    position = buffer.baseAddress
    end = buffer.baseAddress.map { $0 + buffer.count }
    self.depth = depth
  }

  private var available: Int {
    guard let position, let end else { return 0 }
    return end - position
  }

  /// The next field's tag; nil at the end of the message.
  mutating func nextTag() throws(Failure) -> Tag? {
    guard available > 0, let start = position else { return nil }
    // The tag as swift-protobuf's field loop reads it: at most 5 bytes, the last below 16.
    let first = start.load(as: UInt8.self)
    guard let wireType = WireType(rawValue: first & 7) else { throw .malformedProtobuf }
    var field = Int(first & 0x7F) >> 3
    var length = 1
    var byte = first
    while byte & 0x80 != 0 {
      guard available > length else { throw .malformedProtobuf }
      byte = start.load(fromByteOffset: length, as: UInt8.self)
      if length == 4, byte > 15 { throw .malformedProtobuf }
      field |= Int(byte & 0x7F) << (7 * length - 3)
      length += 1
      if length == 5 { break }
    }
    position = start + length
    guard field != 0, wireType != .endGroup else { throw .malformedProtobuf }
    return Tag(field: field, wireType: wireType)
  }

  /// A varint.
  mutating func varint() throws(Failure) -> UInt64 {
    guard available > 0, var cursor = position else { throw .truncated }
    var value: UInt64 = 0
    var shift: UInt64 = 0
    var left = available
    while true {
      guard left > 0, shift <= 63 else { throw .malformedProtobuf }
      let byte = cursor.load(as: UInt8.self)
      cursor += 1
      left -= 1
      value |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { break }
      shift += 7
    }
    position = cursor
    return value
  }

  /// A little-endian fixed64.
  mutating func fixed64() throws(Failure) -> UInt64 {
    guard available >= 8, let start = position else { throw .truncated }
    position = start + 8
    return UInt64(littleEndian: start.loadUnaligned(as: UInt64.self))
  }

  /// The bytes of a length-delimited field (a string, bytes or a message).
  mutating func lengthDelimited() throws(Failure) -> UnsafeRawBufferPointer {
    let length = try varint()
    guard length < 0x7FFF_FFFF else { throw .malformedProtobuf }
    guard length <= UInt64(available), let start = position else {
      if length == 0 { return UnsafeRawBufferPointer(start: nil, count: 0) }
      throw .truncated
    }
    position = start + Int(length)
    return UnsafeRawBufferPointer(start: start, count: Int(length))
  }

  /// A string field's text, refused unless valid UTF-8.
  mutating func string() throws(Failure) -> String {
    try Self.text(lengthDelimited())
  }

  /// `bytes` as text, refused unless valid UTF-8.
  static func text(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> String {
    // Nearly every key and value is ASCII, valid as it is: checked eight bytes at a time,
    // against the general validation's several times the cost.
    if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
    guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8 }
    return text
  }

  static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    var index = 0
    var high: UInt64 = 0
    while index + 8 <= bytes.count {
      high |= base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      index += 8
    }
    while index < bytes.count {
      high |= UInt64(base.load(fromByteOffset: index, as: UInt8.self))
      index += 1
    }
    return high & 0x8080_8080_8080_8080 == 0
  }

  /// Reads past a field this reader does not use (unknown, or of an unexpected wire type,
  /// which swift-protobuf also skips).
  mutating func skip(_ tag: Tag) throws(Failure) {
    try skip(tag, depth: depth)
  }

  private mutating func skip(_ tag: Tag, depth: Int) throws(Failure) {
    switch tag.wireType {
    case .varint: _ = try varint()
    case .fixed64: try advance(8)
    case .fixed32: try advance(4)
    case .lengthDelimited:
      let length = try varint()
      guard length <= UInt64(available) else { throw .truncated }
      try advance(Int(length))
    case .startGroup:
      guard depth < Self.depthLimit else { throw .messageDepthLimit }
      while true {
        guard let inner = try groupTag() else { throw .truncated }
        if inner.wireType == .endGroup {
          guard inner.field == tag.field else { throw .malformedProtobuf }
          return
        }
        try skip(inner, depth: depth + 1)
      }
    case .endGroup: throw .truncated
    }
  }

  /// A tag inside a group, read as a plain varint (swift-protobuf's rules there).
  private mutating func groupTag() throws(Failure) -> Tag? {
    guard available > 0 else { return nil }
    let raw = try varint()
    guard raw < UInt64(UInt32.max), raw >> 3 != 0,
      let wireType = WireType(rawValue: UInt8(raw & 7))
    else { throw .malformedProtobuf }
    return Tag(field: Int(raw >> 3), wireType: wireType)
  }

  private mutating func advance(_ count: Int) throws(Failure) {
    guard available >= count, let start = position else {
      if count == 0 { return }
      throw .truncated
    }
    position = start + count
  }
}

/// The strings read most recently, found again by their bytes: keys and values repeat
/// from span to span (`http.request.method`, a user agent), and a string of more than
/// 15 bytes costs an allocation and a UTF-8 check each time it is made.
///
/// A table of 256 slots indexed by a hash of the length and the first and last 8 bytes;
/// a hit is confirmed by comparing every byte, a miss replaces the slot.
struct RecentStrings {
  private var slots = [String?](repeating: nil, count: 256)

  /// The text of `bytes`, refused unless valid UTF-8.
  mutating func text(_ bytes: UnsafeRawBufferPointer) throws(ProtobufWireReader.Failure)
    -> String
  {
    // Up to 15 bytes a string is stored inline: nothing to save.
    guard bytes.count > 15, bytes.count <= 256, let base = bytes.baseAddress else {
      return try ProtobufWireReader.text(bytes)
    }
    let first = base.loadUnaligned(as: UInt64.self)
    let last = base.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
    let hash =
      (first &* 0x9E37_79B9_7F4A_7C15) ^ (last &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(bytes.count)
    let slot = Int(truncatingIfNeeded: hash >> 56)
    if var cached = slots[slot], cached.utf8.count == bytes.count,
      cached.withUTF8({ memcmp($0.baseAddress!, base, bytes.count) == 0 })
    {
      return cached
    }
    let text = try ProtobufWireReader.text(bytes)
    slots[slot] = text
    return text
  }
}
