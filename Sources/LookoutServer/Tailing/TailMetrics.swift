import Metrics

/// The counters one ``FileTailer`` keeps, labelled with its path.
///
/// - `lookout_tail_lines_total`: lines handed to the handler and accepted;
/// - `lookout_tail_truncated_lines_total`: of those, lines cut at the length cap;
/// - `lookout_tail_handler_failures_total`: batches the handler threw for (then retried);
/// - `lookout_tail_rotations_total{kind="rename"|"truncate"}`: rotations noticed.
struct TailMetrics: Sendable {
  /// Lines delivered.
  let lines: Counter
  /// Delivered lines cut at the length cap.
  let truncatedLines: Counter
  /// Handler failures.
  let handlerFailures: Counter
  /// Rename rotations noticed.
  let renames: Counter
  /// Truncations (copytruncate) noticed.
  let truncations: Counter

  /// Creates the counters for one path.
  ///
  /// - Parameter path: The configured path, used as the `path` label.
  init(path: String) {
    let dimensions = [("path", path)]
    lines = Counter(label: "lookout_tail_lines_total", dimensions: dimensions)
    truncatedLines = Counter(label: "lookout_tail_truncated_lines_total", dimensions: dimensions)
    handlerFailures = Counter(
      label: "lookout_tail_handler_failures_total", dimensions: dimensions)
    renames = Counter(
      label: "lookout_tail_rotations_total", dimensions: dimensions + [("kind", "rename")])
    truncations = Counter(
      label: "lookout_tail_rotations_total", dimensions: dimensions + [("kind", "truncate")])
  }

  /// Counts the lines of a delivered batch.
  ///
  /// - Parameter batch: The batch the handler accepted.
  func delivered(_ batch: TailBatch) {
    lines.increment(by: batch.lines.count)
    let truncated = batch.lines.count(where: \.isTruncated)
    if truncated > 0 { truncatedLines.increment(by: truncated) }
  }
}
