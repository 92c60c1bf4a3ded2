import Testing

@testable import LookoutIngest

@Suite("SentryStoreBody")
struct SentryStoreBodyTests {
  @Test(arguments: [#"{"event_id":"x"}"#, "  \r\n\t{\"a\":1}\n"])
  func returnsPlainJSONUnchanged(_ text: String) throws {
    #expect(try SentryStoreBody.json(from: Array(text.utf8)) == Array(text.utf8))
  }

  @Test func inflatesBase64ZlibBodies() throws {
    #expect(
      try SentryStoreBody.json(from: CompressionFixtures.storeBody) == CompressionFixtures.storeJSON
    )
    let event = try SentryEventDecoder.decode(
      SentryStoreBody.json(from: CompressionFixtures.storeBody), receivedAt: 0)
    #expect(event.message == "legacy store body")
    #expect(event.level == "warning")
  }

  @Test func toleratesWrappedAndURLSafeBase64() throws {
    let text = String(decoding: CompressionFixtures.storeBody, as: UTF8.self)
    var wrapped = ""
    for (index, character) in text.enumerated() {
      if index > 0 && index % 76 == 0 { wrapped += "\r\n" }
      wrapped.append(character)
    }
    #expect(try SentryStoreBody.json(from: Array(wrapped.utf8)) == CompressionFixtures.storeJSON)
    let urlSafe = text.replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    #expect(try SentryStoreBody.json(from: Array(urlSafe.utf8)) == CompressionFixtures.storeJSON)
  }

  @Test func base64OfGzipAlsoWorks() throws {
    let body = Array(base64(CompressionFixtures.gzip).utf8)
    #expect(try SentryStoreBody.json(from: body) == CompressionFixtures.document)
  }

  @Test func rejectsBadBodies() {
    #expect(throws: SentryStoreBodyError.empty) {
      try SentryStoreBody.json(from: Array(" \n".utf8))
    }
    #expect(throws: SentryStoreBodyError.invalidBase64) {
      try SentryStoreBody.json(from: Array("not base64!".utf8))
    }
    #expect(throws: SentryStoreBodyError.invalidBase64) {
      try SentryStoreBody.json(from: Array("QUJD=QUJD".utf8))
    }
    let error = #expect(throws: SentryStoreBodyError.self) {
      try SentryStoreBody.json(from: Array("aGVsbG8gd29ybGQ=".utf8))  // "hello world"
    }
    guard case .malformedCompression(let reason)? = error else {
      Issue.record("expected malformedCompression, got \(String(describing: error))")
      return
    }
    #expect(!reason.isEmpty)
  }

  @Test func enforcesTheLimit() {
    #expect(throws: SentryStoreBodyError.tooLarge(limit: 100)) {
      try SentryStoreBody.json(from: Array(base64(CompressionFixtures.zlib).utf8), limit: 100)
    }
    #expect(throws: SentryStoreBodyError.tooLarge(limit: 5)) {
      try SentryStoreBody.json(from: Array(#"{"a":1}"#.utf8), limit: 5)
    }
  }

  @Test(arguments: [
    ("", ""), ("Zg", "f"), ("Zg==", "f"), ("Zm8", "fo"), ("Zm8=", "fo"), ("Zm9v", "foo"),
    ("Zm9vYg==", "foob"), ("Zm9vYmE=", "fooba"), ("Zm9vYmFy", "foobar"),
  ])
  func decodesRFC4648Vectors(_ encoded: String, _ decoded: String) {
    #expect(Base64Decoding.decode(Array(encoded.utf8)) == Array(decoded.utf8))
  }

  @Test(arguments: ["Z", "Zm9vY", "Zg=", "Zg===", "Zm9v=", "Zm9v*"])
  func rejectsBrokenBase64(_ encoded: String) {
    #expect(Base64Decoding.decode(Array(encoded.utf8)) == nil)
  }

  /// Standard base64 with padding, written here so the test does not lean on the decoder
  /// it checks.
  func base64(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    var output = ""
    var index = 0
    while index < bytes.count {
      let chunk = bytes[index..<min(index + 3, bytes.count)]
      var value = 0
      for byte in chunk { value = value << 8 | Int(byte) }
      value <<= 8 * (3 - chunk.count)
      for position in 0..<4 {
        output.append(
          position <= chunk.count ? alphabet[(value >> (18 - 6 * position)) & 63] : "=")
      }
      index += 3
    }
    return output
  }
}
