/// One CSV row handed out by ``PostgresCSVReader``; valid during the call only.
struct PostgresCSVRow {
  /// The unquoted bytes of all fields, one after another.
  var bytes: UnsafeRawBufferPointer
  /// Where each field ends in ``bytes``.
  var ends: UnsafeBufferPointer<Int>
  /// Bit `i` is set when field `i` (below 64) lost bytes at the cap.
  var truncatedFields: UInt64
  /// The number of the row's first line.
  var lineNumber: Int
  /// The stream offset of the row's first byte.
  var offset: Int

  /// The number of fields.
  var count: Int { ends.count }

  /// The unquoted bytes of field `index`.
  subscript(index: Int) -> UnsafeRawBufferPointer {
    let start = index == 0 ? 0 : ends[index - 1]
    return UnsafeRawBufferPointer(rebasing: bytes[start..<ends[index]])
  }
}

/// Splits a stream of byte chunks into CSV rows as PostgreSQL's csvlog writes them:
/// fields separated by `,`, quoted with `"` (doubled inside) when they hold a comma,
/// quote or line break, rows ending at a line break outside quotes.
///
/// Rows may span chunks and lines. A field is kept up to ``fieldLimit`` bytes and the rest
/// dropped (the row's ``PostgresCSVRow/truncatedFields`` says which), so a 10 MB
/// statement costs linear time and bounded memory.
struct PostgresCSVReader: Sendable {
  private enum State {
    case fieldStart, unquoted, quoted, quoteInQuoted
  }

  /// The most bytes kept of one field.
  let fieldLimit: Int
  private var state = State.fieldStart
  private var row: [UInt8] = []
  private var ends: [Int] = []
  private var fieldLength = 0
  private var truncatedFields: UInt64 = 0
  private var isRowStarted = false
  private var rowOffset: Int
  private var rowLineNumber: Int
  private var nextLineNumber: Int
  private var streamOffset: Int

  /// Creates a reader.
  ///
  /// - Parameters:
  ///   - fieldLimit: the most bytes kept of one field.
  ///   - startOffset: the stream offset of the first byte that will be read.
  ///   - firstLineNumber: the number of the first line that will be read.
  init(fieldLimit: Int, startOffset: Int = 0, firstLineNumber: Int = 1) {
    self.fieldLimit = fieldLimit
    self.rowOffset = startOffset
    self.streamOffset = startOffset
    self.rowLineNumber = firstLineNumber
    self.nextLineNumber = firstLineNumber
  }

  /// The stream offset of the row not yet complete (or of the next byte).
  var unfinishedRowOffset: Int { isRowStarted ? rowOffset : streamOffset }

  /// Hands every row completed by `chunk` to `body`.
  mutating func read(_ chunk: UnsafeRawBufferPointer, _ body: (PostgresCSVRow) -> Void) {
    let base = streamOffset
    streamOffset += chunk.count
    var index = 0
    while index < chunk.count {
      if !isRowStarted {
        isRowStarted = true
        rowOffset = base + index
        rowLineNumber = nextLineNumber
      }
      switch state {
      case .fieldStart:
        if chunk[index] == UInt8(ascii: "\"") {
          state = .quoted
          index += 1
        } else {
          state = .unquoted
        }
      case .unquoted:
        var end = index
        while end < chunk.count, chunk[end] != UInt8(ascii: ","), chunk[end] != 10 { end += 1 }
        appendToField(UnsafeRawBufferPointer(rebasing: chunk[index..<end]))
        guard end < chunk.count else { return }
        if chunk[end] == UInt8(ascii: ",") {
          endField()
        } else {
          nextLineNumber += 1
          endRow(body)
        }
        index = end + 1
      case .quoted:
        let quote = ByteSearch.firstIndex(of: UInt8(ascii: "\""), in: chunk, from: index)
        let end = quote ?? chunk.count
        let text = UnsafeRawBufferPointer(rebasing: chunk[index..<end])
        for byte in text where byte == 10 { nextLineNumber += 1 }
        appendToField(text)
        guard let quote else { return }
        state = .quoteInQuoted
        index = quote + 1
      case .quoteInQuoted:
        if chunk[index] == UInt8(ascii: "\"") {
          appendToField(UnsafeRawBufferPointer(rebasing: chunk[index..<(index + 1)]))
          state = .quoted
          index += 1
        } else {
          state = .unquoted
        }
      }
    }
  }

  /// Ends the stream: a row without its final line break is handed out.
  mutating func finish(_ body: (PostgresCSVRow) -> Void) {
    if isRowStarted { endRow(body) }
  }

  private mutating func appendToField(_ bytes: UnsafeRawBufferPointer) {
    let room = fieldLimit - fieldLength
    if bytes.count <= room {
      row.append(contentsOf: bytes)
      fieldLength += bytes.count
    } else {
      if room > 0 { row.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[..<room])) }
      fieldLength = fieldLimit
      if ends.count < 64 { truncatedFields |= 1 << UInt64(ends.count) }
    }
  }

  private mutating func endField() {
    ends.append(row.count)
    fieldLength = 0
    state = .fieldStart
  }

  private mutating func endRow(_ body: (PostgresCSVRow) -> Void) {
    if state == .unquoted, fieldLength > 0, row.last == 13 {
      row.removeLast()
    }
    endField()
    let lineNumber = rowLineNumber
    let offset = rowOffset
    let truncated = truncatedFields
    row.withUnsafeBytes { bytes in
      ends.withUnsafeBufferPointer { ends in
        body(
          PostgresCSVRow(
            bytes: bytes, ends: ends, truncatedFields: truncated, lineNumber: lineNumber,
            offset: offset))
      }
    }
    row.removeAll(keepingCapacity: row.capacity <= 1 << 20)
    ends.removeAll(keepingCapacity: true)
    truncatedFields = 0
    isRowStarted = false
  }
}
