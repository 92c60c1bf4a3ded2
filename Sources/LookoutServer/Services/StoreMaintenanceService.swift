import AsyncAlgorithms
import Foundation
import Logging
import LookoutCore
import LookoutStore
import ServiceLifecycle

/// Compacts small request, slow-query, span and log blocks and drops data past retention,
/// every few minutes.
struct StoreMaintenanceService: Service {
  let runtime: LookoutRuntime
  let logger: Logger
  var interval: Duration = .seconds(300)

  func run() async throws {
    for await _ in AsyncTimerSequence(interval: interval, clock: .continuous)
      .cancelOnGracefulShutdown()
    {
      await runOnce()
    }
  }

  /// One round: compaction of every project, then retention.
  func runOnce() async {
    do {
      for project in try runtime.meta.projects() {
        try await runtime.slowQueries.compact(project: project.id)
        try await runtime.spans.compact(project: project.id)
        try await runtime.logs.compact(project: project.id)
        let merged = try await runtime.requests.compact(project: project.id)
        if merged > 0 {
          logger.debug("compacted request blocks", metadata: ["removed": "\(merged)"])
        }
      }
      let now = Int64(Date().timeIntervalSince1970) * Micros.perSecond
      let day = 86_400 * Micros.perSecond
      let rawBefore = now - Int64(runtime.configuration.rawRetentionDays) * day
      let rollupsBefore = now - Int64(runtime.configuration.rollupRetentionDays) * day
      try await runtime.requests.enforceRetention(
        rawBefore: rawBefore, rollupsBefore: rollupsBefore)
      try await runtime.slowQueries.enforceRetention(
        rawBefore: rawBefore, rollupsBefore: rollupsBefore)
      try await runtime.spans.enforceRetention(rawBefore: rawBefore, rollupsBefore: rollupsBefore)
      try await runtime.logs.enforceRetention(rawBefore: rawBefore, rollupsBefore: rollupsBefore)
    } catch {
      logger.error("store maintenance failed", metadata: ["error": "\(error)"])
    }
  }
}
