import LookoutCore

/// Turns the entries of one Loki stream into ``LogRecord``s, whichever encoding they came in.
///
/// From the labels: ``LogRecord/service`` is `service_name`, else `service`, `app`,
/// `application`, `job` (else `unknown_service`, as Loki itself names it);
/// ``LogRecord/source`` is `job`, else `service_name`, else `loki`;
/// ``LogRecord/environment`` is `env`, `environment` or `deployment_environment` (else the
/// request's). The severity is the `level` (or `severity`, `detected_level`, `lvl`) of the
/// entry's metadata or of the labels, else what ``LogLevelDetector`` finds in the line.
/// A `trace_id` / `span_id` (or `traceID`, `traceId`, `spanID`, `spanId`) in the metadata
/// that is hex of the right length becomes ``LogRecord/traceID`` / ``LogRecord/spanID``
/// and leaves the attributes. Attributes: the labels as `label.<name>`, then the entry's
/// structured metadata under its own names.
struct LokiStreamMapper {
  static let serviceLabels = ["service_name", "service", "app", "application", "job"]
  static let sourceLabels = ["job", "service_name"]
  static let environmentLabels = ["env", "environment", "deployment_environment"]
  static let levelKeys = ["level", "severity", "detected_level", "lvl"]
  static let traceKeys: Set<String> = ["trace_id", "traceID", "traceId"]
  static let spanKeys: Set<String> = ["span_id", "spanID", "spanId"]

  let service: String
  let source: String
  let environment: String
  let labelSeverity: LogSeverity?
  let labelAttributes: [LogAttribute]
  let limits: LogLimits
  let receivedAt: Int64

  init(labels: [LogAttributePair], limits: LogLimits, receivedAt: Int64) {
    func first(_ names: [String]) -> String? {
      for name in names {
        if let value = labels.first(where: { $0.name == name })?.value, !value.isEmpty {
          return value
        }
      }
      return nil
    }
    service = first(Self.serviceLabels) ?? OTLPSpanMapper.unknownService
    source = first(Self.sourceLabels) ?? "loki"
    environment = first(Self.environmentLabels) ?? ""
    labelSeverity = first(Self.levelKeys).flatMap { LogSeverity(name: $0) }
    labelAttributes = labels.map { LogAttribute("label." + $0.name, $0.value) }
    self.limits = limits
    self.receivedAt = receivedAt
  }

  /// The record of one entry.
  ///
  /// - Parameters:
  ///   - nanoseconds: the entry's time, ns since epoch.
  ///   - line: the log line.
  ///   - metadata: its structured metadata, in order.
  func record(nanoseconds: Int64, line: String, metadata: [LogAttributePair]) -> LogRecord {
    var attributes = labelAttributes
    var traceID: String?
    var spanID: String?
    var severity = labelSeverity
    for pair in metadata {
      if Self.traceKeys.contains(pair.name), traceID == nil, let id = Self.hexID(pair.value, 32) {
        traceID = id
        continue
      }
      if Self.spanKeys.contains(pair.name), spanID == nil, let id = Self.hexID(pair.value, 16) {
        spanID = id
        continue
      }
      if Self.levelKeys.contains(pair.name), let level = LogSeverity(name: pair.value) {
        severity = level
      }
      attributes.append(LogAttribute(pair.name, pair.value))
    }
    let label = severity ?? LogLevelDetector.detect(in: line) ?? .unknown
    var record = LogRecord(
      timestamp: Self.microseconds(nanoseconds), observedTimestamp: receivedAt,
      severity: label, body: line, service: service, environment: environment, source: source,
      attributes: attributes, traceID: traceID, spanID: spanID)
    record.applyLimits(limits)
    return record
  }

  /// Nanoseconds as whole microseconds (floor).
  static func microseconds(_ nanoseconds: Int64) -> Int64 {
    nanoseconds >= 0 ? nanoseconds / 1000 : (nanoseconds - 999) / 1000
  }

  /// `text` as lowercase hex when it is `digits` hex digits and not all zeros.
  static func hexID(_ text: String, _ digits: Int) -> String? {
    let utf8 = text.utf8
    guard utf8.count == digits,
      utf8.allSatisfy({ HexDigits.parse([$0][...]) != nil }),
      utf8.contains(where: { $0 != UInt8(ascii: "0") })
    else { return nil }
    return text.lowercased()
  }
}
