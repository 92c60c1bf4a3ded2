/// One span of a trace, the model every trace format maps to (OTLP, X-Ray, Zipkin, Sentry
/// transactions). Times are microseconds since the Unix epoch.
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

  public init(
    traceID: String, spanID: String, parentSpanID: String = "", service: String, name: String,
    kind: Kind = .unspecified, start: Int64, duration: Int64, status: Status = .unset,
    statusMessage: String = "", attributes: [String: String] = [:], environment: String = ""
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
  }
}
