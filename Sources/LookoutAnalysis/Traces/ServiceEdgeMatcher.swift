import LookoutCore

/// Pairs the two sides of each cross-service call while spans stream in, in batches from
/// different services and in any order, and emits one ``ServiceEdgeObservation`` per call.
///
/// A pure state machine: time is passed in (`now`, µs since epoch), nothing runs on its
/// own, so a service wraps it with a timer calling ``expire(now:)``, and tests drive it
/// with a fake clock. `now` should not go backwards; if it does, waits just last longer.
///
/// - A **client** (or producer) span waits for the **server** (or consumer) span whose
///   parent it is, and the server span waits for its parent, whichever arrives first. When
///   both are there and their services differ, the call is emitted, timed by the client.
/// - A client span still unmatched after ``Configuration/wait`` called something that sends
///   no spans: a call to its inferred node (database, external host, AWS service, queue),
///   or nothing when it names none.
/// - A server span with no parent id is a call from ``ServiceNode/client`` at once; one
///   whose parent is still unseen after the wait is one too. (A consumer span with an unseen
///   producer emits nothing.)
/// - Internal and unspecified spans are ignored: only client/producer and server/consumer
///   spans make edges here. Same-service pairs are matched but not emitted.
///
/// **Exactly once.** Settled span ids are remembered for ``Configuration/settledRetention``:
/// a duplicate copy of a span is dropped, a server span arriving after its client timed out
/// is dropped (the call was already reported as a call to the inferred node), and so is a
/// client arriving after its server timed out.
///
/// **Bounded memory.** At most ``Configuration/maxPending`` spans wait; past that the
/// oldest is settled early as if its wait had run out (counted in
/// ``Statistics/evicted``). At most ``Configuration/maxSettled`` settled ids are kept.
///
/// ```swift
/// var matcher = ServiceEdgeMatcher()
/// let edges = matcher.ingest(batch, now: clock.nowMicroseconds)
/// let late = matcher.expire(now: clock.nowMicroseconds)  // from a timer
/// ```
public struct ServiceEdgeMatcher: Sendable {
  /// Limits of a matcher.
  public struct Configuration: Sendable, Hashable {
    /// How long a span waits for the other side of its call, µs.
    public var wait: Int64
    /// Most spans waiting at once.
    public var maxPending: Int
    /// How long a settled span id is remembered, µs.
    public var settledRetention: Int64
    /// Most settled span ids remembered.
    public var maxSettled: Int

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - wait: How long a span waits for its partner, µs (10 s).
    ///   - maxPending: Most waiting spans (100,000).
    ///   - settledRetention: How long settled ids are remembered, µs (60 s).
    ///   - maxSettled: Most settled ids remembered (200,000).
    public init(
      wait: Int64 = 10_000_000, maxPending: Int = 100_000, settledRetention: Int64 = 60_000_000,
      maxSettled: Int = 200_000
    ) {
      self.wait = max(0, wait)
      self.maxPending = max(1, maxPending)
      self.settledRetention = max(0, settledRetention)
      self.maxSettled = max(1, maxSettled)
    }
  }

  /// What the matcher did, for its own metrics.
  public struct Statistics: Sendable, Hashable, Codable {
    /// Client/server pairs matched (same-service pairs included).
    public var matched = 0
    /// Spans whose wait ran out.
    public var timedOut = 0
    /// Spans settled early to stay within ``Configuration/maxPending``.
    public var evicted = 0
    /// Spans dropped as copies of a span already waiting or settled.
    public var duplicates = 0
    /// Spans dropped because the other side of their call had already been reported.
    public var late = 0
    /// Spans of other kinds (internal, unspecified), or without ids, ignored.
    public var ignored = 0
  }

  /// The limits in force.
  public let configuration: Configuration
  /// Counters since creation.
  public private(set) var statistics = Statistics()

  private var clients: [SpanKey: Waiting] = [:]
  private var servers: [SpanKey: WaitingServer] = [:]
  /// Waiting server spans by their parent's key.
  private var serversByParent: [SpanKey: [SpanKey]] = [:]
  /// Waiting spans in arrival order; entries of spans no longer waiting are skipped.
  private var arrivals = FIFOBuffer<Arrival>()
  private var settled: [SpanKey: Settled] = [:]
  private var settledOrder = FIFOBuffer<Arrival>()
  private var sequence: UInt64 = 0

  /// Creates a matcher with nothing waiting.
  public init(configuration: Configuration = Configuration()) {
    self.configuration = configuration
  }

  /// Spans waiting for the other side of their call.
  public var pendingCount: Int { clients.count + servers.count }

  /// Span ids remembered as settled.
  public var settledCount: Int { settled.count }

  /// Takes a batch of spans, and returns the calls it completes, with those whose wait ran
  /// out by `now`.
  ///
  /// - Parameters:
  ///   - spans: Spans of any traces and services, in any order.
  ///   - now: The current time, µs since epoch.
  public mutating func ingest(
    _ spans: some Sequence<SpanRecord>, now: Int64
  ) -> [ServiceEdgeObservation] {
    var edges: [ServiceEdgeObservation] = []
    for span in spans {
      guard !span.spanID.isEmpty, !span.traceID.isEmpty else {
        statistics.ignored += 1
        continue
      }
      switch span.kind {
      case .client, .producer: receiveClient(span, now: now, into: &edges)
      case .server, .consumer: receiveServer(span, now: now, into: &edges)
      case .internal, .unspecified: statistics.ignored += 1
      }
      while pendingCount > configuration.maxPending, let oldest = popOldestWaiting() {
        statistics.evicted += 1
        settleUnmatched(oldest, now: now, into: &edges)
      }
    }
    edges += expire(now: now)
    return edges
  }

  /// Settles the spans whose wait ran out by `now` and returns the calls they stand for;
  /// also forgets settled ids older than the retention.
  ///
  /// - Parameter now: The current time, µs since epoch.
  public mutating func expire(now: Int64) -> [ServiceEdgeObservation] {
    var edges: [ServiceEdgeObservation] = []
    while let front = arrivals.first, front.deadline <= now {
      _ = arrivals.popFirst()
      guard isWaiting(front) else { continue }
      statistics.timedOut += 1
      settleUnmatched(front, now: now, into: &edges)
    }
    while let front = settledOrder.first,
      front.deadline <= now || settled.count > configuration.maxSettled
    {
      _ = settledOrder.popFirst()
      if settled[front.key]?.sequence == front.sequence { settled[front.key] = nil }
    }
    return edges
  }

  // MARK: - Arrivals

  private mutating func receiveClient(
    _ span: SpanRecord, now: Int64, into edges: inout [ServiceEdgeObservation]
  ) {
    let key = SpanKey(traceID: span.traceID, spanID: span.spanID)
    if clients[key] != nil || settled[key]?.state.isSpan == true {
      statistics.duplicates += 1
      return
    }
    if case .parentOfTimedOut = settled[key]?.state {
      statistics.late += 1
      return
    }
    let side = CallSide(span)
    if let waiting = serversByParent.removeValue(forKey: key) {
      for serverKey in waiting {
        guard let server = servers.removeValue(forKey: serverKey) else { continue }
        pair(client: side, server: server.side, into: &edges)
        settle(serverKey, as: .span, now: now)
      }
      settle(key, as: .matchedClient(side), now: now)
      return
    }
    sequence += 1
    clients[key] = Waiting(side: side, sequence: sequence)
    enqueue(key, isClient: true, now: now)
  }

  private mutating func receiveServer(
    _ span: SpanRecord, now: Int64, into edges: inout [ServiceEdgeObservation]
  ) {
    let key = SpanKey(traceID: span.traceID, spanID: span.spanID)
    if servers[key] != nil || settled[key]?.state.isSpan == true {
      statistics.duplicates += 1
      return
    }
    let side = CallSide(span)
    if span.parentSpanID.isEmpty {
      if side.isServer { edges.append(.entry(into: side)) }
      settle(key, as: .span, now: now)
      return
    }
    let parentKey = SpanKey(traceID: span.traceID, spanID: span.parentSpanID)
    if let client = clients.removeValue(forKey: parentKey) {
      pair(client: client.side, server: side, into: &edges)
      settle(parentKey, as: .matchedClient(client.side), now: now)
      settle(key, as: .span, now: now)
      return
    }
    switch settled[parentKey]?.state {
    case .matchedClient(let client)?:
      // A second callee of one client span: its own call.
      pair(client: client, server: side, into: &edges)
      settle(key, as: .span, now: now)
      return
    case .timedOutClient?:
      statistics.late += 1
      settle(key, as: .span, now: now)
      return
    case .span?, .parentOfTimedOut?, nil:
      break
    }
    sequence += 1
    servers[key] = WaitingServer(side: side, parent: parentKey, sequence: sequence)
    serversByParent[parentKey, default: []].append(key)
    enqueue(key, isClient: false, now: now)
  }

  // MARK: - Settling

  private mutating func pair(
    client: CallSide, server: CallSide, into edges: inout [ServiceEdgeObservation]
  ) {
    statistics.matched += 1
    if client.service != server.service {
      edges.append(.call(caller: client, callee: server))
    }
  }

  /// Reports a span whose partner never came, and stops waiting for it.
  private mutating func settleUnmatched(
    _ arrival: Arrival, now: Int64, into edges: inout [ServiceEdgeObservation]
  ) {
    if arrival.isClient {
      guard let client = clients.removeValue(forKey: arrival.key) else { return }
      if let call = ServiceEdgeObservation.inferredCall(from: client.side) { edges.append(call) }
      settle(arrival.key, as: .timedOutClient, now: now)
    } else {
      guard let server = servers.removeValue(forKey: arrival.key) else { return }
      if var siblings = serversByParent[server.parent] {
        siblings.removeAll { $0 == arrival.key }
        serversByParent[server.parent] = siblings.isEmpty ? nil : siblings
      }
      if server.side.isServer { edges.append(.entry(into: server.side)) }
      settle(arrival.key, as: .span, now: now)
      if settled[server.parent] == nil { settle(server.parent, as: .parentOfTimedOut, now: now) }
    }
  }

  private mutating func settle(_ key: SpanKey, as state: Settled.State, now: Int64) {
    sequence += 1
    settled[key] = Settled(state: state, sequence: sequence)
    let (expiry, overflow) = now.addingReportingOverflow(configuration.settledRetention)
    settledOrder.append(
      Arrival(
        key: key, isClient: false, sequence: sequence, deadline: overflow ? .max : expiry))
    while settled.count > configuration.maxSettled, let oldest = settledOrder.popFirst() {
      if settled[oldest.key]?.sequence == oldest.sequence { settled[oldest.key] = nil }
    }
    // Superseded entries would otherwise pile up while the clock stands still.
    if settledOrder.count > 2 * configuration.maxSettled + 1024 {
      let live = settled
      settledOrder.retain { live[$0.key]?.sequence == $0.sequence }
    }
  }

  // MARK: - Arrival order

  private mutating func enqueue(_ key: SpanKey, isClient: Bool, now: Int64) {
    let (deadline, overflow) = now.addingReportingOverflow(configuration.wait)
    arrivals.append(
      Arrival(
        key: key, isClient: isClient, sequence: sequence, deadline: overflow ? .max : deadline))
    // Entries of matched spans stay until they reach the front; keep them from piling up
    // when the clock does not move.
    if arrivals.count > 2 * configuration.maxPending + 1024 {
      let copy = self
      arrivals.retain { copy.isWaiting($0) }
    }
  }

  private mutating func popOldestWaiting() -> Arrival? {
    while let front = arrivals.popFirst() {
      if isWaiting(front) { return front }
    }
    return nil
  }

  private func isWaiting(_ arrival: Arrival) -> Bool {
    arrival.isClient
      ? clients[arrival.key]?.sequence == arrival.sequence
      : servers[arrival.key]?.sequence == arrival.sequence
  }
}

/// A span's identity across batches.
struct SpanKey: Sendable, Hashable {
  var traceID: String
  var spanID: String
}

/// A client span waiting for its server span.
private struct Waiting: Sendable {
  var side: CallSide
  var sequence: UInt64
}

/// A server span waiting for its client span.
private struct WaitingServer: Sendable {
  var side: CallSide
  var parent: SpanKey
  var sequence: UInt64
}

/// An entry of an arrival-ordered queue.
private struct Arrival: Sendable {
  var key: SpanKey
  var isClient: Bool
  var sequence: UInt64
  /// When the wait (or the memory of a settled id) ends, µs since epoch.
  var deadline: Int64
}

/// What became of a span id no longer waiting.
private struct Settled: Sendable {
  enum State: Sendable {
    /// A client span that was paired; later callees of it pair with it too.
    case matchedClient(CallSide)
    /// A client span reported as a call to its inferred node.
    case timedOutClient
    /// A server span that was reported, or a client with nothing more to do.
    case span
    /// Not seen itself: the parent of a server span that was reported as a call from
    /// outside, so when it shows up its call is already counted.
    case parentOfTimedOut

    /// Whether a span with this id was received (not merely named as a parent).
    var isSpan: Bool {
      if case .parentOfTimedOut = self { return false }
      return true
    }
  }

  var state: State
  var sequence: UInt64
}
