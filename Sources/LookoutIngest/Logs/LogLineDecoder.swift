import LookoutCore

/// Decodes one entry of a log file (a line, or lines joined by ``LogLineJoiner``) into a
/// ``LogRecord``.
///
/// - ``Format/plain``: the entry is the body, whole; its time is the timestamp it starts
///   with (``LogTimestampParser``), else the time of reading; its severity what
///   ``LogLevelDetector`` finds, else unknown.
/// - ``Format/json``: one JSON object per line. `time`, `timestamp`, `ts` or `@timestamp`
///   give the time (RFC 3339, or epoch seconds, milliseconds, microseconds or nanoseconds
///   told apart by magnitude); `level`, `severity`, `lvl`, `levelname` or `loglevel` the
///   severity (a name, pino's numbers 10-60, or OpenTelemetry's 1-24); `msg`, `message` or
///   `@message` the body (the whole line when absent); `service`, `service.name` or
///   `service_name` the service; `trace_id` / `traceId` and `span_id` / `spanId` the ids
///   when they are hex of the right length. Every other member is an attribute, in order
///   (strings as they are, other values as compact JSON). A line that is not a JSON object
///   is decoded as plain text.
///
/// Never fails: every line becomes a record.
///
/// ```swift
/// let decoder = LogLineDecoder(format: .json, source: "/var/log/app.jsonl", service: "api")
/// let line = #"{"ts":1717545600.5,"level":"warn","msg":"slow"}"#
/// let record = decoder.decode(line, receivedAt: now)
/// ```
public struct LogLineDecoder: Sendable {
  /// How a file's lines are written.
  public enum Format: String, Sendable, Hashable, CaseIterable, Codable {
    /// Free text, one entry per line or per multi-line group.
    case plain
    /// One JSON object per line.
    case json
  }

  /// How the file is written.
  public var format: Format
  /// The source name of every record (the file's path).
  public var source: String
  /// The service of records that name none.
  public var service: String
  /// How much of each record to keep.
  public var limits: LogLimits

  /// Creates a decoder.
  public init(format: Format, source: String, service: String = "", limits: LogLimits = LogLimits())
  {
    self.format = format
    self.source = source
    self.service = service
    self.limits = limits
  }

  /// The record of one entry.
  ///
  /// - Parameters:
  ///   - entry: the line, or lines joined by `\n`.
  ///   - receivedAt: µs since epoch, the observed time (and the time of entries with none).
  ///   - truncated: whether the entry was already cut (a line over the tailer's limit, an
  ///     entry over the joiner's).
  public func decode(_ entry: String, receivedAt: Int64, truncated: Bool = false) -> LogRecord {
    var record: LogRecord
    if format == .json, let object = Self.object(entry) {
      record = json(object, line: entry, receivedAt: receivedAt)
    } else {
      record = plain(entry, receivedAt: receivedAt)
    }
    record.bodyTruncated = record.bodyTruncated || truncated
    record.applyLimits(limits)
    return record
  }

  private func plain(_ entry: String, receivedAt: Int64) -> LogRecord {
    let time = LogTimestampParser.parse(Array(entry.utf8.prefix(40)), now: receivedAt)
    return LogRecord(
      timestamp: time?.micros ?? receivedAt, observedTimestamp: receivedAt,
      severity: LogLevelDetector.detect(in: entry) ?? .unknown, body: entry, service: service,
      source: source)
  }

  private static func object(_ entry: String) -> [JSONValue.Member]? {
    guard entry.utf8.first(where: { $0 != 32 && $0 != 9 }) == UInt8(ascii: "{") else {
      return nil
    }
    return (try? JSONParser.parse(Array(entry.utf8)))?.members
  }

  static let timeKeys: Set<String> = ["time", "timestamp", "ts", "@timestamp"]
  static let levelKeys: Set<String> = ["level", "severity", "lvl", "levelname", "loglevel"]
  static let messageKeys: Set<String> = ["msg", "message", "@message"]
  static let serviceKeys: Set<String> = ["service", "service.name", "service_name"]
  static let traceKeys: Set<String> = ["trace_id", "traceId", "traceID"]
  static let spanKeys: Set<String> = ["span_id", "spanId", "spanID"]

  private func json(_ members: [JSONValue.Member], line: String, receivedAt: Int64) -> LogRecord {
    var record = LogRecord(
      timestamp: receivedAt, observedTimestamp: receivedAt, body: line, service: service,
      source: source)
    var sawTime = false
    var sawLevel = false
    var sawMessage = false
    var sawService = false
    for member in members {
      let key = member.key
      if !sawTime, Self.timeKeys.contains(key), let time = Self.time(member.value) {
        record.timestamp = time
        sawTime = true
      } else if !sawLevel, Self.levelKeys.contains(key), let level = Self.level(member.value) {
        (record.severityNumber, record.severity) = level
        sawLevel = true
      } else if !sawMessage, Self.messageKeys.contains(key), let text = member.value.text {
        record.body = text
        sawMessage = true
      } else if !sawService, Self.serviceKeys.contains(key), let name = member.value.nonEmptyString
      {
        record.service = name
        sawService = true
      } else if record.traceID == nil, Self.traceKeys.contains(key),
        let id = member.value.string.flatMap({ LokiStreamMapper.hexID($0, 32) })
      {
        record.traceID = id
      } else if record.spanID == nil, Self.spanKeys.contains(key),
        let id = member.value.string.flatMap({ LokiStreamMapper.hexID($0, 16) })
      {
        record.spanID = id
      } else if let text = member.value.text {
        record.attributes.append(LogAttribute(key, text))
      }
    }
    if !sawLevel, let level = LogLevelDetector.detect(in: record.body) {
      (record.severityNumber, record.severity) = (level.number, level)
    }
    return record
  }

  /// A time member: an RFC 3339 string, or a number (or numeric string) of epoch seconds,
  /// milliseconds, microseconds or nanoseconds, told apart by magnitude.
  static func time(_ value: JSONValue) -> Int64? {
    let text: String
    switch value {
    case .string(let string):
      if let micros = SentryTimestamp.microseconds(rfc3339: string) { return micros }
      text = string
    case .number(let number): text = number
    default: return nil
    }
    guard let number = Double(text), number.isFinite, number > 0 else { return nil }
    if number < 1e11 { return SentryTimestamp.microseconds(epochSeconds: text) }
    if let integer = Int64(text) {
      if number < 1e14 { return integer * 1000 }
      if number < 1e17 { return integer }
      return integer / 1000
    }
    if number < 1e14 { return Int64(number * 1000) }
    if number < 1e17 { return Int64(number) }
    return Int64(number / 1000)
  }

  /// A level member: a name, pino's 10/20/30/40/50/60, or an OpenTelemetry number 1-24.
  static func level(_ value: JSONValue) -> (Int, LogSeverity)? {
    if let name = value.string {
      if let label = LogSeverity(name: name) { return (label.number, label) }
      guard let number = Int(name) else { return nil }
      return level(number)
    }
    return value.integer.flatMap(level)
  }

  private static func level(_ number: Int) -> (Int, LogSeverity)? {
    let pino: [Int: LogSeverity] = [
      10: .trace, 20: .debug, 30: .info, 40: .warn, 50: .error, 60: .fatal,
    ]
    if let label = pino[number] { return (label.number, label) }
    guard (1...24).contains(number) else { return nil }
    return (number, LogSeverity(number: number))
  }
}
