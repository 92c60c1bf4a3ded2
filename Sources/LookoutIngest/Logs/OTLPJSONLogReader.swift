import Foundation

/// Reads OTLP/JSON logs exports into the protobuf request type, so both encodings share
/// one mapping (``OTLPLogMapper``), with the rules of ``OTLPJSONTraceReader``: hex (or
/// base64) ids, enums as integers or names, 64-bit integers as strings or numbers,
/// lowerCamelCase or snake_case keys, unknown keys ignored, `null` or a member of the wrong
/// type counted as absent. A record whose ids are neither hex nor base64 is rejected.
///
/// ```swift
/// var reader = OTLPJSONLogReader()
/// let request = try reader.read(JSONParser.parse(body))
/// ```
struct OTLPJSONLogReader {
  typealias Request = Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceRequest
  typealias Record = Opentelemetry_Proto_Logs_V1_LogRecord
  typealias Values = OTLPJSONTraceReader

  /// Records left out because their ids could not be read.
  var rejections = LogRejections()

  /// Reads the whole export.
  ///
  /// - Throws: ``LogDecodeError/notALogsRequest(reason:)`` when the document is not an
  ///   object, its `resourceLogs` is not an array, or it is a trace or metrics export.
  mutating func read(_ document: JSONValue) throws(LogDecodeError) -> Request {
    switch OTLPJSONExport.resources(of: "logs", in: document) {
    case .failure(let reason): throw .notALogsRequest(reason: reason.text)
    case .success(let list):
      var request = Request()
      request.resourceLogs = list.compactMap { resourceLogs($0) }
      return request
    }
  }

  private mutating func resourceLogs(_ value: JSONValue)
    -> Opentelemetry_Proto_Logs_V1_ResourceLogs?
  {
    guard let members = value.members else { return nil }
    var resourceLogs = Opentelemetry_Proto_Logs_V1_ResourceLogs()
    for member in members {
      switch member.key {
      case "resource":
        for field in member.value.members ?? [] where field.key == "attributes" {
          resourceLogs.resource.attributes = Values.keyValues(field.value)
        }
      case "scopeLogs", "scope_logs":
        resourceLogs.scopeLogs = (member.value.array ?? []).compactMap { scopeLogs($0) }
      default: continue
      }
    }
    return resourceLogs
  }

  private mutating func scopeLogs(_ value: JSONValue) -> Opentelemetry_Proto_Logs_V1_ScopeLogs? {
    guard let members = value.members else { return nil }
    var scopeLogs = Opentelemetry_Proto_Logs_V1_ScopeLogs()
    for member in members {
      switch member.key {
      case "scope":
        for field in member.value.members ?? [] {
          switch field.key {
          case "name": scopeLogs.scope.name = field.value.string ?? scopeLogs.scope.name
          case "version": scopeLogs.scope.version = field.value.string ?? scopeLogs.scope.version
          default: continue
          }
        }
      case "logRecords", "log_records":
        for element in member.value.array ?? [] {
          if let record = record(element) { scopeLogs.logRecords.append(record) }
        }
      default: continue
      }
    }
    return scopeLogs
  }

  /// One record; nil (and counted) when it is not an object or its ids are unreadable.
  private mutating func record(_ value: JSONValue) -> Record? {
    guard let members = value.members else {
      rejections.reject(because: "a log record is not a JSON object")
      return nil
    }
    var record = Record()
    var badID: String?
    for member in members {
      switch member.key {
      case "timeUnixNano", "time_unix_nano":
        record.timeUnixNano = Values.unsigned(member.value) ?? record.timeUnixNano
      case "observedTimeUnixNano", "observed_time_unix_nano":
        record.observedTimeUnixNano = Values.unsigned(member.value) ?? record.observedTimeUnixNano
      case "severityNumber", "severity_number":
        if let number = Values.enumeration(member.value, names: Self.severityNames) {
          record.severityNumber =
            Opentelemetry_Proto_Logs_V1_SeverityNumber(rawValue: number) ?? .unspecified
        }
      case "severityText", "severity_text":
        record.severityText = member.value.string ?? record.severityText
      case "body":
        if let body = Values.anyValue(member.value) { record.body = body }
      case "attributes": record.attributes = Values.keyValues(member.value)
      case "droppedAttributesCount", "dropped_attributes_count":
        record.droppedAttributesCount = Values.count(member.value) ?? record.droppedAttributesCount
      case "flags": record.flags = Values.count(member.value) ?? record.flags
      case "traceId", "trace_id":
        record.traceID = Self.id(member.value, length: 16, field: "trace_id", problem: &badID)
      case "spanId", "span_id":
        record.spanID = Self.id(member.value, length: 8, field: "span_id", problem: &badID)
      case "eventName", "event_name": record.eventName = member.value.string ?? record.eventName
      default: continue
      }
    }
    if let badID {
      rejections.reject(because: badID)
      return nil
    }
    return record
  }

  /// An id field: its bytes, or empty (and `problem` set) when the text is not an id.
  private static func id(_ value: JSONValue, length: Int, field: String, problem: inout String?)
    -> Data
  {
    guard let text = value.string else {
      if case .null = value { return Data() }
      problem = problem ?? "\(field) is not a string"
      return Data()
    }
    guard let bytes = OTLPSpanIDs.decodeJSON(text, length: length) else {
      problem = problem ?? "\(field) \"\(text.prefix(40))\" is neither hex nor base64"
      return Data()
    }
    return bytes
  }

  /// `SeverityNumber` names, indexed by value.
  static let severityNames: [String] =
    ["SEVERITY_NUMBER_UNSPECIFIED"]
    + ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"].flatMap { level in
      ["", "2", "3", "4"].map { "SEVERITY_NUMBER_\(level)\($0)" }
    }
}
