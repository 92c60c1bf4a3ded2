import Testing

@testable import LookoutServer

/// Line splitting: chunk boundaries, CRLF, empty lines, the length cap.
@Suite("TailCursor")
struct TailCursorTests {
  /// A line as text, with its truncation flag.
  struct Line: Hashable, CustomStringConvertible {
    /// The line's text.
    var text: String
    /// Whether it was cut at the cap.
    var isTruncated = false
    /// The text, with `[cut]` when truncated.
    var description: String { isTruncated ? "\(text)[cut]" : text }
  }

  /// Feeds `chunks` to a fresh cursor and returns the lines, then the held-back partial line.
  func split(_ chunks: [[UInt8]], maxLineBytes: Int = 8) -> (lines: [Line], partial: [Line]) {
    var cursor = TailCursor(
      fileID: TailFileID(device: 1, inode: 1), head: [], offset: 0, lineNumber: 0, knownSize: 0)
    var lines: [Line] = []
    for chunk in chunks {
      let split = cursor.consume(chunk, maxLineBytes: maxLineBytes)
      lines += split.map(Self.lines) ?? []
    }
    let partial = cursor.takePartialLine(maxLineBytes: maxLineBytes).map(Self.lines) ?? []
    return (lines, partial)
  }

  /// The lines of a split as ``Line`` values.
  static func lines(_ split: TailCursor.Split) -> [Line] {
    split.lines.map {
      Line(text: String(decoding: $0.bytes, as: UTF8.self), isTruncated: $0.isTruncated)
    }
  }

  @Test(
    "splits lines the same wherever the reads end",
    arguments: [
      ("a\nbb\n\nccc\n", ["a", "bb", "", "ccc"]),
      ("crlf\r\nlf\n\r\n", ["crlf", "lf", ""]),
      ("a\rb\n", ["a\rb"]),
      ("12345678\n", ["12345678"]),
      ("1234567\r\n", ["1234567"]),
      ("12345678\r\n", ["12345678"]),
    ])
  func splitsAtEveryChunkBoundary(text: String, expected: [String]) {
    let bytes = Array(text.utf8)
    let whole = split([bytes]).lines
    #expect(whole == expected.map { Line(text: $0) })
    for cut in 0...bytes.count {
      let parts = [Array(bytes[..<cut]), Array(bytes[cut...])]
      #expect(split(parts).lines == whole, "cut at \(cut)")
    }
  }

  @Test(
    "cuts lines longer than the cap and flags them",
    arguments: [
      ("123456789\nok\n", [Line(text: "12345678", isTruncated: true), Line(text: "ok")]),
      ("123456789\r\n", [Line(text: "12345678", isTruncated: true)]),
      ("12345678901234567890\nx\n", [Line(text: "12345678", isTruncated: true), Line(text: "x")]),
    ])
  func capsLongLines(text: String, expected: [Line]) {
    let bytes = Array(text.utf8)
    #expect(split([bytes]).lines == expected)
    for cut in 0...bytes.count {
      let parts = [Array(bytes[..<cut]), Array(bytes[cut...])]
      #expect(split(parts).lines == expected, "cut at \(cut)")
    }
    let oneByteReads = bytes.map { [$0] }
    #expect(split(oneByteReads).lines == expected)
  }

  @Test func holdsBackThePartialLineUntilTheFileIsFinished() {
    let result = split([Array("a\nbc".utf8), Array("d".utf8)])
    #expect(result.lines == [Line(text: "a")])
    #expect(result.partial == [Line(text: "bcd")])
    #expect(split([Array("a\n".utf8)]).partial.isEmpty)
    let long = split([Array("123456789012".utf8)]).partial
    #expect(long == [Line(text: "12345678", isTruncated: true)])
  }

  @Test func reportsTheOffsetAfterTheLastLine() {
    var cursor = TailCursor(
      fileID: TailFileID(device: 1, inode: 1), head: [], offset: 100, lineNumber: 7,
      knownSize: 200)
    let split = cursor.consume(Array("x\ny\npart".utf8), maxLineBytes: 64)
    #expect(split?.endOffset == 104)
    #expect(cursor.readOffset == 108)
    #expect(cursor.lineStart == 100)
    cursor.commit(lineCount: 2, endOffset: 104)
    #expect(cursor.lineNumber == 9)
    #expect(cursor.checkpoint(path: "p").offset == 104)
  }

  @Test func recordsTheHeadAsItIsRead() {
    let text = String(repeating: "0123456789\n", count: 30)
    // Opened when only two bytes were there.
    var cursor = TailCursor(
      fileID: TailFileID(device: 1, inode: 1), head: Array(text.utf8.prefix(2)), offset: 0,
      lineNumber: 0, knownSize: 2)
    _ = cursor.consume(Array(text.utf8), maxLineBytes: 64)
    #expect(cursor.head == Array(text.utf8.prefix(256)))
    cursor.commit(lineCount: 30, endOffset: 330)
    #expect(
      cursor.checkpoint(path: "p").headFingerprint
        == TailCheckpoint.fingerprint(of: text.utf8.prefix(256)))
    #expect(cursor.headMatches(Array(text.utf8.prefix(10))))
    #expect(!cursor.headMatches(Array("x".utf8)))
  }
}
