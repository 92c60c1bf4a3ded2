import LookoutCore
import Testing

@testable import LookoutAnalysis

@Suite("GroupingCache")
struct GroupingCacheTests {
  /// Events drawn from small pools of every field grouping reads, so that many repeat
  /// exactly and many differ in one field only.
  static func events(count: Int, seed: UInt64) -> [ErrorEvent] {
    var random = SplitMix64(seed: seed)
    func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
    return (0..<count).map { index in
      var event = ErrorEvent(eventID: String(format: "%032x", index), timestamp: 0)
      event.level = pick(["error", "warning"])
      event.transaction = pick(["", "/orders/{id}", "/cart"])
      event.message = pick(["", "User 42 not found", "User 7 not found", "Order 1 failed"])
      event.messageTemplate = pick(["", "User %s not found"])
      event.fingerprint = pick([nil, ["{{ default }}"], ["db", "{{ default }}"], ["db"]])
      event.exceptions = (0..<pick([0, 1, 2])).map { _ in
        ExceptionInfo(
          type: pick(["ValueError", "KeyError", ""]), value: pick(["bad id 3", "bad id 4", ""]),
          module: pick(["", "shop.orders"]),
          frames: (0..<pick([0, 1, 3])).map { _ in
            StackFrame(
              filename: pick(["", "shop/orders.py", "lib/http.py"]),
              absPath: pick(["", "/srv/shop/orders.py"]), function: pick(["", "load", "save"]),
              module: pick(["", "shop.orders", "lib.http"]), inApp: pick([nil, true, false]),
              contextLine: pick(["", "return rows[0]", "raise KeyError(key)"]))
          })
      }
      return event
    }
  }

  @Test("a cached grouping is exactly the grouper's, on hits and misses alike")
  func sameAsGrouper() {
    let grouper = IssueGrouper()
    let cache = GroupingCache(grouper: grouper, capacity: 500)
    var hits = 0
    for event in Self.events(count: 5_000, seed: 11) {
      let before = cache.count
      let cached = cache.group(event)
      if cache.count == before, before > 0 { hits += 1 }
      #expect(cached == grouper.group(event))
    }
    // The pools repeat: most events are hits, and the bound holds.
    #expect(hits > 400)
    #expect(cache.count <= 500)
  }

  @Test("events that differ in any field grouping reads get their own key")
  func keyCoversEveryField() {
    var base = ErrorEvent(eventID: "0", timestamp: 0)
    base.exceptions = [
      ExceptionInfo(
        type: "KeyError", value: "k", module: "m",
        frames: [
          StackFrame(
            filename: "a.py", absPath: "/a.py", function: "f", module: "a", inApp: true,
            contextLine: "x")
        ])
    ]
    var variants: [ErrorEvent] = []
    func variant(_ change: (inout ErrorEvent) -> Void) {
      var event = base
      change(&event)
      variants.append(event)
    }
    variant { $0.level = "warning" }
    variant { $0.transaction = "/t" }
    variant { $0.message = "m" }
    variant { $0.messageTemplate = "t" }
    variant { $0.fingerprint = ["x"] }
    variant { $0.exceptions[0].type = "T" }
    variant { $0.exceptions[0].value = "v" }
    variant { $0.exceptions[0].module = "n" }
    variant { $0.exceptions[0].frames[0].filename = "b.py" }
    variant { $0.exceptions[0].frames[0].absPath = "/b.py" }
    variant { $0.exceptions[0].frames[0].function = "g" }
    variant { $0.exceptions[0].frames[0].module = "b" }
    variant { $0.exceptions[0].frames[0].inApp = nil }
    variant { $0.exceptions[0].frames[0].contextLine = "y" }
    variant { $0.exceptions.append($0.exceptions[0]) }
    // Fields grouping does not read share the key.
    var other = base
    other.eventID = "1"
    other.release = "2.0"
    other.environment = "staging"
    #expect(GroupingCache.Key(other) == GroupingCache.Key(base))
    let keys = Set(([base] + variants).map(GroupingCache.Key.init))
    #expect(keys.count == variants.count + 1)
  }
}
