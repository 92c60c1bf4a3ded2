/// The position of the tailer in one open file, and the partial line it holds back.
///
/// ``consume(_:maxLineBytes:)`` splits freshly read bytes into complete lines. The committed
/// fields (``lineStart``, ``lineNumber``) only move in ``commit(lineCount:endOffset:)``, which
/// the state machine applies to the cursor it keeps for after the batch is delivered.
struct TailCursor: Sendable, Hashable {
  /// The lines split from one read (or the remainder of a finished file), over one buffer.
  struct Split: Sendable, Hashable {
    /// The bytes the lines slice.
    var buffer: [UInt8]
    /// The complete lines, in file order.
    var lines: [TailLine]
    /// The file offset just after the last line (after its `\n`, if it had one).
    var endOffset: Int
  }

  /// The file being read.
  var fileID: TailFileID
  /// The file's first bytes, up to ``TailCheckpoint/fingerprintLength``; always at least
  /// `min(256, readOffset)` of them, so a checkpoint's fingerprint can be computed.
  var head: [UInt8]
  /// Bytes fully consumed: the end of the last line handed out.
  var lineStart: Int
  /// The offset of the next byte to read.
  var readOffset: Int
  /// Lines handed out so far from this file.
  var lineNumber: Int
  /// The file size last observed; reads go up to it.
  var knownSize: Int
  /// The bytes of the current incomplete line, at most `maxLineBytes + 1` of them (one more
  /// than the cap, so a `\r` right at the cap can still be recognised as part of `\r\n`).
  private(set) var pending: [UInt8] = []
  /// Whether the current incomplete line had more bytes than ``pending`` holds.
  private(set) var pendingOverflowed = false

  /// Creates a cursor at a line boundary.
  ///
  /// - Parameters:
  ///   - fileID: The file being read.
  ///   - head: The file's first bytes, as many as were read (up to 256).
  ///   - offset: The offset to start at, at the start of a line.
  ///   - lineNumber: Lines already handed out before `offset`.
  ///   - knownSize: The file size observed when it was opened.
  init(fileID: TailFileID, head: [UInt8], offset: Int, lineNumber: Int, knownSize: Int) {
    self.fileID = fileID
    self.head = Array(head.prefix(TailCheckpoint.fingerprintLength))
    self.lineStart = offset
    self.readOffset = offset
    self.lineNumber = lineNumber
    self.knownSize = knownSize
  }

  /// Whether a partial line is held back.
  var hasPartialLine: Bool { !pending.isEmpty || pendingOverflowed }

  /// The checkpoint for the committed position.
  ///
  /// - Parameter path: The configured path.
  func checkpoint(path: String) -> TailCheckpoint {
    let length = TailCheckpoint.fingerprintedLength(forOffset: lineStart)
    return TailCheckpoint(
      path: path, fileID: fileID, offset: lineStart,
      headFingerprint: TailCheckpoint.fingerprint(of: head.prefix(length)),
      lineNumber: lineNumber)
  }

  /// Whether the file's current first bytes agree with the ones seen before.
  ///
  /// - Parameter currentHead: The first bytes read from the file now.
  func headMatches(_ currentHead: [UInt8]) -> Bool {
    let common = min(head.count, currentHead.count)
    return head[..<common] == currentHead[..<common]
  }

  /// Records a new size and fills in head bytes that were not there before.
  ///
  /// - Parameters:
  ///   - size: The file size now.
  ///   - currentHead: The first bytes read from the file now; must agree with ``head``.
  mutating func observe(size: Int, head currentHead: [UInt8]) {
    knownSize = size
    if currentHead.count > head.count {
      head = Array(currentHead.prefix(TailCheckpoint.fingerprintLength))
    }
  }

  /// Advances the committed position over handed-out lines.
  ///
  /// - Parameters:
  ///   - lineCount: The number of lines handed out.
  ///   - endOffset: The offset after the last of them.
  mutating func commit(lineCount: Int, endOffset: Int) {
    lineNumber += lineCount
    lineStart = endOffset
  }

  /// Takes bytes read at ``readOffset`` and returns the lines they complete.
  ///
  /// - Parameters:
  ///   - chunk: The bytes read at ``readOffset``.
  ///   - maxLineBytes: The line length cap.
  /// - Returns: The completed lines, or `nil` if the chunk completes none (its bytes are then
  ///   held back as a partial line).
  mutating func consume(_ chunk: [UInt8], maxLineBytes: Int) -> Split? {
    recordHead(chunk)
    let cap = max(1, maxLineBytes)
    var buffer: [UInt8] = []
    var lines: [(range: Range<Int>, isTruncated: Bool)] = []
    var endOffset: Int?
    var start = chunk.startIndex
    while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
      if lines.isEmpty { buffer.reserveCapacity(pending.count + chunk.count) }
      lines.append(appendLine(ending: chunk[start..<newline], to: &buffer, cap: cap))
      start = newline + 1
      endOffset = readOffset + start
    }
    holdBack(chunk[start...], cap: cap)
    readOffset += chunk.count
    guard let endOffset else { return nil }
    return Split(buffer: buffer, lines: lines.map(buffer.line), endOffset: endOffset)
  }

  /// Hands out the held-back partial line as a line of its own, for a file that is finished.
  ///
  /// - Parameter maxLineBytes: The line length cap.
  /// - Returns: The partial line, or `nil` if none is held back.
  mutating func takePartialLine(maxLineBytes: Int) -> Split? {
    guard hasPartialLine else { return nil }
    var buffer: [UInt8] = []
    let line = appendLine(ending: [], to: &buffer, cap: max(1, maxLineBytes))
    return Split(buffer: buffer, lines: [buffer.line(line)], endOffset: readOffset)
  }

  /// Appends the held-back bytes plus `segment` as one line to `buffer`: at most `cap` bytes,
  /// one trailing `\r` removed, truncation flagged.
  private mutating func appendLine(
    ending segment: ArraySlice<UInt8>, to buffer: inout [UInt8], cap: Int
  ) -> (range: Range<Int>, isTruncated: Bool) {
    let lineBegin = buffer.count
    buffer.append(contentsOf: pending)
    let room = cap + 1 - pending.count
    var overflowed = pendingOverflowed || segment.count > room
    buffer.append(contentsOf: segment.prefix(room))
    pending.removeAll(keepingCapacity: true)
    pendingOverflowed = false
    var lineEnd = buffer.count
    // A `\r` is only part of the terminator when the whole line is known.
    if !overflowed, lineEnd > lineBegin, buffer[lineEnd - 1] == UInt8(ascii: "\r") {
      lineEnd -= 1
    }
    if lineEnd - lineBegin > cap {
      overflowed = true
      lineEnd = lineBegin + cap
    }
    buffer.removeSubrange(lineEnd...)
    return (lineBegin..<lineEnd, overflowed)
  }

  /// Keeps the bytes after the last newline, up to one more than the cap.
  private mutating func holdBack(_ rest: ArraySlice<UInt8>, cap: Int) {
    let room = cap + 1 - pending.count
    if rest.count > room { pendingOverflowed = true }
    pending.append(contentsOf: rest.prefix(max(0, room)))
  }

  /// Fills in head bytes from a chunk read at ``readOffset`` when the head is still short.
  private mutating func recordHead(_ chunk: [UInt8]) {
    let limit = TailCheckpoint.fingerprintLength
    guard head.count < limit, readOffset <= head.count, readOffset + chunk.count > head.count
    else { return }
    let from = head.count - readOffset
    let to = min(limit, readOffset + chunk.count) - readOffset
    head.append(contentsOf: chunk[from..<to])
  }
}

extension [UInt8] {
  /// A ``TailLine`` over a range of this buffer.
  fileprivate func line(_ part: (range: Range<Int>, isTruncated: Bool)) -> TailLine {
    TailLine(bytes: self[part.range], isTruncated: part.isTruncated)
  }
}
