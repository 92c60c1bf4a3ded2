import SwiftProtobuf

extension OTLPResponse {
  /// An `ExportLogsServiceResponse`: empty when nothing was rejected and there is no
  /// message (zero bytes in protobuf, `{}` in JSON), else with `partial_success` set.
  ///
  /// ```swift
  /// let body = OTLPResponse.logs(rejectedLogRecords: 1, errorMessage: "…", encoding: .json)
  /// // {"partialSuccess":{"rejectedLogRecords":"1","errorMessage":"…"}}
  /// ```
  ///
  /// - Parameters:
  ///   - rejectedLogRecords: from ``DecodedLogs/rejected``.
  ///   - errorMessage: from ``DecodedLogs/errorMessage``.
  ///   - encoding: the request's encoding.
  public static func logs(rejectedLogRecords: Int, errorMessage: String, encoding: OTLPEncoding)
    -> [UInt8]
  {
    var response = Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceResponse()
    if rejectedLogRecords > 0 || !errorMessage.isEmpty {
      response.partialSuccess.rejectedLogRecords = Int64(rejectedLogRecords)
      response.partialSuccess.errorMessage = errorMessage
    }
    // Serializing a message built here cannot fail: no required fields, Any or extensions.
    switch encoding {
    case .protobuf: return (try? response.serializedBytes()) ?? []
    case .json: return (try? response.jsonUTF8Bytes()) ?? Array("{}".utf8)
    }
  }
}
