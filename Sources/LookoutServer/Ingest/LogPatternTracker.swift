import LookoutAnalysis
import LookoutCore
import Synchronization

/// Mines log patterns continuously, one Drain-style miner per (project, source), and names
/// the template each entry belongs to when it is stored: the `pattern_id` of every entry and
/// the `log_pattern` table behind "new patterns since yesterday".
///
/// Miners live in memory (each capped by ``LogPatternConfiguration``); after a restart they
/// learn again, and an entry whose template matches a stored one gets the stored id. At
/// most ``maxSources`` sources are mined; entries of further sources carry no pattern.
final class LogPatternTracker: Sendable {
  static let maxSources = 1_000
  private let miners = Mutex<[Key: LogPatternMiner]>([:])

  private struct Key: Hashable {
    var project: Int64
    var source: String
  }

  /// The template of each record (`""` when its source is past the cap).
  func templates(for records: [LogRecord], project: Int64) -> [String] {
    miners.withLock { miners in
      records.map { record in
        let key = Key(project: project, source: record.source)
        if miners[key] == nil {
          guard miners.count < Self.maxSources else { return "" }
          miners[key] = LogPatternMiner()
        }
        let id = miners[key]!.add(record.body)
        return miners[key]!.pattern(id: id)?.template ?? ""
      }
    }
  }
}
