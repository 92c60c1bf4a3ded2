import Foundation
import LookoutCore

/// Turns a decoded `ExportLogsServiceRequest` into ``LogRecord``s, whichever encoding it
/// came in. Records whose trace or span id has the wrong length are rejected and counted;
/// an all-zero id means "none", as the SDKs send it outside a span.
///
/// The resource gives ``LogRecord/service`` (`service.name`, else `unknown_service`) and
/// ``LogRecord/environment`` (`deployment.environment.name`, else
/// `deployment.environment`); its other attributes follow the record's own as
/// `resource.<key>`, after the scope's `otel.scope.name` / `otel.scope.version`.
struct OTLPLogMapper {
  typealias Request = Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceRequest
  typealias Record = Opentelemetry_Proto_Logs_V1_LogRecord
  typealias KeyValue = Opentelemetry_Proto_Common_V1_KeyValue

  /// The source name of every OTLP record.
  static let source = "otlp"

  let limits: LogLimits
  /// µs since epoch: the time of records with neither time nor observed time.
  let receivedAt: Int64
  /// The records mapped so far.
  var records: [LogRecord] = []
  /// The records rejected so far.
  var rejections: LogRejections

  init(limits: LogLimits, receivedAt: Int64, rejections: LogRejections = LogRejections()) {
    self.limits = limits
    self.receivedAt = receivedAt
    self.rejections = rejections
  }

  /// Maps every record of the request, in order.
  mutating func map(_ request: Request) {
    for resourceLogs in request.resourceLogs {
      var service = OTLPSpanMapper.unknownService
      var environment: String?
      var legacyEnvironment: String?
      var resource: [LogAttribute] = []
      for pair in resourceLogs.resource.attributes {
        let value = OTLPAttributeText.text(pair.value)
        switch pair.key {
        case "service.name": service = value.isEmpty ? OTLPSpanMapper.unknownService : value
        case "deployment.environment.name": environment = value
        case "deployment.environment": legacyEnvironment = value
        default: resource.append(LogAttribute("resource." + pair.key, value))
        }
      }
      let resourceEnvironment = environment ?? legacyEnvironment ?? ""
      for scopeLogs in resourceLogs.scopeLogs {
        var shared: [LogAttribute] = []
        if !scopeLogs.scope.name.isEmpty {
          shared.append(LogAttribute("otel.scope.name", scopeLogs.scope.name))
        }
        if !scopeLogs.scope.version.isEmpty {
          shared.append(LogAttribute("otel.scope.version", scopeLogs.scope.version))
        }
        shared += resource
        for record in scopeLogs.logRecords {
          map(record, service: service, environment: resourceEnvironment, shared: shared)
        }
      }
    }
  }

  private mutating func map(
    _ record: Record, service: String, environment: String, shared: [LogAttribute]
  ) {
    let traceID: String?
    let spanID: String?
    switch (Self.id(record.traceID, length: 16), Self.id(record.spanID, length: 8)) {
    case (.failure(let length), _):
      return rejections.reject(because: "trace_id is \(length) bytes, expected 16")
    case (_, .failure(let length)):
      return rejections.reject(because: "span_id is \(length) bytes, expected 8")
    case (.success(let trace), .success(let span)):
      traceID = trace
      spanID = span
    }
    var attributes = record.attributes.map {
      LogAttribute($0.key, OTLPAttributeText.text($0.value))
    }
    if !record.eventName.isEmpty { attributes.append(LogAttribute("event.name", record.eventName)) }
    if record.droppedAttributesCount > 0 {
      attributes.append(
        LogAttribute("otel.dropped_attributes_count", String(record.droppedAttributesCount)))
    }
    attributes += shared
    let observed =
      record.observedTimeUnixNano > 0
      ? OTLPSpanMapper.microseconds(record.observedTimeUnixNano) : receivedAt
    let time =
      record.timeUnixNano > 0 ? OTLPSpanMapper.microseconds(record.timeUnixNano) : observed
    let (number, severity) = Self.severity(record.severityNumber.rawValue, record.severityText)
    var mapped = LogRecord(
      timestamp: time, observedTimestamp: observed, severityNumber: number, severity: severity,
      body: record.hasBody ? OTLPAttributeText.text(record.body) : "", service: service,
      environment: environment, source: Self.source, attributes: attributes, traceID: traceID,
      spanID: spanID)
    mapped.applyLimits(limits)
    records.append(mapped)
  }

  /// An id's hex, nil when empty or all zeros; the length when it is neither that nor
  /// `length` bytes.
  private static func id(_ bytes: Data, length: Int) -> Result<String?, IDLength> {
    if bytes.isEmpty || OTLPSpanIDs.isZero(bytes) && bytes.count == length { return .success(nil) }
    guard bytes.count == length else { return .failure(IDLength(bytes.count)) }
    return .success(OTLPSpanIDs.hex(bytes))
  }

  /// The severity from OTLP's number (1...24), else from the text, else unknown.
  static func severity(_ number: Int, _ text: String) -> (Int, LogSeverity) {
    if (1...24).contains(number) { return (number, LogSeverity(number: number)) }
    if let label = LogSeverity(name: text) { return (label.number, label) }
    return (0, .unknown)
  }
}

/// The byte count of an id of the wrong length.
struct IDLength: Error {
  var count: Int
  init(_ count: Int) { self.count = count }
}

extension IDLength: CustomStringConvertible {
  var description: String { String(count) }
}
