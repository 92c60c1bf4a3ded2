import LookoutCore

extension XRayAssembler {
  /// Emits what has been held too long: orphans older than
  /// ``Configuration/orphanTimeout`` (with the unknown service) and in-progress pieces not
  /// updated for ``Configuration/inProgressTimeout``; forgets traces quiet for
  /// ``Configuration/duplicateWindow`` with nothing held.
  ///
  /// - Parameter now: the current time, µs since epoch.
  /// - Returns: the spans released, to store.
  public mutating func expire(now: Int64) -> [SpanRecord] {
    var output: [SpanRecord] = []
    for traceID in Array(traces.keys) {
      guard var trace = traces.removeValue(forKey: traceID) else { continue }
      let rememberedBefore = trace.rememberedCount
      let due = trace.held.values.filter { held in
        held.span.isXRayInProgress
          ? now - held.lastSeen >= configuration.inProgressTimeout
          : held.origin == nil && now - held.arrived >= configuration.orphanTimeout
      }
      for held in due.sorted(by: { $0.sequence < $1.sequence }) {
        if held.span.isXRayInProgress {
          counters.expiredInProgress += 1
        } else {
          counters.expiredOrphans += 1
        }
        output.append(release(Self.key(held.span.spanID), from: &trace))
        // Remember the released ids for a full window: a late complete copy is a repeat.
        trace.lastSeen = now
      }
      if !trace.held.isEmpty || now - trace.lastSeen < configuration.duplicateWindow {
        rememberedCount += trace.rememberedCount - rememberedBefore
        traces[traceID] = trace
      } else {
        rememberedCount -= rememberedBefore
      }
    }
    pruneQueues()
    return output
  }

  /// Drops queue entries of spans no longer held and traces no longer remembered, so the
  /// queues stay as small as what they order.
  mutating func pruneQueues() {
    let traces = self.traces
    heldQueue.removeAll { traces[$0.traceID]?.held[$0.spanID]?.sequence != $0.sequence }
    traceQueue.removeAll { traces[$0.traceID]?.sequence != $0.sequence }
  }

  /// Emits everything held, as ``expire(now:)`` would once every timeout has passed: for a
  /// shutdown.
  ///
  /// - Returns: the spans released, to store.
  public mutating func flush() -> [SpanRecord] {
    var output: [SpanRecord] = []
    for traceID in Array(traces.keys) {
      guard var trace = traces.removeValue(forKey: traceID) else { continue }
      for held in trace.held.values.sorted(by: { $0.sequence < $1.sequence }) {
        output.append(release(Self.key(held.span.spanID), from: &trace))
      }
    }
    heldQueue = ArrivalQueue()
    traceQueue = ArrivalQueue()
    rememberedCount = 0
    return output
  }

  /// The spans held for a trace, for a trace view before they are complete: in-progress
  /// ones with their duration up to `now` and `xray.in_progress = "true"`, orphans with
  /// the unknown service; sorted by start.
  ///
  /// - Parameters:
  ///   - traceID: 32 lowercase hex digits.
  ///   - now: the current time, µs since epoch.
  public func pendingSpans(traceID: String, now: Int64) -> [SpanRecord] {
    guard let trace = traces[traceID] else { return [] }
    return trace.held.values.map { held in
      var span = held.span
      span.service = held.origin?.service ?? configuration.unknownService
      if span.environment.isEmpty { span.environment = held.origin?.environment ?? "" }
      if span.isXRayInProgress { span.duration = max(0, now - span.start) }
      return span
    }
    .sorted { ($0.start, $0.spanID) < ($1.start, $1.spanID) }
  }

  /// Takes a held span out as it is: an in-progress one lasts up to its last copy, an
  /// orphan gets the unknown service.
  mutating func release(_ spanID: SpanKey, from trace: inout TraceState) -> SpanRecord {
    guard let held = trace.held.removeValue(forKey: spanID) else {
      preconditionFailure("release of a span that is not held")
    }
    pendingCount -= 1
    var span = held.span
    if span.isXRayInProgress { span.duration = max(0, held.lastSeen - span.start) }
    let origin =
      held.origin ?? Origin(service: configuration.unknownService, environment: "")
    return emit(span, origin: origin, in: &trace)
  }

  /// Emits the held span that arrived first, for the memory bound.
  mutating func evictOldestHeld(now: Int64) -> SpanRecord? {
    while let entry = heldQueue.popFirst() {
      guard var trace = traces.removeValue(forKey: entry.traceID) else { continue }
      let rememberedBefore = trace.rememberedCount
      defer {
        rememberedCount += trace.rememberedCount - rememberedBefore
        traces[entry.traceID] = trace
      }
      guard trace.held[entry.spanID]?.sequence == entry.sequence else { continue }
      counters.evicted += 1
      return release(entry.spanID, from: &trace)
    }
    return nil
  }

  /// Forgets the trace first seen longest ago, emitting what it held.
  mutating func forgetOldestTrace(now: Int64) -> [SpanRecord]? {
    while let entry = traceQueue.popFirst() {
      guard var trace = traces[entry.traceID], trace.sequence == entry.sequence else {
        continue
      }
      traces[entry.traceID] = nil
      rememberedCount -= trace.rememberedCount
      var output: [SpanRecord] = []
      for held in trace.held.values.sorted(by: { $0.sequence < $1.sequence }) {
        counters.evicted += 1
        output.append(release(Self.key(held.span.spanID), from: &trace))
      }
      return output
    }
    return nil
  }
}
