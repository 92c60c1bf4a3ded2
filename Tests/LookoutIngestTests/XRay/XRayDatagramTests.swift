import Testing

@testable import LookoutIngest

@Suite("XRayDatagram")
struct XRayDatagramTests {
  @Test(arguments: [
    #"{"format":"json","version":1}"#,
    #"{"format": "json", "version": 1}"#,
    #" { "version" : 1 , "format" : "json" } "#,
  ])
  func splitsHeaderAndDocument(header: String) throws {
    let datagram = try XRayDatagram(XRayDocuments.datagram(#"{"id":"x"}"#, header: header))
    #expect(datagram.format == "json")
    #expect(datagram.version == 1)
    #expect(datagram.document == Array(#"{"id":"x"}"#.utf8))
  }

  @Test(arguments: [
    (Array(#"{"format":"json","version":1}{"id":1}"#.utf8), XRayDatagramError.missingNewline),
    (
      XRayDocuments.datagram("{}", header: #"{"format":"xml","version":1}"#),
      .unsupportedFormat("xml")
    ),
    (
      XRayDocuments.datagram("{}", header: #"{"format":"json","version":2}"#),
      .unsupportedVersion("2")
    ),
    (
      XRayDocuments.datagram("{}", header: #"{"format":"json","version":"1"}"#),
      .unsupportedVersion("1")
    ),
    (XRayDocuments.datagram(" \n "), .emptyDocument),
    (XRayDocuments.datagram(""), .emptyDocument),
    (XRayDocuments.datagram("{}", header: "[1]"), .malformedHeader("not a JSON object")),
    (XRayDocuments.datagram("{}", header: #"{"version":1}"#), .malformedHeader("no \"format\"")),
  ])
  func rejectsMalformedDatagrams(bytes: [UInt8], expected: XRayDatagramError) {
    #expect(throws: expected) { try XRayDatagram(bytes) }
  }

  @Test func rejectsAHeaderThatIsNotJSON() {
    #expect {
      try XRayDatagram(XRayDocuments.datagram("{}", header: #"{"format":json}"#))
    } throws: { error in
      guard case XRayDatagramError.malformedHeader = error else { return false }
      return true
    }
  }

  @Test func acceptsA64KBDatagramAndRefusesOneByteMore() throws {
    let header = #"{"format":"json","version":1}"# + "\n"
    let prefix =
      #"{"trace_id":"1-5f84c7a1-1234567890abcdef12345678","id":"70de5b6f19ff9a0a","name":"big","start_time":100,"end_time":101,"metadata":{"default":{"pad":""#
    let suffix = #""}}}"#
    let padding = XRayDatagram.maxSize - header.utf8.count - prefix.utf8.count - suffix.utf8.count
    let bytes = Array((header + prefix + String(repeating: "x", count: padding) + suffix).utf8)
    #expect(bytes.count == 65_536)

    let datagram = try XRayDatagram(bytes)
    let document = try XRayDocumentDecoder().decode(datagram.document)
    #expect(document.spans.count == 1)
    // The 65 KB metadata value is cut to the 4096-byte limit and the cut is counted.
    let value = try #require(document.spans[0].attributes["metadata.default.pad"])
    #expect(value.utf8.count == 4096)
    #expect(document.spans[0].attributes["lookout.truncated_attributes_count"] == "1")

    #expect(throws: XRayDatagramError.tooLarge(size: 65_537, limit: 65_536)) {
      try XRayDatagram(bytes + [0x20])
    }
  }
}
