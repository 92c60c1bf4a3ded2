import Synchronization

/// The rows and time left to one query, shared by its concurrent scans; the first scan to
/// exhaust it records why, and all of them stop at their next batch.
final class ScanBudget: Sendable {
  private let maxRows: Int
  private let deadline: ContinuousClock.Instant
  private let maxWallTime: Duration
  private let scanned = Atomic<Int>(0)
  private let reason = Mutex<String?>(nil)

  init(_ budget: QueryBudget, start: ContinuousClock.Instant) {
    maxRows = budget.maxRowsScanned
    maxWallTime = budget.maxWallTime
    deadline = start.advanced(by: budget.maxWallTime)
  }

  /// Rows handed to the executor so far.
  var rowsScanned: Int { min(scanned.load(ordering: .relaxed), maxRows) }

  /// Why the scans stopped early, or nil if they did not.
  var exhaustedReason: String? { reason.withLock { $0 } }

  /// Takes up to `rows` rows from the budget: returns how many the caller may process (0 to
  /// stop), recording the reason when the budget runs out.
  func take(_ rows: Int) -> Int {
    if exhaustedReason != nil { return 0 }
    if Task.isCancelled {
      stop("the query was cancelled")
      return 0
    }
    if ContinuousClock.now >= deadline {
      stop(
        "stopped after \(maxWallTime.formatted) (the time budget) with \(rowsScanned) rows scanned")
      return 0
    }
    let before = scanned.add(rows, ordering: .relaxed).oldValue
    let granted = max(0, min(rows, maxRows - before))
    if before + rows > maxRows {
      stop("stopped after scanning \(maxRows) rows (the row budget)")
    }
    return granted
  }

  private func stop(_ why: String) {
    reason.withLock { if $0 == nil { $0 = why } }
  }
}

extension Duration {
  /// `1.5s`, as budgets print.
  var formatted: String {
    let seconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
    return "\(QueryValue.format(seconds))s"
  }
}
