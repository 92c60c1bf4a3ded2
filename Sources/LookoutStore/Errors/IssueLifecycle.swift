/// The states of an issue and how events and people move it between them, as a pure state
/// machine: the store applies its answers, tests drive it without a database.
///
/// ```swift
/// var state = IssueLifecycle.State.new(at: now)
/// state.resolve(at: now, inNextRelease: nil)
/// let change = state.record(eventAt: later, release: "1.2.0")  // .regressed
/// ```
public enum IssueLifecycle {
  /// Whether an issue needs attention.
  public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
    case unresolved, resolved, ignored
  }

  /// More about an unresolved issue: first seen recently, seen before, or back after a fix.
  public enum Substatus: String, Sendable, Hashable, Codable {
    case new, ongoing, regressed
  }

  /// What an event did to the issue, for notifications.
  public enum Change: Sendable, Hashable {
    /// Nothing worth telling.
    case none
    /// A resolved issue was seen again.
    case regressed
    /// An ignored issue's condition ran out (time or event count).
    case unignored
  }

  /// The mutable part of an issue.
  public struct State: Sendable, Hashable {
    public var status: Status
    public var substatus: Substatus
    /// When it was resolved, µs; nil unless resolved.
    public var resolvedAt: Int64?
    /// Resolved "in the next release": the release current when it was resolved; events
    /// of that release (or without one) keep it resolved, a newer release regresses it.
    public var resolvedInRelease: String?
    /// Ignored until this time, µs; nil means no time limit.
    public var ignoreUntil: Int64?
    /// Ignored until the event count reaches this; nil means no count limit.
    public var ignoreUntilCount: Int?
    /// Events so far.
    public var eventCount: Int

    /// The state of an issue created by its first event.
    public static func new() -> State {
      State(status: .unresolved, substatus: .new, eventCount: 1)
    }

    /// Counts one more event at `time` (µs) of `release` and returns what that changed.
    public mutating func record(eventAt time: Int64, release: String) -> Change {
      eventCount += 1
      switch status {
      case .unresolved:
        if substatus == .new && eventCount > 1 { substatus = .ongoing }
        return .none
      case .resolved:
        if let resolvedInRelease, release.isEmpty || release == resolvedInRelease {
          return .none
        }
        if let resolvedAt, time < resolvedAt { return .none }  // an old event arriving late
        reopen(as: .regressed)
        return .regressed
      case .ignored:
        let timeUp = ignoreUntil.map { time >= $0 } ?? false
        let countUp = ignoreUntilCount.map { eventCount >= $0 } ?? false
        guard timeUp || countUp else { return .none }
        reopen(as: .ongoing)
        return .unignored
      }
    }

    /// Marks it resolved at `time`; with `inNextRelease`, only a later release than that
    /// one brings it back.
    public mutating func resolve(at time: Int64, inNextRelease release: String? = nil) {
      status = .resolved
      resolvedAt = time
      resolvedInRelease = release
      ignoreUntil = nil
      ignoreUntilCount = nil
    }

    /// Ignores it forever, until `until` (µs), or until `moreEvents` more events arrived.
    public mutating func ignore(until: Int64? = nil, moreEvents: Int? = nil) {
      status = .ignored
      ignoreUntil = until
      ignoreUntilCount = moreEvents.map { eventCount + $0 }
      resolvedAt = nil
      resolvedInRelease = nil
    }

    /// Back to unresolved by hand.
    public mutating func unresolve() {
      reopen(as: .ongoing)
    }

    private mutating func reopen(as substatus: Substatus) {
      status = .unresolved
      self.substatus = substatus
      resolvedAt = nil
      resolvedInRelease = nil
      ignoreUntil = nil
      ignoreUntilCount = nil
    }
  }
}
