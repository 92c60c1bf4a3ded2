import LookoutCore

/// What one log push decodes to, whatever its protocol: the records kept, how many were
/// rejected and why.
///
/// A rejected record is one that cannot be stored as sent (an OTLP record with an id of
/// the wrong length, a Loki entry with an unreadable timestamp); the rest of the request
/// is kept. OTLP echoes ``rejected`` and ``errorMessage`` in `partial_success`.
public struct DecodedLogs: Sendable, Hashable {
  /// The records, in the order sent.
  public var records: [LogRecord]
  /// How many records were rejected.
  public var rejected: Int
  /// The count and the first reason; empty when nothing was rejected.
  public var errorMessage: String

  /// A batch.
  public init(records: [LogRecord] = [], rejected: Int = 0, errorMessage: String = "") {
    self.records = records
    self.rejected = rejected
    self.errorMessage = errorMessage
  }
}

/// Counts the log records a decoder rejects and keeps the first reason.
struct LogRejections: Sendable {
  /// How many records were rejected.
  private(set) var count = 0
  /// Why the first one was.
  private(set) var firstReason = ""

  /// Counts one rejected record.
  ///
  /// - Parameter reason: what is wrong, as a phrase (`trace_id is 15 bytes, expected 16`).
  mutating func reject(because reason: String) {
    if count == 0 { firstReason = reason }
    count += 1
  }

  /// The message of a partial success: the count and the first reason; empty when nothing
  /// was rejected.
  var message: String {
    switch count {
    case 0: ""
    case 1: "1 log record rejected: \(firstReason)"
    default: "\(count) log records rejected, the first: \(firstReason)"
    }
  }

  /// The batch of `records` with these rejections.
  func batch(_ records: [LogRecord]) -> DecodedLogs {
    DecodedLogs(records: records, rejected: count, errorMessage: message)
  }
}
