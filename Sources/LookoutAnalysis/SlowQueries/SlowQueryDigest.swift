import LookoutCore

/// Groups fingerprinted slow-log calls into classes and ranks them by total time, the
/// profile pt-query-digest prints.
///
/// The caller fingerprints each record first (``SlowQueryRecord/fingerprint`` and
/// ``SlowQueryRecord/classID`` filled, tables given), so the digest is the same for MySQL
/// and PostgreSQL.
///
/// ```swift
/// var digest = SlowQueryDigest()
/// digest.add(record, tables: ["users"])
/// for queryClass in digest.ranked() { print(queryClass.fingerprint, queryClass.calls) }
/// ```
public struct SlowQueryDigest: Sendable {
  /// The classes by id.
  public private(set) var classes: [String: SlowQueryClass] = [:]
  /// Number of calls added.
  public private(set) var queries = 0
  /// Total query time of every call, seconds.
  public private(set) var totalSeconds: Double = 0

  /// Creates an empty digest.
  public init() {}

  /// Adds one fingerprinted call.
  ///
  /// - Parameters:
  ///   - record: the call, with ``SlowQueryRecord/classID`` and
  ///     ``SlowQueryRecord/fingerprint`` filled.
  ///   - tables: the tables its statement touches, used when the class is new.
  public mutating func add(_ record: SlowQueryRecord, tables: @autoclosure () -> [String]) {
    queries += 1
    totalSeconds += Double(record.queryTime) / 1e6
    // `index(forKey:)`, not `classes[id] == nil`, which would copy the class out to compare.
    if classes.index(forKey: record.classID) == nil {
      classes[record.classID] = SlowQueryClass(
        id: record.classID, fingerprint: record.fingerprint, engine: record.engine,
        tables: tables(), first: record)
    }
    classes[record.classID]!.add(record)
  }

  /// The classes, most total query time first (ties: more calls, then id).
  public func ranked() -> [SlowQueryClass] {
    classes.values.sorted { left, right in
      if left.totalSeconds != right.totalSeconds { return left.totalSeconds > right.totalSeconds }
      if left.calls != right.calls { return left.calls > right.calls }
      return left.id < right.id
    }
  }
}
