import LookoutCore

/// The columns of the raw log blocks (`logs_blocks` in `logs.sqlite`).
///
/// Positions are fixed forever: a new column may only be appended. Absent values: trace
/// and span ids 0 (an all-zero id is invalid in OpenTelemetry, so it cannot be a real one).
public enum LogColumn: Int, CaseIterable, Sendable {
  /// The entry's time, µs since epoch.
  case timestamp
  /// When it was received, µs since epoch.
  case observedTimestamp
  /// OpenTelemetry severity number, 0 when unknown.
  case severityNumber
  /// ``LogSeverity`` label (dictionary: `TRACE` … `FATAL`, `UNKNOWN`).
  case severity
  /// Service (dictionary).
  case service
  /// Environment (dictionary).
  case environment
  /// Source: file path, Loki `job`, `otlp` (dictionary).
  case source
  /// The message.
  case body
  /// Attributes in ``LogAttributeText`` form.
  case attributes
  /// First 8 bytes of the trace id as a bit pattern; 0 with ``traceLow`` when none.
  case traceHigh
  /// Last 8 bytes of the trace id.
  case traceLow
  /// The span id's 8 bytes; 0 when none.
  case spanID
  /// The log pattern the entry belongs to; 0 until pattern mining assigns one.
  case patternID
  /// Bit 0: the body was truncated.
  case flags

  /// The column's name in the schema and the dictionary.
  public var name: String {
    switch self {
    case .timestamp: "ts"
    case .observedTimestamp: "observed_ts"
    case .severityNumber: "severity_number"
    case .severity: "level"
    case .service: "service"
    case .environment: "env"
    case .source: "source"
    case .body: "body"
    case .attributes: "attributes"
    case .traceHigh: "trace_hi"
    case .traceLow: "trace_lo"
    case .spanID: "span_id"
    case .patternID: "pattern_id"
    case .flags: "flags"
    }
  }

  /// The column's physical kind.
  public var kind: ColumnKind {
    switch self {
    case .timestamp, .observedTimestamp, .severityNumber, .traceHigh, .traceLow, .spanID,
      .patternID, .flags:
      .int64
    case .severity, .service, .environment, .source: .dictionary
    case .body, .attributes: .string
    }
  }

  /// The block schema of logs. Text columns skip the tokenized encoding: it costs encoding
  /// time and gains little on messages and attributes (measured on spans).
  public static let schema = BlockSchema(
    table: "logs", columns: allCases.map { ColumnSpec($0.name, $0.kind, tokenize: false) })

  /// The ``flags`` bit of a truncated body.
  public static let bodyTruncatedFlag: Int64 = 1
}
