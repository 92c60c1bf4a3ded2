/// Decompresses Snappy's block format (not the framed/stream format), as Loki push and
/// Prometheus remote_write bodies use it.
///
/// Written here because no Swift snappy package is available to the project; it follows
/// the format description of google/snappy (`format_description.txt`): a varint of the
/// uncompressed length, then elements, each a literal run or a copy of earlier output
/// (offsets of 1, 2 or 4 bytes). Every length and offset is checked against the input
/// and the output written so far, and the claimed length against `limit` before anything
/// is allocated, so a hostile body fails with a ``SnappyError`` instead of reading out of
/// bounds or allocating gigabytes.
///
/// ```swift
/// let protobuf = try SnappyDecoder.decompress(body, limit: 64 << 20)
/// ```
public enum SnappyDecoder {
  /// The default cap on the uncompressed size: 256 MiB.
  public static let defaultLimit = 256 << 20

  /// The uncompressed bytes of one snappy block.
  ///
  /// - Parameters:
  ///   - input: the compressed block.
  ///   - limit: the largest uncompressed size accepted.
  /// - Throws: ``SnappyError``.
  public static func decompress(_ input: [UInt8], limit: Int = defaultLimit) throws(SnappyError)
    -> [UInt8]
  {
    var position = 0
    let claimed = try readLength(input, &position)
    guard claimed <= limit else { throw .tooLarge(claimed: claimed, limit: limit) }
    var output: [UInt8] = []
    output.reserveCapacity(claimed)
    while position < input.count {
      let tag = input[position]
      position += 1
      switch tag & 0x03 {
      case 0:
        let length = try literalLength(tag, input, &position)
        guard length <= input.count - position else { throw .truncated }
        guard length <= claimed - output.count else { throw .lengthMismatch }
        output.append(contentsOf: input[position..<position + length])
        position += length
      case 1:
        guard position < input.count else { throw .truncated }
        let length = 4 + Int((tag >> 2) & 0x07)
        let offset = Int(tag >> 5) << 8 | Int(input[position])
        position += 1
        try copy(&output, offset: offset, length: length, claimed: claimed)
      case 2:
        guard input.count - position >= 2 else { throw .truncated }
        let length = 1 + Int(tag >> 2)
        let offset = Int(input[position]) | Int(input[position + 1]) << 8
        position += 2
        try copy(&output, offset: offset, length: length, claimed: claimed)
      default:
        guard input.count - position >= 4 else { throw .truncated }
        let length = 1 + Int(tag >> 2)
        var offset = 0
        for index in 0..<4 { offset |= Int(input[position + index]) << (8 * index) }
        position += 4
        try copy(&output, offset: offset, length: length, claimed: claimed)
      }
    }
    guard output.count == claimed else { throw .lengthMismatch }
    return output
  }

  /// The uncompressed length: a little-endian base-128 varint of at most 32 bits.
  private static func readLength(_ input: [UInt8], _ position: inout Int) throws(SnappyError)
    -> Int
  {
    var value = 0
    var shift = 0
    while true {
      guard position < input.count else { throw .truncated }
      let byte = input[position]
      position += 1
      guard shift < 32 else { throw .invalidLength }
      value |= Int(byte & 0x7F) << shift
      if byte & 0x80 == 0 { break }
      shift += 7
    }
    guard value <= Int(UInt32.max) else { throw .invalidLength }
    return value
  }

  /// A literal's length: in the tag up to 60, else in the 1-4 bytes after it.
  private static func literalLength(_ tag: UInt8, _ input: [UInt8], _ position: inout Int)
    throws(SnappyError) -> Int
  {
    let inTag = Int(tag >> 2)
    guard inTag >= 60 else { return inTag + 1 }
    let width = inTag - 59
    guard input.count - position >= width else { throw .truncated }
    var length = 0
    for index in 0..<width { length |= Int(input[position + index]) << (8 * index) }
    position += width
    return length + 1
  }

  /// Appends `length` bytes starting `offset` bytes back; the ranges may overlap (a run).
  private static func copy(_ output: inout [UInt8], offset: Int, length: Int, claimed: Int)
    throws(SnappyError)
  {
    guard offset > 0, offset <= output.count else {
      throw .invalidOffset(offset: offset, produced: output.count)
    }
    guard length <= claimed - output.count else { throw .lengthMismatch }
    var source = output.count - offset
    for _ in 0..<length {
      output.append(output[source])
      source += 1
    }
  }
}

/// Why a snappy block cannot be decompressed; the server answers 400 (413 for
/// ``tooLarge(claimed:limit:)``).
public enum SnappyError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The data ends inside the length, a tag or a literal.
  case truncated
  /// The length prefix is not a varint of at most 32 bits.
  case invalidLength
  /// The block claims more uncompressed bytes than accepted.
  case tooLarge(claimed: Int, limit: Int)
  /// A copy points before the start of the output (or has offset 0).
  case invalidOffset(offset: Int, produced: Int)
  /// The elements produce more or fewer bytes than the length prefix says.
  case lengthMismatch

  /// A sentence for logs and error bodies.
  public var description: String {
    switch self {
    case .truncated: "snappy data ends early"
    case .invalidLength: "snappy length prefix is malformed"
    case .tooLarge(let claimed, let limit):
      "snappy data claims \(claimed) bytes uncompressed, more than the limit of \(limit)"
    case .invalidOffset(let offset, let produced):
      "snappy copy offset \(offset) reaches before the start (\(produced) bytes written)"
    case .lengthMismatch: "snappy data does not produce the length it claims"
    }
  }
}
