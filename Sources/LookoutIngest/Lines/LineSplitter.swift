/// Splits a stream of bytes into lines, for tailed files and pushed bodies.
///
/// Lines end with `\n` or `\r\n`; the terminator is not part of the line. A final line
/// without terminator is held back (not consumed) unless the input is final, so a tailer
/// keeps the remainder and prepends it to the next read. A line that grows past
/// ``maxLineLength`` while still unterminated is not buffered forever: its first
/// `maxLineLength + 1` bytes are handed over (a decoder with the same limit reports it as
/// too long) and the rest of it, up to its newline, is consumed silently.
///
/// ```swift
/// var splitter = LineSplitter()
/// let consumed = buffer.withUnsafeBytes { bytes in
///   splitter.split(bytes, isFinal: false) { line in lines.append(Array(line)) }
/// }
/// buffer.removeFirst(consumed)
/// ```
public struct LineSplitter: Sendable {
  /// The longest line held back while waiting for its end, in bytes.
  public let maxLineLength: Int
  /// Whether the input is inside an overlong line whose head was already handed over.
  public private(set) var isSkippingOverlongLine = false

  /// Creates a splitter.
  ///
  /// - Parameter maxLineLength: the longest unterminated line kept waiting for its end;
  ///   use the decoder's limit.
  public init(maxLineLength: Int = 64 * 1024) {
    self.maxLineLength = maxLineLength
  }

  /// Calls `body` with each line of `buffer` and returns how many bytes were consumed.
  ///
  /// - Parameters:
  ///   - buffer: the bytes read so far (a remainder from the last call first).
  ///   - isFinal: whether no more bytes follow; the last unterminated line is then a line.
  ///   - body: receives each line without its terminator; the bytes are valid only during
  ///     the call.
  /// - Returns: the number of bytes of `buffer` consumed; keep the rest for the next call.
  /// - Throws: whatever `body` throws, stopping the split.
  @discardableResult
  public mutating func split<Failure: Error>(
    _ buffer: UnsafeRawBufferPointer, isFinal: Bool,
    _ body: (UnsafeRawBufferPointer) throws(Failure) -> Void
  ) throws(Failure) -> Int {
    var start = 0
    while start < buffer.count {
      guard let newline = ByteSearch.firstIndex(of: 10, in: buffer, from: start) else {
        break
      }
      if isSkippingOverlongLine {
        isSkippingOverlongLine = false
      } else {
        var end = newline
        if end > start, buffer[end - 1] == 13 { end -= 1 }
        try body(UnsafeRawBufferPointer(rebasing: buffer[start..<end]))
      }
      start = newline + 1
    }
    let remaining = buffer.count - start
    guard remaining > 0 else { return start }
    if isSkippingOverlongLine {
      if isFinal { isSkippingOverlongLine = false }
      return buffer.count
    }
    if isFinal {
      var end = buffer.count
      if buffer[end - 1] == 13 { end -= 1 }
      try body(UnsafeRawBufferPointer(rebasing: buffer[start..<end]))
      return buffer.count
    }
    if remaining > maxLineLength {
      try body(UnsafeRawBufferPointer(rebasing: buffer[start..<(start + maxLineLength + 1)]))
      isSkippingOverlongLine = true
      return buffer.count
    }
    return start
  }
}
