/// A log line cut into tokens, each reduced to a 64-bit value; `0` marks a masked variable.
struct LogTokens: Sendable {
  /// One value per token, in order; ``LogTokenizer/wildcard`` for masked variables.
  var values: [UInt64] = []
  /// Byte ranges of the tokens in the line, filled only when asked for (rendering).
  var ranges: [Range<Int>] = []
  /// The key of the first token in the parse tree: its value, or the wildcard when the first
  /// token is a variable or looks like a name (dots, slashes, `@`, `-`, `*`).
  var leadingKey: UInt64 = LogTokenizer.wildcard
  /// A hash of the whole sequence of values, for the exact-match shortcut.
  var sequenceHash: UInt64 = 0
}

/// Cuts log lines into tokens and masks the tokens that are certainly variables.
///
/// A line is split at white space into chunks, and each chunk at the delimiters
/// `= : , ; ( ) [ ] { } " |` into pieces. Empty pieces are kept (`()` is three empty pieces),
/// so `rhost=` and `rhost=example.org`, or `()` and `(host)`, have the same token count.
/// A piece is masked when it contains a digit (numbers, ips, hex ids, uuids, durations,
/// versions), is a hex string of 8 or more characters, or is a weekday or month name (dates
/// spread over several tokens). A size or time unit right after a masked token (`12 KB`,
/// `3 ms`) is folded into it, so `12 B` and `3 KB` give the same tokens.
enum LogTokenizer {
  /// The value of a masked token.
  static let wildcard: UInt64 = 0

  /// Tokenises `line`, looking at its first `maxBytes` bytes.
  static func tokens(of line: String, maxBytes: Int, withRanges: Bool) -> LogTokens {
    if let tokens = line.utf8.withContiguousStorageIfAvailable({ buffer in
      tokens(of: UnsafeBufferPointer(rebasing: buffer.prefix(maxBytes)), withRanges: withRanges)
    }) {
      return tokens
    }
    // Strings without contiguous UTF-8 storage (bridged ones): copy once.
    let bytes = Array(line.utf8.prefix(maxBytes))
    return bytes.withUnsafeBufferPointer { tokens(of: $0, withRanges: withRanges) }
  }

  /// Tokenises raw bytes.
  static func tokens(of bytes: UnsafeBufferPointer<UInt8>, withRanges: Bool) -> LogTokens {
    var result = LogTokens()
    result.values.reserveCapacity(24)
    if withRanges { result.ranges.reserveCapacity(24) }
    let count = bytes.count
    var index = 0
    var previousWasVariable = false
    var previousEndedChunk = false
    var sequence: UInt64 = 0xcbf2_9ce4_8422_2325
    while index < count {
      while index < count, isSpace(bytes[index]) { index += 1 }
      if index >= count { break }
      let chunkStart = index
      var pieceStart = index
      while true {
        var end = pieceStart
        while end < count, !isSpace(bytes[end]), !isDelimiter(bytes[end]) { end += 1 }
        let piece = classify(bytes, pieceStart..<end)
        // `12 KB`: the unit belongs to the number before it; `blk_1 blk_2 blk_3`: a run of
        // variables between spaces is one variable (lists, dates, numbers in a row).
        let continuesRun =
          piece.value == wildcard && previousWasVariable && previousEndedChunk
          && pieceStart == chunkStart
        if (piece.isUnit && previousWasVariable) || continuesRun {
          if withRanges, let last = result.ranges.indices.last {
            result.ranges[last] = result.ranges[last].lowerBound..<end
          }
        } else {
          if result.values.isEmpty {
            result.leadingKey = piece.isPlainWord ? piece.value : wildcard
          }
          result.values.append(piece.value)
          if withRanges { result.ranges.append(pieceStart..<end) }
          sequence = TokenHash.mix(sequence ^ piece.value) &+ 0x9e37_79b9_7f4a_7c15
          previousWasVariable = piece.value == wildcard
        }
        if end < count, isDelimiter(bytes[end]) {
          previousEndedChunk = false
          pieceStart = end + 1
          continue
        }
        previousEndedChunk = true
        index = end
        break
      }
    }
    result.sequenceHash = TokenHash.mix(sequence ^ UInt64(result.values.count))
    return result
  }

  /// What one piece is.
  private struct Piece {
    var value: UInt64
    var isUnit: Bool
    var isPlainWord: Bool
  }

  private static func classify(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Piece {
    if range.isEmpty { return Piece(value: emptyValue, isUnit: false, isPlainWord: true) }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    var lowerHash: UInt64 = 0xcbf2_9ce4_8422_2325
    var hasDigit = false
    var allHex = true
    var allLetters = true
    var hasNameMark = false
    for index in range {
      let byte = bytes[index]
      hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
      let isUpper = byte >= 0x41 && byte <= 0x5a
      let isLower = byte >= 0x61 && byte <= 0x7a
      let isDigit = byte >= 0x30 && byte <= 0x39
      hasDigit = hasDigit || isDigit
      allLetters = allLetters && (isUpper || isLower)
      allHex = allHex && (isDigit || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66))
      hasNameMark =
        hasNameMark || byte == 0x2e || byte == 0x2f || byte == 0x5c || byte == 0x40
        || byte == 0x2d || byte == 0x2a
      lowerHash = (lowerHash ^ UInt64(isUpper ? byte | 0x20 : byte)) &* 0x0000_0100_0000_01b3
    }
    let length = range.count
    if hasDigit || (allHex && length >= 8) {
      return Piece(value: wildcard, isUnit: false, isPlainWord: false)
    }
    if allLetters, length <= 9 {
      if calendarWords.contains(lowerHash) {
        return Piece(value: wildcard, isUnit: false, isPlainWord: false)
      }
      if units.contains(lowerHash) {
        return Piece(value: nonZero(TokenHash.mix(hash)), isUnit: true, isPlainWord: true)
      }
    }
    return Piece(value: nonZero(TokenHash.mix(hash)), isUnit: false, isPlainWord: !hasNameMark)
  }

  private static func nonZero(_ value: UInt64) -> UInt64 { value == wildcard ? 1 : value }

  @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0d)
  }

  @inline(__always) static func isDelimiter(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: ";"),
      UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"),
      UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "\""), UInt8(ascii: "|"):
      return true
    default:
      return false
    }
  }

  /// The value of an empty piece (between two delimiters).
  private static let emptyValue: UInt64 = nonZero(TokenHash.mix(0x5eed))

  /// Lower-case hashes of weekday and month names.
  private static let calendarWords: Set<UInt64> = Set(
    [
      "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday",
      "thursday", "friday", "saturday", "sunday", "jan", "feb", "mar", "apr", "may", "jun",
      "jul", "aug", "sep", "oct", "nov", "dec", "january", "february", "march", "april",
      "june", "july", "august", "september", "october", "november", "december",
    ].map(lowerHash))

  /// Lower-case hashes of the size and time units folded into a number before them.
  private static let units: Set<UInt64> = Set(
    [
      "b", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "tib", "bytes", "ms", "us", "ns", "s",
      "sec", "secs", "seconds", "m", "min", "h",
    ].map(lowerHash))

  private static func lowerHash(_ word: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in word.lowercased().utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    return hash
  }
}

/// The 64-bit mixing used for token values and keys.
enum TokenHash {
  /// A bijective finaliser (SplitMix64's), so distinct inputs stay distinct.
  @inline(__always) static func mix(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9e37_79b9_7f4a_7c15
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }

  /// The contribution of `value` at `position` to an order-aware additive key.
  @inline(__always) static func positioned(_ position: Int, _ value: UInt64) -> UInt64 {
    mix(value ^ (UInt64(truncatingIfNeeded: position) &* 0xd6e8_feb8_6659_fd93))
  }
}
