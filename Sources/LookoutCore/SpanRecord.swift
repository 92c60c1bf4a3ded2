/// One span of a trace, the model every trace format maps to (OTLP, X-Ray, Zipkin, Sentry
/// transactions). Times are microseconds since the Unix epoch.
///
/// Attributes follow the OpenTelemetry semantic conventions whatever the source, so one
/// query reads them all: `http.request.method`, `http.route`, `url.full`,
/// `http.response.status_code`, `db.system`, `db.name`, `db.statement`, `db.user`,
/// `server.address`, `peer.service`. X-Ray's own fields keep their names under a prefix:
/// annotations as `annotation.<key>`, metadata as `metadata.<namespace>.<key>` (JSON text),
/// the `error` and `throttle` flags as `xray.error` / `xray.throttle` (`"true"`); a fault is
/// status ``Status/error``. Exceptions are events named `exception` with `exception.type`,
/// `exception.message` and `exception.stacktrace`, as OpenTelemetry records them.
public struct SpanRecord: Sendable, Hashable {
  /// How a span relates to others (OpenTelemetry's span kinds).
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    case unspecified, `internal`, server, client, producer, consumer
  }

  /// Outcome of a span.
  public enum Status: String, Sendable, Hashable {
    case unset, ok, error
  }

  /// 32 lowercase hex digits.
  public var traceID: String
  /// 16 lowercase hex digits.
  public var spanID: String
  /// The parent's span id; empty for a root span.
  public var parentSpanID: String
  /// The service that recorded the span.
  public var service: String
  /// Operation name (route, query, method).
  public var name: String
  public var kind: Kind
  /// Start, µs since epoch.
  public var start: Int64
  /// Duration, µs.
  public var duration: Int64
  public var status: Status
  /// Status message, empty when none.
  public var statusMessage: String
  /// Attributes, as strings (numbers and booleans in their JSON form).
  public var attributes: [String: String]
  /// Deployment environment.
  public var environment: String
  /// Timed events inside the span (exceptions, logs), in the order recorded.
  public var events: [Event]
  /// Links to spans of other traces (batch jobs, messages).
  public var links: [Link]

  /// Something that happened at one moment during a span.
  public struct Event: Sendable, Hashable {
    /// µs since epoch.
    public var time: Int64
    public var name: String
    public var attributes: [String: String]

    public init(time: Int64, name: String, attributes: [String: String] = [:]) {
      self.time = time
      self.name = name
      self.attributes = attributes
    }
  }

  /// A pointer to a span of another trace.
  public struct Link: Sendable, Hashable {
    /// 32 lowercase hex digits.
    public var traceID: String
    /// 16 lowercase hex digits.
    public var spanID: String
    public var attributes: [String: String]

    public init(traceID: String, spanID: String, attributes: [String: String] = [:]) {
      self.traceID = traceID
      self.spanID = spanID
      self.attributes = attributes
    }
  }

  public init(
    traceID: String, spanID: String, parentSpanID: String = "", service: String, name: String,
    kind: Kind = .unspecified, start: Int64, duration: Int64, status: Status = .unset,
    statusMessage: String = "", attributes: [String: String] = [:], environment: String = "",
    events: [Event] = [], links: [Link] = []
  ) {
    self.traceID = traceID
    self.spanID = spanID
    self.parentSpanID = parentSpanID
    self.service = service
    self.name = name
    self.kind = kind
    self.start = start
    self.duration = duration
    self.status = status
    self.statusMessage = statusMessage
    self.attributes = attributes
    self.environment = environment
    self.events = events
    self.links = links
  }
}

extension SpanRecord {
  /// The HTTP response status, from `http.response.status_code` (or the older
  /// `http.status_code`).
  public var httpStatusCode: Int? {
    (attributes["http.response.status_code"] ?? attributes["http.status_code"]).flatMap {
      Int($0)
    }
  }

  /// A failure of the span's own side, X-Ray's "fault": error status or an HTTP 5xx.
  public var isFault: Bool {
    status == .error || (httpStatusCode.map { $0 >= 500 } ?? false)
  }

  /// A failure blamed on the caller, X-Ray's "error": an HTTP 4xx or the X-Ray error flag,
  /// and not a fault.
  public var isClientError: Bool {
    guard !isFault else { return false }
    if let code = httpStatusCode, (400..<500).contains(code) { return true }
    return attributes["xray.error"] == "true"
  }
}
