import AsyncAlgorithms
import Foundation
import LookoutAnalysis
import LookoutCore
import LookoutStore
import ServiceLifecycle
import Synchronization

/// Pairs calls across services as spans arrive (a client span from one export, the server
/// span it caused from another), so the service map's edge rollups are written with the
/// spans, never recomputed from raw spans.
///
/// One ``ServiceEdgeMatcher`` per project behind a lock, shared by every span protocol.
/// Pairs still
/// waiting for their other half live only in memory (at most the matcher's bound, for at
/// most its wait): a crash loses those few edges, never a stored span.
final class SpanEdgeTracker: Sendable {
  private struct State {
    var matcher = ServiceEdgeMatcher()
    /// Environment per recent trace, for edges that settle after their spans were stored.
    var environments: [String: String] = [:]
    var environmentOrder: [String] = []
  }

  private let projects = Mutex<[Int64: State]>([:])
  /// Traces whose environment is remembered.
  let rememberedTraces = 100_000

  /// The calls `spans` complete (and those whose wait ran out), ready to store.
  func edges(for spans: [SpanRecord], project: Int64, environment: String, now: Int64)
    -> [ServiceEdgeSample]
  {
    projects.withLock { projects in
      var state = projects.removeValue(forKey: project) ?? State()
      defer { projects[project] = state }
      var previousTrace = ""
      for span in spans where span.traceID != previousTrace {
        // A trace's spans arrive together: its first one settles the lookup.
        previousTrace = span.traceID
        guard state.environments[span.traceID] == nil else { continue }
        state.environments[span.traceID] = span.environment.isEmpty ? environment : span.environment
        state.environmentOrder.append(span.traceID)
      }
      if state.environmentOrder.count > rememberedTraces * 2 {
        let forget = state.environmentOrder.prefix(state.environmentOrder.count - rememberedTraces)
        for traceID in forget { state.environments[traceID] = nil }
        state.environmentOrder.removeFirst(forget.count)
      }
      return state.matcher.ingest(spans, now: now).map { Self.sample($0, state: state) }
    }
  }

  /// The calls whose wait ran out by `now`, per project.
  func expired(now: Int64) -> [Int64: [ServiceEdgeSample]] {
    projects.withLock { projects in
      var edges: [Int64: [ServiceEdgeSample]] = [:]
      for project in Array(projects.keys) {
        guard var state = projects.removeValue(forKey: project) else { continue }
        let expired = state.matcher.expire(now: now).map { Self.sample($0, state: state) }
        if !expired.isEmpty { edges[project] = expired }
        projects[project] = state
      }
      return edges
    }
  }

  private static func sample(_ edge: ServiceEdgeObservation, state: State) -> ServiceEdgeSample {
    ServiceEdgeSample(
      time: edge.time, environment: state.environments[edge.traceID] ?? "", from: edge.from.id,
      to: edge.to.id, duration: edge.duration, isFault: edge.isFault,
      isClientError: edge.isClientError)
  }
}

/// Writes the edges whose wait ran out every five seconds.
struct SpanEdgeExpiryService: Service {
  let runtime: LookoutRuntime

  func run() async throws {
    for await _ in AsyncTimerSequence(interval: .seconds(5), clock: .continuous)
      .cancelOnGracefulShutdown()
    {
      let now = Int64(Date().timeIntervalSince1970 * 1e6)
      for (project, edges) in runtime.spanEdges.expired(now: now) {
        // A full queue drops these few edges rather than block: spans are never lost.
        try? await runtime.spanWriter.submit(
          SpanBatch(project: project, spans: [], edges: edges), cost: edges.count)
      }
    }
  }
}
