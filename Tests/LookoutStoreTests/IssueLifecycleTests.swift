import Testing

@testable import LookoutStore

@Suite("Issue lifecycle")
struct IssueLifecycleTests {
  typealias State = IssueLifecycle.State

  @Test("a new issue becomes ongoing with its second event")
  func newThenOngoing() {
    var state = State.new()
    #expect(state.status == .unresolved && state.substatus == .new)
    #expect(state.record(eventAt: 10, release: "") == .none)
    #expect(state.substatus == .ongoing && state.eventCount == 2)
  }

  @Test("a resolved issue regresses on a later event, not on a late old one")
  func regression() {
    var state = State.new()
    state.resolve(at: 100)
    #expect(state.record(eventAt: 50, release: "") == .none)
    #expect(state.status == .resolved)
    #expect(state.record(eventAt: 150, release: "") == .regressed)
    #expect(state.status == .unresolved && state.substatus == .regressed)
    #expect(state.resolvedAt == nil)
    // Seen again while unresolved: nothing more to tell.
    #expect(state.record(eventAt: 160, release: "") == .none)
  }

  @Test("resolved in the next release: the same release stays resolved, a newer one regresses")
  func nextRelease() {
    var state = State.new()
    state.resolve(at: 100, inNextRelease: "1.0.0")
    #expect(state.record(eventAt: 200, release: "1.0.0") == .none)
    #expect(state.record(eventAt: 210, release: "") == .none)
    #expect(state.status == .resolved)
    #expect(state.record(eventAt: 300, release: "1.1.0") == .regressed)
  }

  @Test("ignored forever, for a time, or until N more events")
  func ignore() {
    var forever = State.new()
    forever.ignore()
    for time in 1...100 { #expect(forever.record(eventAt: Int64(time), release: "") == .none) }
    #expect(forever.status == .ignored)

    var timed = State.new()
    timed.ignore(until: 1_000)
    #expect(timed.record(eventAt: 999, release: "") == .none)
    #expect(timed.record(eventAt: 1_000, release: "") == .unignored)
    #expect(timed.status == .unresolved && timed.substatus == .ongoing)

    var counted = State.new()  // 1 event
    counted.ignore(moreEvents: 3)
    #expect(counted.record(eventAt: 1, release: "") == .none)
    #expect(counted.record(eventAt: 2, release: "") == .none)
    #expect(counted.record(eventAt: 3, release: "") == .unignored)
    #expect(counted.eventCount == 4)
  }

  @Test("unresolve by hand clears resolution and ignore conditions")
  func unresolve() {
    var state = State.new()
    state.resolve(at: 5, inNextRelease: "2.0")
    state.unresolve()
    #expect(state.status == .unresolved && state.resolvedInRelease == nil)
    #expect(state.record(eventAt: 10, release: "3.0") == .none)
  }
}
