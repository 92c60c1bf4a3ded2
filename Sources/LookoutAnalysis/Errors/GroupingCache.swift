import LookoutCore
import Synchronization

/// The groupings of recent events, by everything grouping reads: a bug that fires
/// thousands of times a minute is grouped once, and each repeat costs a dictionary lookup
/// instead of the normalising, masking and hashing of its frames.
///
/// The key is the fields themselves (fingerprint, level, transaction, message and its
/// template, and per exception its type, value, module and frames with file, path,
/// function, module, in-app flag and context line), compared in full on a hit, so a
/// cached result is exactly what ``IssueGrouper/group(_:)`` returns for the event. Events
/// whose messages or values carry ids make distinct keys and are grouped afresh. Bounded:
/// the cache is emptied when it holds ``capacity`` keys.
///
/// ```swift
/// let cache = GroupingCache(grouper: IssueGrouper())
/// let result = cache.group(event)
/// ```
public final class GroupingCache: Sendable {
  /// The grouper whose results are kept.
  public let grouper: IssueGrouper
  /// Most keys kept.
  public let capacity: Int
  private let results = Mutex<[Key: GroupingResult]>([:])

  /// Everything ``IssueGrouper`` reads from an event, in a fixed order with counts, so
  /// that two keys are equal only when the fields are.
  struct Key: Hashable {
    var parts: [String]

    init(_ event: ErrorEvent) {
      var parts: [String] = [
        event.fingerprint.map { String($0.count) } ?? "-", event.level, event.transaction,
        event.message, event.messageTemplate, String(event.exceptions.count),
      ]
      parts += event.fingerprint ?? []
      for exception in event.exceptions {
        parts += [
          exception.type, exception.value, exception.module, String(exception.frames.count),
        ]
        for frame in exception.frames {
          let inApp = frame.inApp.map { $0 ? "1" : "0" } ?? "-"
          parts += [
            frame.filename, frame.absPath, frame.function, frame.module, inApp,
            frame.contextLine,
          ]
        }
      }
      self.parts = parts
    }
  }

  /// Creates an empty cache of `grouper`'s results.
  public init(grouper: IssueGrouper, capacity: Int = 4_096) {
    self.grouper = grouper
    self.capacity = max(1, capacity)
  }

  /// `grouper.group(event)`, from the cache when an event with the same fields was
  /// grouped before.
  public func group(_ event: ErrorEvent) -> GroupingResult {
    let key = Key(event)
    if let known = results.withLock({ $0[key] }) { return known }
    let result = grouper.group(event)
    results.withLock { results in
      if results.count >= capacity { results.removeAll(keepingCapacity: true) }
      results[key] = result
    }
    return result
  }

  /// Keys held now.
  public var count: Int { results.withLock { $0.count } }
}
