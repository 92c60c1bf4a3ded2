import LookoutCore

/// One call along an edge of the service map, from one trace: who called whom, how long it
/// took and how it ended. The service map aggregates these per `(from, to)` into calls per
/// minute, fault and error rates and latency percentiles.
public struct ServiceEdgeObservation: Sendable, Hashable, Codable {
  /// The caller.
  public var from: ServiceNode
  /// The callee.
  public var to: ServiceNode
  /// Latency of the call, µs: the client span's duration when the client side was seen
  /// (it includes the network), else the server span's.
  public var duration: Int64
  /// The call failed on the callee's side (error status or 5xx on either span).
  public var isFault: Bool
  /// The call failed on the caller's side (4xx or the X-Ray error flag), and is no fault.
  public var isClientError: Bool
  /// When the call started, µs since epoch.
  public var time: Int64
  /// The trace the call belongs to.
  public var traceID: String

  /// Creates an observation.
  public init(
    from: ServiceNode, to: ServiceNode, duration: Int64, isFault: Bool, isClientError: Bool,
    time: Int64, traceID: String
  ) {
    self.from = from
    self.to = to
    self.duration = duration
    self.isFault = isFault
    self.isClientError = isClientError
    self.time = time
    self.traceID = traceID
  }
}

/// What the service map needs of one side of a call, small enough to keep while the other
/// side of the call is on its way.
struct CallSide: Sendable, Hashable {
  var traceID: String
  var service: String
  var start: Int64
  var duration: Int64
  var isFault: Bool
  var isClientError: Bool
  /// Client or producer span.
  var isOutgoing: Bool
  /// Server span (the only kind a call from outside can enter).
  var isServer: Bool
  /// For an outgoing span, the node it calls when no span of the callee shows up.
  var inferred: ServiceNode?

  init(_ span: SpanRecord) {
    traceID = span.traceID
    service = span.service
    start = span.start
    duration = span.clampedDuration
    isFault = span.isFault
    isClientError = span.isClientError
    isOutgoing = span.isOutgoing
    isServer = span.kind == .server
    inferred = span.isOutgoing ? ServiceNode.inferred(from: span) : nil
  }
}

extension ServiceEdgeObservation {
  /// The call from `caller` to `callee`, two spans of different services where `callee`'s
  /// parent is `caller`. Timing comes from the caller when it is a client (or producer)
  /// span, else from the callee; a fault or error on either side marks the call.
  static func call(caller: CallSide, callee: CallSide) -> ServiceEdgeObservation {
    let timedBy = caller.isOutgoing ? caller : callee
    let isFault = callee.isFault || (caller.isOutgoing && caller.isFault)
    let isClientError =
      !isFault && (callee.isClientError || (caller.isOutgoing && caller.isClientError))
    return ServiceEdgeObservation(
      from: .service(caller.service), to: .service(callee.service),
      duration: timedBy.duration, isFault: isFault, isClientError: isClientError,
      time: timedBy.start, traceID: callee.traceID)
  }

  /// The call a client span made to something that sent no spans, or `nil` when the span
  /// names no node to infer.
  static func inferredCall(from caller: CallSide) -> ServiceEdgeObservation? {
    guard let node = caller.inferred else { return nil }
    return ServiceEdgeObservation(
      from: .service(caller.service), to: node, duration: caller.duration,
      isFault: caller.isFault, isClientError: caller.isClientError, time: caller.start,
      traceID: caller.traceID)
  }

  /// The call from outside that a server span without a seen parent answered.
  static func entry(into server: CallSide) -> ServiceEdgeObservation {
    ServiceEdgeObservation(
      from: .client, to: .service(server.service), duration: server.duration,
      isFault: server.isFault, isClientError: server.isClientError, time: server.start,
      traceID: server.traceID)
  }
}

extension SpanRecord {
  /// A span that calls out: client or producer.
  var isOutgoing: Bool { kind == .client || kind == .producer }
}
