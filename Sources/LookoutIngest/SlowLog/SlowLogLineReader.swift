/// A piece of a line handed out by ``SlowLogLineReader``: a whole line, or for a line
/// longer than the reader's window, its head and then further pieces as bytes arrive.
struct SlowLogLinePiece {
  /// The bytes, without the line terminator (`\n` or `\r\n`); valid during the call only.
  var bytes: UnsafeRawBufferPointer
  /// Whether the piece starts its line.
  var isLineStart: Bool
  /// Whether the piece ends its line.
  var isLineEnd: Bool
  /// The line's number in the stream (1-based, or from the reader's first number).
  var lineNumber: Int
  /// The stream offset of the line's first byte.
  var lineOffset: Int
}

/// Splits a stream of byte chunks into lines for the slow-log decoders.
///
/// A line cut by a chunk boundary is buffered until its end arrives. A line longer than
/// ``window`` is not buffered whole: its first `window` bytes or more go out as a head
/// piece and the rest as continuation pieces, so a 10 MB statement costs linear time and
/// bounded memory in the reader; the decoder decides what to keep.
struct SlowLogLineReader: Sendable {
  /// The longest partial line buffered before it is handed out in pieces.
  let window: Int
  /// The number of the next line to start.
  private(set) var nextLineNumber: Int
  /// The stream offset of the next byte to arrive.
  private(set) var streamOffset: Int
  /// The stream offset where the unfinished line (buffered or being streamed) starts.
  private var lineOffset: Int
  /// The start of a line whose end has not arrived yet.
  private var pending: [UInt8] = []
  /// Whether a long line's head went out and its continuation pieces are flowing.
  private var isInLongLine = false

  /// Creates a reader.
  ///
  /// - Parameters:
  ///   - window: the longest partial line kept whole while waiting for its end.
  ///   - startOffset: the stream offset of the first byte that will be read.
  ///   - firstLineNumber: the number of the first line that will be read.
  init(window: Int = 64 * 1024, startOffset: Int = 0, firstLineNumber: Int = 1) {
    self.window = max(window, 256)
    self.streamOffset = startOffset
    self.lineOffset = startOffset
    self.nextLineNumber = firstLineNumber
  }

  /// The stream offset of the first byte not yet handed out as part of a whole line.
  var unfinishedLineOffset: Int { lineOffset }

  /// Hands every complete line (or piece of a long line) of `chunk` to `body`; an
  /// unterminated last line waits for the next chunk or ``finish(_:)``.
  ///
  /// - Parameters:
  ///   - chunk: the next bytes of the stream.
  ///   - body: receives each piece.
  mutating func read(_ chunk: UnsafeRawBufferPointer, _ body: (SlowLogLinePiece) -> Void) {
    let base = streamOffset
    streamOffset += chunk.count
    var index = 0
    if isInLongLine {
      let newline = ByteSearch.firstIndex(of: 10, in: chunk, from: 0)
      body(piece(chunk, 0, newline ?? chunk.count, isStart: false, isEnd: newline != nil))
      guard let newline else { return }
      finishLine(at: base + newline + 1)
      index = newline + 1
    } else if !pending.isEmpty {
      let newline = ByteSearch.firstIndex(of: 10, in: chunk, from: 0)
      pending.append(
        contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<(newline ?? chunk.count)]))
      if let newline {
        deliverPending(isEnd: true, body)
        finishLine(at: base + newline + 1)
        index = newline + 1
      } else {
        if pending.count > window {
          deliverPending(isEnd: false, body)
          isInLongLine = true
        }
        return
      }
    }
    while index < chunk.count {
      guard let newline = ByteSearch.firstIndex(of: 10, in: chunk, from: index) else { break }
      body(piece(chunk, index, newline, isStart: true, isEnd: true))
      finishLine(at: base + newline + 1)
      index = newline + 1
    }
    guard index < chunk.count else { return }
    if chunk.count - index > window {
      body(piece(chunk, index, chunk.count, isStart: true, isEnd: false))
      isInLongLine = true
    } else {
      pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[index...]))
    }
  }

  /// Ends the stream: a buffered unterminated line goes out as complete.
  mutating func finish(_ body: (SlowLogLinePiece) -> Void) {
    if isInLongLine {
      body(
        SlowLogLinePiece(
          bytes: UnsafeRawBufferPointer(start: nil, count: 0), isLineStart: false,
          isLineEnd: true, lineNumber: nextLineNumber, lineOffset: lineOffset))
      finishLine(at: streamOffset)
    } else if !pending.isEmpty {
      deliverPending(isEnd: true, body)
      finishLine(at: streamOffset)
    }
  }

  private mutating func finishLine(at offset: Int) {
    nextLineNumber += 1
    lineOffset = offset
    isInLongLine = false
  }

  private mutating func deliverPending(isEnd: Bool, _ body: (SlowLogLinePiece) -> Void) {
    pending.withUnsafeBytes { bytes in
      body(piece(bytes, 0, bytes.count, isStart: true, isEnd: isEnd))
    }
    pending.removeAll(keepingCapacity: pending.count <= window)
  }

  /// The piece `start..<end` of `bytes`, a final `\r` dropped when it ends the line.
  @inline(__always)
  private func piece(
    _ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int, isStart: Bool, isEnd: Bool
  ) -> SlowLogLinePiece {
    var end = end
    if isEnd, end > start, bytes[end - 1] == 13 { end -= 1 }
    return SlowLogLinePiece(
      bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), isLineStart: isStart,
      isLineEnd: isEnd, lineNumber: nextLineNumber, lineOffset: lineOffset)
  }
}
