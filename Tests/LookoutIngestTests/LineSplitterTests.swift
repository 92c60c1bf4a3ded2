import LookoutIngest
import Testing

@Suite("LineSplitter")
struct LineSplitterTests {
  /// Splits `input` once and returns the lines and the consumed count.
  static func split(_ input: String, isFinal: Bool, maxLineLength: Int = 64) -> ([String], Int) {
    var splitter = LineSplitter(maxLineLength: maxLineLength)
    var lines: [String] = []
    let consumed = Array(input.utf8).withUnsafeBytes { bytes in
      splitter.split(bytes, isFinal: isFinal) { lines.append(String(decoding: $0, as: UTF8.self)) }
    }
    return (lines, consumed)
  }

  @Test(
    arguments: [
      ("a\nb\n", false, ["a", "b"], 4),
      ("a\r\nb\r\n", false, ["a", "b"], 6),
      ("a\nb", false, ["a"], 2),
      ("a\nb", true, ["a", "b"], 3),
      ("a\nb\r", true, ["a", "b"], 4),
      ("\n\n", false, ["", ""], 2),
      ("", true, [], 0),
      ("no newline", false, [], 0),
      ("x\r\ny\rz\n", false, ["x", "y\rz"], 7),
    ] as [(String, Bool, [String], Int)])
  func splits(_ input: String, _ isFinal: Bool, _ lines: [String], _ consumed: Int) {
    let result = Self.split(input, isFinal: isFinal)
    #expect(result.0 == lines)
    #expect(result.1 == consumed)
  }

  @Test func chunkedInputGivesTheSameLines() {
    let text = Array("first\r\nsecond\n\nthird line\nlast".utf8)
    for chunkSize in 1...text.count {
      var splitter = LineSplitter()
      var lines: [String] = []
      var pending: [UInt8] = []
      var offset = 0
      while offset < text.count {
        let end = min(offset + chunkSize, text.count)
        pending += text[offset..<end]
        offset = end
        let consumed = pending.withUnsafeBytes { bytes in
          splitter.split(bytes, isFinal: offset == text.count) {
            lines.append(String(decoding: $0, as: UTF8.self))
          }
        }
        pending.removeFirst(consumed)
      }
      #expect(lines == ["first", "second", "", "third line", "last"], "chunk \(chunkSize)")
      #expect(pending.isEmpty)
    }
  }

  @Test func overlongUnterminatedLineIsHandedOverOnceAndSkipped() {
    var splitter = LineSplitter(maxLineLength: 8)
    var lines: [[UInt8]] = []
    let first = Array("ok\n0123456789abcdef".utf8)
    let consumedFirst = first.withUnsafeBytes { bytes in
      splitter.split(bytes, isFinal: false) { lines.append(Array($0)) }
    }
    #expect(consumedFirst == first.count)
    #expect(lines == [Array("ok".utf8), Array("012345678".utf8)])
    #expect(splitter.isSkippingOverlongLine)
    let second = Array("ghij\nnext\n".utf8)
    _ = second.withUnsafeBytes { bytes in
      splitter.split(bytes, isFinal: false) { lines.append(Array($0)) }
    }
    #expect(lines.last == Array("next".utf8))
    #expect(lines.count == 3)
    #expect(!splitter.isSkippingOverlongLine)
  }
}
