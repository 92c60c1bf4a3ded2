import Testing

@testable import LookoutIngest

@Suite("ContentDecoding")
struct ContentDecodingTests {
  /// One encoded body and the header that labels it.
  struct EncodedCase: Sendable, CustomTestStringConvertible {
    var encoding: String?
    var body: [UInt8]
    var testDescription: String { "\(encoding ?? "nil"), \(body.count) bytes" }
  }

  static let roundTrips: [EncodedCase] = [
    EncodedCase(encoding: "gzip", body: CompressionFixtures.gzip),
    EncodedCase(encoding: "x-gzip", body: CompressionFixtures.gzip),
    EncodedCase(encoding: "GZIP", body: CompressionFixtures.gzip),
    EncodedCase(encoding: "deflate", body: CompressionFixtures.zlib),
    EncodedCase(encoding: "deflate", body: CompressionFixtures.rawDeflate),
    EncodedCase(encoding: "deflate", body: CompressionFixtures.gzip),
    EncodedCase(encoding: "br", body: CompressionFixtures.brotli),
    EncodedCase(encoding: " br ", body: CompressionFixtures.brotli),
    EncodedCase(encoding: "identity, br", body: CompressionFixtures.brotli),
    EncodedCase(encoding: nil, body: CompressionFixtures.document),
    EncodedCase(encoding: "", body: CompressionFixtures.document),
    EncodedCase(encoding: "identity", body: CompressionFixtures.document),
  ]

  @Test(arguments: roundTrips)
  func decodesToTheDocument(_ example: EncodedCase) throws {
    let decoded = try ContentDecoding.decode(
      example.body, contentEncoding: example.encoding, limit: 1 << 20)
    #expect(decoded == CompressionFixtures.document)
  }

  @Test(arguments: roundTrips)
  func refusesOutputPastTheLimit(_ example: EncodedCase) {
    let limit = CompressionFixtures.document.count - 1
    #expect(throws: ContentDecodingError.tooLarge(limit: limit)) {
      try ContentDecoding.decode(example.body, contentEncoding: example.encoding, limit: limit)
    }
  }

  @Test func decodesAtExactlyTheLimit() throws {
    let limit = CompressionFixtures.document.count
    for (encoding, body) in [
      ("gzip", CompressionFixtures.gzip), ("br", CompressionFixtures.brotli),
    ] {
      let decoded = try ContentDecoding.decode(body, contentEncoding: encoding, limit: limit)
      #expect(decoded.count == limit)
    }
  }

  @Test func undoesStackedEncodingsInReverseOrder() throws {
    // The body is gzip'd; a later "identity" changes nothing, in either position.
    for header in ["gzip, identity", "identity,gzip"] {
      let decoded = try ContentDecoding.decode(
        CompressionFixtures.gzip, contentEncoding: header, limit: 1 << 20)
      #expect(decoded == CompressionFixtures.document)
    }
  }

  @Test func refusesABrotliBombQuickly() throws {
    let limit = 20 << 20
    #expect(CompressionFixtures.brotliBomb.count < 1024)
    let clock = ContinuousClock()
    let started = clock.now
    let error = #expect(throws: ContentDecodingError.self) {
      try ContentDecoding.decode(
        CompressionFixtures.brotliBomb, contentEncoding: "br", limit: limit)
    }
    let elapsed = clock.now - started
    #expect(error == .tooLarge(limit: limit))
    #expect(error?.isTooLarge == true)
    // Inflating all 200 MiB takes far longer; stopping at 20 MiB is a few milliseconds.
    #expect(elapsed < .seconds(3))
  }

  @Test func decompressorsStopAtTheLimitThemselves() {
    // Not only the final size check: each decompressor must stop while streaming. A
    // failure reports the size only (printing 200 MiB of zeros takes minutes).
    do {
      let output = try ContentDecoding.decompressBrotli(
        CompressionFixtures.brotliBomb, limit: 1 << 20)
      Issue.record("the bomb inflated to \(output.count) bytes")
    } catch {
      #expect(error == .tooLarge(limit: 1 << 20))
    }
    do {
      let output = try ContentDecoding.inflateRaw(CompressionFixtures.rawDeflate, limit: 100)
      Issue.record("inflated \(output.count) bytes past the limit")
    } catch {
      #expect(error == .tooLarge(limit: 100))
    }
  }

  @Test(arguments: ["gzip", "deflate", "br"])
  func garbageIsMalformed(_ encoding: String) {
    let garbage = Array("this is not compressed at all, just text".utf8)
    let error = #expect(throws: ContentDecodingError.self) {
      try ContentDecoding.decode(garbage, contentEncoding: encoding, limit: 1 << 20)
    }
    guard case .malformed(let name, let reason)? = error else {
      Issue.record("expected malformed, got \(String(describing: error))")
      return
    }
    #expect(name == encoding)
    #expect(!reason.isEmpty)
    #expect(error?.isTooLarge == false)
  }

  static let truncated: [EncodedCase] = [
    EncodedCase(encoding: "gzip", body: Array(CompressionFixtures.gzip.dropLast(20))),
    EncodedCase(encoding: "deflate", body: Array(CompressionFixtures.zlib.dropLast(20))),
    EncodedCase(encoding: "deflate", body: Array(CompressionFixtures.rawDeflate.dropLast(20))),
    EncodedCase(encoding: "br", body: Array(CompressionFixtures.brotli.dropLast(20))),
    EncodedCase(encoding: "br", body: CompressionFixtures.brotli + [0x41, 0x42]),
    EncodedCase(encoding: "br", body: []),
  ]

  @Test(arguments: truncated)
  func truncatedOrTrailingDataIsMalformed(_ example: EncodedCase) {
    let error = #expect(throws: ContentDecodingError.self) {
      try ContentDecoding.decode(example.body, contentEncoding: example.encoding, limit: 1 << 20)
    }
    guard case .malformed? = error else {
      Issue.record("expected malformed, got \(String(describing: error))")
      return
    }
  }

  @Test func refusesAnUnencodedBodyOverTheLimit() {
    #expect(throws: ContentDecodingError.tooLarge(limit: 10)) {
      try ContentDecoding.decode(Array(repeating: 0x41, count: 11), contentEncoding: nil, limit: 10)
    }
  }

  @Test(arguments: ["zstd", "compress", "snappy", "gzip, zstd"])
  func unknownEncodingsAreUnsupported(_ encoding: String) {
    let error = #expect(throws: ContentDecodingError.self) {
      try ContentDecoding.decode(
        CompressionFixtures.gzip, contentEncoding: encoding, limit: 1 << 20)
    }
    #expect(error == .unsupportedEncoding(encoding == "gzip, zstd" ? "zstd" : encoding))
    #expect(error?.description.contains("unsupported") == true)
  }

  @Test func fallsBackToRawDeflateWhenAZlibHeaderIsACoincidence() throws {
    // Raw deflate: a stored block of "A" whose first bytes (78 01) also pass the zlib
    // header check; read as zlib it has invalid stored block lengths.
    let raw: [UInt8] = [0x78, 0x01, 0x00, 0xFE, 0xFF, 0x41, 0x01, 0x00, 0x00, 0xFF, 0xFF]
    #expect(ContentDecoding.hasZlibHeader(raw))
    #expect(try ContentDecoding.decode(raw, contentEncoding: "deflate", limit: 100) == [0x41])
  }

  @Test func recognisesZlibHeaders() {
    #expect(ContentDecoding.hasZlibHeader(CompressionFixtures.zlib))
    #expect(!ContentDecoding.hasZlibHeader(CompressionFixtures.rawDeflate))
    #expect(!ContentDecoding.hasZlibHeader(CompressionFixtures.gzip))
    #expect(!ContentDecoding.hasZlibHeader([0x78]))
  }
}
