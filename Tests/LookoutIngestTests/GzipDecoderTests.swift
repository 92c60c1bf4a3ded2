import LookoutIngest
import Testing

@Suite("GzipDecoder")
struct GzipDecoderTests {
  static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    try TestSupport.run("/usr/bin/gzip", ["-c"], input: bytes)
  }

  @Test func roundTripsGzipOutput() throws {
    let log = try TestSupport.generatedLog(lines: 2000, seed: 5)
    let compressed = try Self.gzip(log)
    #expect(isGzip(compressed))
    #expect(compressed.count < log.count / 3)
    #expect(try gunzip(compressed) == log)
  }

  @Test(arguments: [1, 7, 4096, 1 << 20])
  func streamsInAnyChunkSize(_ chunkSize: Int) throws {
    let log = try TestSupport.generatedLog(lines: 300, seed: 5)
    let compressed = try Self.gzip(log)
    var decoder = try GzipDecoder()
    var output: [UInt8] = []
    var offset = 0
    while offset < compressed.count {
      let end = min(offset + chunkSize, compressed.count)
      try compressed[offset..<end].withUnsafeBytes { try decoder.decompress($0, into: &output) }
      offset = end
    }
    try decoder.finish()
    let (isFinished, totalOut) = (decoder.isFinished, decoder.totalOut)
    #expect(isFinished)
    #expect(totalOut == log.count)
    #expect(output == log)
  }

  @Test func decodesConcatenatedMembers() throws {
    let first = Array("first member\n".utf8)
    let second = Array("second member\n".utf8)
    let both = try Self.gzip(first) + Self.gzip(second)
    #expect(try gunzip(both) == first + second)
    #expect(try gunzip(both + [0, 0, 0, 0]) == first + second)
    // Streamed a byte at a time, the second member's magic arrives in two pieces.
    var decoder = try GzipDecoder()
    var output: [UInt8] = []
    for byte in both { try [byte].withUnsafeBytes { try decoder.decompress($0, into: &output) } }
    try decoder.finish()
    #expect(output == first + second)
  }

  @Test func decodesZlibStreams() throws {
    // zlib.compress(b"hello zlib\n") in Python: the zlib wrapper, not gzip.
    let zlib: [UInt8] = [
      0x78, 0x9C, 0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0x57, 0xA8, 0xCA, 0xC9, 0x4C, 0xE2, 0x02, 0x00,
      0x19, 0x85, 0x03, 0xF0,
    ]
    #expect(!isGzip(zlib))
    #expect(try gunzip(zlib) == Array("hello zlib\n".utf8))
  }

  @Test func capStopsADecompressionBomb() throws {
    let bomb = try Self.gzip([UInt8](repeating: 0, count: 16 << 20))
    #expect(bomb.count < 64 << 10)
    #expect(throws: GzipError.decompressedTooLarge(limit: 1 << 20)) {
      try gunzip(bomb, limit: 1 << 20)
    }
    var decoder = try GzipDecoder(limit: 1 << 20)
    var output: [UInt8] = []
    #expect(throws: GzipError.decompressedTooLarge(limit: 1 << 20)) {
      try bomb.withUnsafeBytes { try decoder.decompress($0, into: &output) }
    }
    #expect(output.count <= 1 << 20)
    #expect(try gunzip(bomb, limit: 16 << 20).count == 16 << 20)
  }

  @Test func reportsTruncatedAndCorruptData() throws {
    let compressed = try Self.gzip(
      Array(repeating: Array("some log line\n".utf8), count: 100).flatMap { $0 })
    #expect(throws: GzipError.truncated) { try gunzip(Array(compressed.dropLast(12))) }
    #expect(throws: GzipError.truncated) { try gunzip([]) }
    var corrupt = compressed
    corrupt[12] ^= 0xFF
    corrupt[13] ^= 0xFF
    #expect {
      try gunzip(corrupt)
    } throws: { error in
      guard case .corrupt = error as? GzipError else { return false }
      return true
    }
    #expect(throws: GzipError.self) { try gunzip(Array("plain text".utf8)) }
  }

  @Test func fixtureGzipMatchesThePlainFile() throws {
    let plain = try TestSupport.fixture("edge-cases.log")
    let compressed = try TestSupport.fixture("edge-cases.log.gz")
    #expect(isGzip(compressed))
    #expect(try gunzip(compressed) == plain)
  }

  @Test(
    arguments: [
      ([0x1F, 0x8B, 0x08], true), ([0x1F, 0x8B], true), ([0x1F], false), ([], false),
      ([0x78, 0x9C], false), (Array("1f8b".utf8), false),
    ] as [([UInt8], Bool)])
  func recognizesGzipMagic(_ bytes: [UInt8], _ expected: Bool) {
    #expect(isGzip(bytes) == expected)
    #expect(isGzip(bytes[...]) == expected)
  }
}
