import LookoutCore

/// Turns decoded X-Ray documents into spans ready to store: gives streamed subsegments
/// their service, holds in-progress pieces until their complete copy, and drops repeats.
///
/// A pure state machine: no I/O, no clock (every call takes `now`, µs since epoch); the
/// server owns one behind a lock or an actor and calls ``expire(now:)`` on a timer.
///
/// - Streamed subsegments arrive before their segment and do not name their service. They
///   are held until an ancestor (the segment, an in-progress copy of it, or a subsegment
///   already resolved) is seen, through any chain of standalone subsegments.
/// - In-progress pieces are never emitted beside their complete copy: the complete copy
///   replaces them. Until then ``pendingSpans(traceID:now:)`` shows them.
/// - A span id already emitted in the trace is dropped (within
///   ``Configuration/duplicateWindow``), so a repeated document yields nothing new.
/// - Held spans are bounded (``Configuration/maxPendingSpans``, oldest out first) and time
///   out: orphans are emitted with ``Configuration/unknownService``, in-progress pieces with
///   their duration up to the last copy seen and `xray.in_progress = "true"`.
///
/// ```swift
/// var assembler = XRayAssembler()
/// let ready = assembler.add(try decoder.decode(datagram.document), now: nowMicros)
/// let late = assembler.expire(now: nowMicros)
/// ```
public struct XRayAssembler: Sendable {
  /// The timeouts and bounds in force.
  public let configuration: Configuration
  /// What has happened so far.
  public internal(set) var counters = Counters()
  /// How many spans are held (orphans and in-progress pieces).
  public internal(set) var pendingCount = 0
  /// How many traces are remembered.
  public var traceCount: Int { traces.count }
  /// How many span ids are remembered (services known, ids emitted) across traces.
  public internal(set) var rememberedCount = 0

  /// Where a span's service comes from: its segment.
  struct Origin: Sendable, Hashable {
    var service: String
    var environment: String
  }

  /// A span held back: an orphan, an in-progress piece, or both.
  struct Held: Sendable {
    var span: SpanRecord
    /// nil while the ancestor segment is unknown.
    var origin: Origin?
    /// When the first copy arrived.
    var arrived: Int64
    /// When the last copy arrived.
    var lastSeen: Int64
    /// Arrival order, for oldest-first eviction.
    var sequence: UInt64
  }

  /// What is remembered of one trace.
  struct TraceState: Sendable {
    /// Services of span ids seen with a known origin.
    var known: [SpanKey: Origin] = [:]
    /// Spans held back, by id.
    var held: [SpanKey: Held] = [:]
    /// Unresolved span ids by the parent id they wait for.
    var waiting: [SpanKey: [SpanKey]] = [:]
    /// Span ids already emitted.
    var emitted: Set<SpanKey> = []
    /// When the last document of the trace arrived.
    var lastSeen: Int64
    /// Creation order, for oldest-first forgetting.
    var sequence: UInt64

    /// How many ids the trace remembers, for the memory bound.
    var rememberedCount: Int { known.count + emitted.count }
  }

  /// One entry of an oldest-first queue; stale when its target has a different sequence.
  struct QueueEntry: Sendable {
    var traceID: String
    var spanID: SpanKey
    var sequence: UInt64
  }

  /// A span id as a number: eight bytes instead of a 16-character string that does not fit
  /// a small string, since a trace remembers every id for ``Configuration/duplicateWindow``.
  typealias SpanKey = UInt64

  /// The key of a span id; ids that are not hex (never from the decoder) are hashed.
  static func key(_ spanID: String) -> SpanKey {
    if let value = UInt64(spanID, radix: 16) { return value }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in spanID.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    return hash
  }

  var traces: [String: TraceState] = [:]
  var heldQueue = ArrivalQueue<QueueEntry>()
  var traceQueue = ArrivalQueue<QueueEntry>()
  var nextSequence: UInt64 = 0

  /// Creates an empty assembler.
  ///
  /// - Parameter configuration: timeouts and bounds.
  public init(configuration: Configuration = .init()) {
    self.configuration = configuration
  }

  /// Takes one decoded document and returns the spans now ready: its own complete spans
  /// whose service is known, held spans it resolved, and spans pushed out by the bounds.
  ///
  /// - Parameters:
  ///   - document: a decoded segment or standalone subsegment.
  ///   - now: the current time, µs since epoch.
  /// - Returns: spans to store, each with its service set.
  public mutating func add(_ document: XRayDocument, now: Int64) -> [SpanRecord] {
    var output: [SpanRecord] = []
    var trace = traces.removeValue(forKey: document.traceID) ?? newTrace(document.traceID, now: now)
    trace.lastSeen = max(trace.lastSeen, now)
    let rememberedBefore = trace.rememberedCount
    let segmentOrigin =
      document.kind == .segment
      ? document.spans.first.map { Origin(service: $0.service, environment: $0.environment) }
      : nil
    for span in document.spans {
      add(
        span, segmentOrigin: segmentOrigin, to: &trace, traceID: document.traceID, now: now,
        output: &output)
    }
    rememberedCount += trace.rememberedCount - rememberedBefore
    traces[document.traceID] = trace
    // Resolved spans leave stale queue entries behind; expire() prunes them, and so does a
    // burst that outgrows the bounds between two expiries.
    if heldQueue.count > 2 * configuration.maxPendingSpans + 1024
      || traceQueue.count > 2 * configuration.maxTraces + 1024
    {
      pruneQueues()
    }
    while pendingCount > configuration.maxPendingSpans, let span = evictOldestHeld(now: now) {
      output.append(span)
    }
    while traces.count > configuration.maxTraces
      || rememberedCount > configuration.maxRememberedSpans,
      let spans = forgetOldestTrace(now: now)
    {
      output.append(contentsOf: spans)
    }
    return output
  }

  private mutating func add(
    _ span: SpanRecord, segmentOrigin: Origin?, to trace: inout TraceState, traceID: String,
    now: Int64, output: inout [SpanRecord]
  ) {
    let id = Self.key(span.spanID)
    let parent = Self.key(span.parentSpanID)
    let inProgress = span.isXRayInProgress
    guard !trace.emitted.contains(id) else {
      counters.duplicates += 1
      return
    }
    let existing = trace.held[id]
    if let existing, !existing.span.isXRayInProgress {
      // The complete copy is already held (waiting for its service): keep it.
      counters.duplicates += 1
      return
    }
    let origin =
      segmentOrigin.map {
        Origin(
          service: $0.service,
          environment: span.environment.isEmpty ? $0.environment : span.environment)
      } ?? trace.known[parent] ?? existing?.origin
    if !inProgress, let origin {
      if existing != nil {
        trace.held[id] = nil
        pendingCount -= 1
        counters.replacedInProgress += 1
      }
      output.append(emit(span, origin: origin, in: &trace))
    } else {
      if let existing {
        if !inProgress, existing.span.isXRayInProgress { counters.replacedInProgress += 1 }
      } else {
        pendingCount += 1
        if origin == nil { trace.waiting[parent, default: []].append(id) }
      }
      let sequence = existing?.sequence ?? takeSequence()
      if existing == nil {
        heldQueue.append(QueueEntry(traceID: traceID, spanID: id, sequence: sequence))
      }
      trace.held[id] = Held(
        span: span, origin: origin, arrived: existing?.arrived ?? now, lastSeen: now,
        sequence: sequence)
    }
    if let origin, trace.known[id] == nil {
      trace.known[id] = origin
      resolveWaiters(of: id, in: &trace, output: &output)
    }
  }

  /// Gives the service to every held span that waits, directly or through a chain, for
  /// `id`, emitting the complete ones.
  private mutating func resolveWaiters(
    of id: SpanKey, in trace: inout TraceState, output: inout [SpanRecord]
  ) {
    var stack = [id]
    while let parent = stack.popLast() {
      guard let origin = trace.known[parent] else { continue }
      for waiter in trace.waiting.removeValue(forKey: parent) ?? [] {
        guard var held = trace.held[waiter], held.origin == nil else { continue }
        trace.known[waiter] = origin
        if held.span.isXRayInProgress {
          held.origin = origin
          trace.held[waiter] = held
        } else {
          trace.held[waiter] = nil
          pendingCount -= 1
          output.append(emit(held.span, origin: origin, in: &trace))
        }
        stack.append(waiter)
      }
    }
  }

  /// The span with its service, recorded as emitted.
  mutating func emit(_ span: SpanRecord, origin: Origin, in trace: inout TraceState)
    -> SpanRecord
  {
    counters.emitted += 1
    var span = span
    span.service = origin.service
    if span.environment.isEmpty { span.environment = origin.environment }
    trace.emitted.insert(Self.key(span.spanID))
    return span
  }

  private mutating func newTrace(_ traceID: String, now: Int64) -> TraceState {
    let sequence = takeSequence()
    traceQueue.append(QueueEntry(traceID: traceID, spanID: 0, sequence: sequence))
    return TraceState(lastSeen: now, sequence: sequence)
  }

  mutating func takeSequence() -> UInt64 {
    nextSequence += 1
    return nextSequence
  }
}
