import Foundation
import Testing

@testable import LookoutIngest

/// Snappy block decompression: real compressor output, every element kind, and broken or
/// hostile blocks.
@Suite("Snappy decoder")
struct SnappyDecoderTests {
  /// The text python-snappy (Google's C++ snappy) compressed into ``compressedHex``.
  static let original: [UInt8] =
    Array(String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 20).utf8)
    + Array(String(repeating: "0123456789", count: 30).utf8)
    + (0..<3).flatMap { _ in (0...255).map { UInt8($0) } }

  /// `snappy.compress(original).hex()`: literals (short and 60-form), 1- and 2-byte copies.
  static let compressedHex =
    "b00f7874686520717569636b2062726f776e20666f78206a756d7073206f76657220011f206c617a7920646f"
    + "672e050efe2d00fe2d00fe2d00fe2d00fe2d00fe2d00fe2d00fe2d00fe2d00fe2d00fe2d00fe2d00fe2d00"
    + "4a2d002430313233343536373839fe0a00fe0a00fe0a00fe0a00860a00c0000102030405060708090a0b0c0d"
    + "0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30355cf0c93a3b3c3d3e"
    + "3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a"
    + "6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f90919293949596"
    + "9798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2"
    + "c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedee"
    + "eff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff00010203fe0001fe0001fe0001fe0001fe0001fe0001fe0001ee00"
    + "01"

  static func hex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
      let next = text.index(index, offsetBy: 2)
      bytes.append(UInt8(text[index..<next], radix: 16)!)
      index = next
    }
    return bytes
  }

  @Test func decompressesRealCompressorOutput() throws {
    let output = try SnappyDecoder.decompress(Self.hex(Self.compressedHex))
    #expect(output.count == 1968)
    #expect(output == Self.original)
  }

  @Test(
    arguments: [
      // "hello" x 10: a literal, then a 2-byte-offset copy that overlaps its own output.
      (
        [0x32, 0x10] + Array("hello".utf8) + [0xB2, 0x05, 0x00],
        Array(String(repeating: "hello", count: 10).utf8)
      ),
      // A 1-byte-offset copy (tag 01): "abcd" then 4 bytes from 4 back.
      ([0x08, 0x0C] + Array("abcd".utf8) + [0x01, 0x04], Array("abcdabcd".utf8)),
      // A 4-byte-offset copy (tag 11).
      (
        [0x08, 0x0C] + Array("abcd".utf8) + [0x0F, 0x04, 0x00, 0x00, 0x00], Array("abcdabcd".utf8)
      ),
      // A literal whose length is in the next byte (tag 60).
      ([0x03, 0xF0, 0x02] + Array("xyz".utf8), Array("xyz".utf8)),
      // Nothing at all.
      ([0x00], []),
    ] as [([UInt8], [UInt8])])
  func decompressesEachElementKind(input: [UInt8], expected: [UInt8]) throws {
    #expect(try SnappyDecoder.decompress(input) == expected)
  }

  @Test func compressorOfTheTestsRoundTrips() throws {
    let text = Array(String(repeating: "log line ", count: 10_000).utf8)
    #expect(try SnappyDecoder.decompress(LogTestSupport.snappy(text)) == text)
  }

  @Test(arguments: [1, 2, 10, 100, 300, 395])
  func refusesATruncatedBlock(length: Int) {
    let input = Array(Self.hex(Self.compressedHex).prefix(length))
    #expect(throws: SnappyError.self) { try SnappyDecoder.decompress(input) }
  }

  @Test func refusesAHugeClaimedLengthBeforeAllocating() {
    // Claims 4 GiB - 1 in five bytes.
    let error = #expect(throws: SnappyError.self) {
      try SnappyDecoder.decompress([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00], limit: 1 << 20)
    }
    #expect(error == .tooLarge(claimed: 4_294_967_295, limit: 1 << 20))
  }

  @Test(
    arguments: [
      ([UInt8](), SnappyError.truncated),
      ([0x80, 0x80, 0x80, 0x80, 0x80, 0x01], .invalidLength),  // a varint over 32 bits
      ([0x04, 0x01, 0x01], .invalidOffset(offset: 1, produced: 0)),  // a copy before any output
      ([0x08, 0x0C] + Array("abcd".utf8) + [0x01, 0x00], .invalidOffset(offset: 0, produced: 4)),
      ([0x08, 0x0C] + Array("abcd".utf8) + [0x01, 0x05], .invalidOffset(offset: 5, produced: 4)),
      ([0x03, 0x0C] + Array("abcd".utf8), .lengthMismatch),  // more than claimed
      ([0x05, 0x0C] + Array("abcd".utf8), .lengthMismatch),  // less than claimed
      ([0x02, 0x0C, 0x61], .truncated),  // a literal running past the end
      ([0x02, 0xFC, 0xFF], .truncated),  // a 4-byte literal length cut short
    ] as [([UInt8], SnappyError)])
  func refusesBrokenBlocks(input: [UInt8], expected: SnappyError) {
    let error = #expect(throws: SnappyError.self) { try SnappyDecoder.decompress(input) }
    #expect(error == expected)
  }

  @Test func garbageNeverCrashes() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<2000 {
      let input = (0..<Int.random(in: 0...64, using: &generator)).map { _ in
        UInt8.random(in: 0...255, using: &generator)
      }
      _ = try? SnappyDecoder.decompress(input, limit: 1 << 16)
    }
  }
}
