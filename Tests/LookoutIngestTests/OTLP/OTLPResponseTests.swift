import LookoutIngest
import Testing

@testable import LookoutIngest

@Suite("OTLP encoding and response")
struct OTLPResponseTests {
  @Test(arguments: [
    ("application/x-protobuf", OTLPEncoding.protobuf), ("application/protobuf", .protobuf),
    ("Application/JSON; charset=utf-8", .json), (" application/json ", .json),
  ])
  func contentTypes(header: String, encoding: OTLPEncoding) {
    #expect(OTLPEncoding(contentType: header) == encoding)
  }

  @Test(arguments: ["text/plain", "", "application/jsonx", "application/grpc"])
  func unknownContentTypes(header: String) {
    #expect(OTLPEncoding(contentType: header) == nil)
  }

  @Test func nothingRejectedIsAnEmptyMessage() {
    #expect(OTLPResponse.traces(rejectedSpans: 0, errorMessage: "", encoding: .protobuf) == [])
    #expect(
      OTLPResponse.traces(rejectedSpans: 0, errorMessage: "", encoding: .json)
        == Array("{}".utf8))
  }

  @Test func partialSuccessInJSON() {
    let body = OTLPResponse.traces(rejectedSpans: 2, errorMessage: "bad ids", encoding: .json)
    #expect(
      String(decoding: body, as: UTF8.self)
        == #"{"partialSuccess":{"rejectedSpans":"2","errorMessage":"bad ids"}}"#)
  }

  @Test func partialSuccessInProtobuf() throws {
    let body = OTLPResponse.traces(rejectedSpans: 2, errorMessage: "bad", encoding: .protobuf)
    // field 1 (partial_success), length 7: field 1 varint 2, field 2 "bad".
    #expect(body == [0x0A, 0x07, 0x08, 0x02, 0x12, 0x03, 0x62, 0x61, 0x64])
    let decoded = try Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse(
      serializedBytes: body)
    #expect(decoded.partialSuccess.rejectedSpans == 2)
  }
}
