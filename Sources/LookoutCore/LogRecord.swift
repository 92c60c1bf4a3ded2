/// One log entry, the model every log format maps to (OTLP logs, Loki push, tailed files).
/// Times are microseconds since the Unix epoch.
///
/// Attributes are one ordered list of key/value strings, in the order the sender gave
/// them (a key may repeat: Loki labels and structured metadata are separate namespaces).
/// Whatever the source, keys follow one convention, so one query reads them all:
/// - OTLP: the record's attributes under their own keys; resource attributes as
///   `resource.<key>` (as spans store them; `service.name` and `deployment.environment[.name]`
///   become ``service`` and ``environment`` instead); the scope as `otel.scope.name` /
///   `otel.scope.version`; the event name as `event.name`.
/// - Loki: stream labels as `label.<name>`; structured metadata under its own names (it is
///   per entry, like OTLP record attributes). `service_name` (else `service`, `app`, `job`)
///   gives ``service``; `job` (else `service_name`) gives ``source``.
/// - Files: fields of a JSON line other than time, level, message and service under their
///   own names (nested values as compact JSON text).
/// - Lookout's own notes: `lookout.dropped_attributes_count` when the caps below dropped
///   some, `otel.dropped_attributes_count` when the SDK says it dropped some.
///
/// Bounds (``LogLimits``): the body is cut at 64 KiB (at a character boundary, with
/// ``bodyTruncated`` set); at most 128 attributes are kept, keys cut at 256 bytes and
/// values at 4 KiB.
///
/// ```swift
/// var record = LogRecord(timestamp: 1_717_545_600_000_000, severity: .error,
///   body: "payment failed", service: "checkout", source: "otlp")
/// record.attributes.append(LogAttribute("order.id", "42"))
/// record.applyLimits(LogLimits())
/// ```
public struct LogRecord: Sendable, Hashable {
  /// When the event happened, µs since epoch (the time of reading when the entry has none).
  public var timestamp: Int64
  /// When Lookout (or the collecting agent) saw it, µs since epoch.
  public var observedTimestamp: Int64
  /// OpenTelemetry's severity number: 1...24, 0 when unknown.
  public var severityNumber: Int
  /// The normalised severity label.
  public var severity: LogSeverity
  /// The message, at most ``LogLimits/bodyBytes`` UTF-8 bytes.
  public var body: String
  /// Whether ``body`` was cut at the limit.
  public var bodyTruncated: Bool
  /// The service that wrote the entry; empty when unknown.
  public var service: String
  /// Deployment environment; empty means the source's environment.
  public var environment: String
  /// Where the entry came from: a file path, a Loki stream's `job`, or `otlp`.
  public var source: String
  /// Attributes, labels and metadata, in order (conventions on the type).
  public var attributes: [LogAttribute]
  /// 32 lowercase hex digits, nil when the entry belongs to no trace.
  public var traceID: String?
  /// 16 lowercase hex digits, nil when none.
  public var spanID: String?

  /// Creates a record; the severity number defaults to the label's first number
  /// (``LogSeverity/number``) and the observed time to the timestamp.
  public init(
    timestamp: Int64, observedTimestamp: Int64? = nil, severityNumber: Int? = nil,
    severity: LogSeverity = .unknown, body: String, bodyTruncated: Bool = false,
    service: String = "", environment: String = "", source: String = "",
    attributes: [LogAttribute] = [], traceID: String? = nil, spanID: String? = nil
  ) {
    self.timestamp = timestamp
    self.observedTimestamp = observedTimestamp ?? timestamp
    self.severityNumber = severityNumber ?? severity.number
    self.severity = severity
    self.body = body
    self.bodyTruncated = bodyTruncated
    self.service = service
    self.environment = environment
    self.source = source
    self.attributes = attributes
    self.traceID = traceID
    self.spanID = spanID
  }

  /// The value of the first attribute named `key`.
  public func attribute(_ key: String) -> String? {
    attributes.first { $0.key == key }?.value
  }

  /// Cuts the body and the attributes to `limits`; what is dropped is counted in
  /// `lookout.dropped_attributes_count`.
  public mutating func applyLimits(_ limits: LogLimits) {
    let cut = LogLimits.truncated(body, toUTF8Bytes: limits.bodyBytes)
    if cut.utf8.count < body.utf8.count {
      body = cut
      bodyTruncated = true
    }
    var dropped = 0
    if attributes.count > limits.attributes {
      dropped = attributes.count - limits.attributes
      attributes.removeLast(dropped)
    }
    for index in attributes.indices {
      let attribute = attributes[index]
      if attribute.key.utf8.count > limits.keyBytes
        || attribute.value.utf8.count
          > limits.valueBytes
      {
        attributes[index] = LogAttribute(
          LogLimits.truncated(attribute.key, toUTF8Bytes: limits.keyBytes),
          LogLimits.truncated(attribute.value, toUTF8Bytes: limits.valueBytes))
      }
    }
    if dropped > 0 {
      attributes.append(LogAttribute("lookout.dropped_attributes_count", String(dropped)))
    }
  }
}

/// One key/value pair of a ``LogRecord``.
public struct LogAttribute: Sendable, Hashable {
  /// The key (conventions on ``LogRecord``).
  public var key: String
  /// The value as text (numbers and booleans in their JSON form, lists and maps as JSON).
  public var value: String

  /// Creates a pair.
  public init(_ key: String, _ value: String) {
    self.key = key
    self.value = value
  }
}

/// The normalised severity of a log entry, OpenTelemetry's six ranges plus "unknown".
public enum LogSeverity: String, Sendable, Hashable, CaseIterable, Codable {
  /// Finer than debug (OpenTelemetry 1-4).
  case trace = "TRACE"
  /// Debugging detail (5-8).
  case debug = "DEBUG"
  /// Normal operation (9-12).
  case info = "INFO"
  /// Something unexpected that did not fail (13-16).
  case warn = "WARN"
  /// A failure (17-20).
  case error = "ERROR"
  /// A failure that stops the program (21-24).
  case fatal = "FATAL"
  /// No severity stated (0).
  case unknown = "UNKNOWN"

  /// The label of an OpenTelemetry severity number: 1-4 TRACE, 5-8 DEBUG, 9-12 INFO,
  /// 13-16 WARN, 17-20 ERROR, 21-24 FATAL, anything else UNKNOWN.
  public init(number: Int) {
    switch number {
    case 1...4: self = .trace
    case 5...8: self = .debug
    case 9...12: self = .info
    case 13...16: self = .warn
    case 17...20: self = .error
    case 21...24: self = .fatal
    default: self = .unknown
    }
  }

  /// The label a level name stands for, case-insensitively: the six names and common
  /// others (`warning`, `err`, `critical`, `crit`, `panic`, `emerg`, `alert`, `notice`,
  /// `information`, `verbose`, `fine`, `finest`, `severe`, `dpanic`, syslog's names).
  /// Nil for anything else.
  public init?(name: some StringProtocol) {
    guard name.utf8.count <= 12 else { return nil }
    switch name.lowercased() {
    case "trace", "trc", "finest", "verbose": self = .trace
    case "debug", "dbg", "fine", "finer", "config": self = .debug
    case "info", "inf", "information", "informational", "notice": self = .info
    case "warn", "warning", "wrn": self = .warn
    case "error", "err", "eror", "severe": self = .error
    case "fatal", "critical", "crit", "panic", "dpanic", "emerg", "emergency", "alert":
      self = .fatal
    default: return nil
    }
  }

  /// The first OpenTelemetry number of the range (TRACE 1, DEBUG 5, INFO 9, WARN 13,
  /// ERROR 17, FATAL 21); 0 for UNKNOWN.
  public var number: Int {
    switch self {
    case .trace: 1
    case .debug: 5
    case .info: 9
    case .warn: 13
    case .error: 17
    case .fatal: 21
    case .unknown: 0
    }
  }
}

/// How much of one log entry is kept (see ``LogRecord/applyLimits(_:)``).
public struct LogLimits: Sendable, Hashable {
  /// Longest body kept, in UTF-8 bytes.
  public var bodyBytes: Int
  /// Most attributes kept per entry (the first ones).
  public var attributes: Int
  /// Longest attribute key, in UTF-8 bytes.
  public var keyBytes: Int
  /// Longest attribute value, in UTF-8 bytes.
  public var valueBytes: Int

  /// Limits: body 64 KiB, 128 attributes, keys 256 bytes, values 4 KiB.
  public init(
    bodyBytes: Int = 64 << 10, attributes: Int = 128, keyBytes: Int = 256, valueBytes: Int = 4096
  ) {
    self.bodyBytes = max(0, bodyBytes)
    self.attributes = max(0, attributes)
    self.keyBytes = max(1, keyBytes)
    self.valueBytes = max(0, valueBytes)
  }

  /// `text` cut to at most `limit` UTF-8 bytes, at the start of a character.
  public static func truncated(_ text: String, toUTF8Bytes limit: Int) -> String {
    let utf8 = text.utf8
    guard utf8.count > limit else { return text }
    var end = utf8.index(utf8.startIndex, offsetBy: limit)
    // Back off over continuation bytes (10xxxxxx) to the first byte of a scalar.
    while end > utf8.startIndex, utf8[end] & 0xC0 == 0x80 {
      end = utf8.index(before: end)
    }
    return String(text[..<end])
  }
}
