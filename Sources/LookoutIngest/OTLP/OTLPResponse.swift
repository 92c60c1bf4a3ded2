import SwiftProtobuf

/// The answers to OTLP/HTTP exports, in the encoding of the request.
///
/// ```swift
/// let body = OTLPResponse.traces(rejectedSpans: 2, errorMessage: "2 spans rejected…",
///   encoding: .json)  // {"partialSuccess":{"rejectedSpans":"2","errorMessage":"…"}}
/// ```
public enum OTLPResponse {
  /// An `ExportTraceServiceResponse`: empty when nothing was rejected and there is no
  /// message (zero bytes in protobuf, `{}` in JSON), else with `partial_success` set.
  ///
  /// - Parameters:
  ///   - rejectedSpans: from ``OTLPTraceBatch/rejectedSpans``.
  ///   - errorMessage: from ``OTLPTraceBatch/errorMessage``.
  ///   - encoding: the request's encoding.
  public static func traces(rejectedSpans: Int, errorMessage: String, encoding: OTLPEncoding)
    -> [UInt8]
  {
    var response = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse()
    if rejectedSpans > 0 || !errorMessage.isEmpty {
      response.partialSuccess.rejectedSpans = Int64(rejectedSpans)
      response.partialSuccess.errorMessage = errorMessage
    }
    return serialize(response, encoding: encoding)
  }

  private static func serialize(_ message: some SwiftProtobuf.Message, encoding: OTLPEncoding)
    -> [UInt8]
  {
    // Serializing a message built here cannot fail: it has no required fields, no Any and
    // no extensions, the only causes of encoding errors.
    switch encoding {
    case .protobuf: (try? message.serializedBytes()) ?? []
    case .json: (try? message.jsonUTF8Bytes()) ?? Array("{}".utf8)
    }
  }
}
