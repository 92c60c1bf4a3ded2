import LookoutCore

/// The columns of the raw span blocks (`spans_blocks` in `traces.sqlite`).
///
/// Positions are fixed forever: a new column may only be appended. Ids are stored as
/// integers (a trace id as its two 64-bit halves), so finding a trace's rows compares
/// integers, never strings.
public enum SpanColumn: Int, CaseIterable, Sendable {
  /// Start, microseconds since epoch.
  case start
  /// Duration, microseconds.
  case duration
  /// First 8 bytes of the trace id, as a bit pattern.
  case traceHigh
  /// Last 8 bytes of the trace id.
  case traceLow
  /// The span id's 8 bytes.
  case spanID
  /// The parent's span id; 0 for a root span.
  case parentID
  /// Service (dictionary).
  case service
  /// Operation name (dictionary).
  case name
  /// ``SpanRecord/Kind`` as its ``SpanCodes/kind(_:)`` code.
  case kind
  /// ``SpanRecord/Status`` as its ``SpanCodes/status(_:)`` code.
  case status
  /// 0 ok, 1 client error, 2 fault (``SpanOutcome``).
  case outcome
  /// HTTP response status; absent when none.
  case httpStatus
  /// Environment (dictionary).
  case environment
  /// Status message, empty when none.
  case statusMessage
  /// Attributes in ``SpanAttributeText`` form.
  case attributes
  /// Events as JSON, empty when none.
  case events
  /// Links as JSON, empty when none.
  case links

  /// The column's name in the schema and the dictionary.
  public var name: String {
    switch self {
    case .start: "ts"
    case .duration: "duration_us"
    case .traceHigh: "trace_hi"
    case .traceLow: "trace_lo"
    case .spanID: "span_id"
    case .parentID: "parent_id"
    case .service: "service"
    case .name: "name"
    case .kind: "kind"
    case .status: "status"
    case .outcome: "outcome"
    case .httpStatus: "http_status"
    case .environment: "env"
    case .statusMessage: "status_message"
    case .attributes: "attributes"
    case .events: "events"
    case .links: "links"
    }
  }

  /// The column's physical kind.
  public var kind: ColumnKind {
    switch self {
    case .start, .duration, .traceHigh, .traceLow, .spanID, .parentID, .kind, .status, .outcome,
      .httpStatus:
      .int64
    case .service, .name, .environment: .dictionary
    case .statusMessage, .attributes, .events, .links: .string
    }
  }

  /// The block schema of spans.
  public static let schema = BlockSchema(
    table: "spans", columns: allCases.map { ColumnSpec($0.name, $0.kind, tokenize: false) })
}

/// How a span ended, as the service map counts it (X-Ray's terms).
public enum SpanOutcome: Int64, Sendable, Hashable {
  /// Neither a fault nor a client error.
  case ok = 0
  /// The caller's fault: an HTTP 4xx or X-Ray's error flag.
  case clientError = 1
  /// The span's own failure: error status or an HTTP 5xx.
  case fault = 2

  /// The outcome of `span` (``SpanRecord/isFault``, ``SpanRecord/isClientError``).
  public init(_ span: SpanRecord) {
    self.init(span, httpStatus: span.httpStatusCode)
  }

  /// The outcome of `span` whose ``SpanRecord/httpStatusCode`` is `httpStatus`, for
  /// callers that read it already (the same rules, without looking it up again).
  public init(_ span: SpanRecord, httpStatus: Int?) {
    if span.status == .error || (httpStatus.map { $0 >= 500 } ?? false) {
      self = .fault
    } else if let code = httpStatus, (400..<500).contains(code) {
      self = .clientError
    } else {
      self = span.attributes["xray.error"] == "true" ? .clientError : .ok
    }
  }
}

/// The integer codes of span kinds and statuses in blocks and rollups.
public enum SpanCodes {
  /// The stored code of `kind`.
  public static func kind(_ kind: SpanRecord.Kind) -> Int64 {
    switch kind {
    case .unspecified: 0
    case .internal: 1
    case .server: 2
    case .client: 3
    case .producer: 4
    case .consumer: 5
    }
  }

  /// The kind stored as `code`.
  public static func kind(code: Int64) -> SpanRecord.Kind {
    switch code {
    case 1: .internal
    case 2: .server
    case 3: .client
    case 4: .producer
    case 5: .consumer
    default: .unspecified
    }
  }

  /// The stored code of `status`.
  public static func status(_ status: SpanRecord.Status) -> Int64 {
    switch status {
    case .unset: 0
    case .ok: 1
    case .error: 2
    }
  }

  /// The status stored as `code`.
  public static func status(code: Int64) -> SpanRecord.Status {
    switch code {
    case 1: .ok
    case 2: .error
    default: .unset
    }
  }
}
