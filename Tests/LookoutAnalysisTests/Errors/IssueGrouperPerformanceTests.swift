import LookoutCore
import Testing

@testable import LookoutAnalysis

@Suite("IssueGrouper performance")
struct IssueGrouperPerformanceTests {
  /// Grouping 10,000 realistic events is linear and quick even in a debug build. Not a
  /// timed assertion beyond a generous bound; the time is printed.
  @Test func tenThousandEvents() {
    let templates = [
      "User %d not found", "Timeout after %ds calling 10.0.%d.5", "Order order_%d rejected",
      "Cache miss for key 'session:%d'", "Retrying job %d of 5",
    ]
    var events: [ErrorEvent] = []
    events.reserveCapacity(10_000)
    for index in 0..<10_000 {
      switch index % 4 {
      case 0:
        events.append(
          GroupingFixtures.pythonEvent(
            id: index, value: "invalid literal for int() with base 10: 'q\(index)'",
            function: index % 8 == 0 ? "parse_quantity" : "parse_price", lineShift: index % 3))
      case 1:
        events.append(
          GroupingFixtures.javaScriptEvent(
            id: index, value: "Cannot read properties of undefined (reading 'f\(index % 7)')",
            column: index))
      case 2:
        let template = templates[index % templates.count]
        let message = template.replacingPercentD(with: index)
        events.append(GroupingFixtures.messageEvent(message, id: index))
      default:
        events.append(
          GroupingFixtures.chainEvent(
            [
              ("ConnectionError", "connect"),
              ((index / 4) % 2 == 0 ? "RuntimeError" : "IOError", "load"),
            ],
            id: index))
      }
    }

    let grouper = IssueGrouper()
    var hashes = Set<String>()
    let clock = ContinuousClock()
    let elapsed = clock.measure {
      for event in events { hashes.insert(grouper.group(event).hash) }
    }
    print("grouped \(events.count) events into \(hashes.count) issues in \(elapsed)")
    // 2 python functions, 1 JS bug, 5 message shapes, 2 chains.
    #expect(hashes.count == 10)
    #expect(elapsed < .seconds(10))
  }
}

extension String {
  /// The template with each `%d` replaced by `value` (and following ones by value + 1...).
  fileprivate func replacingPercentD(with value: Int) -> String {
    var result = ""
    var next = value
    var rest = Substring(self)
    while let marker = rest.firstIndex(of: "%") {
      result += rest[..<marker]
      result += String(next)
      next += 7
      rest = rest[rest.index(marker, offsetBy: 2)...]
    }
    return result + rest
  }
}
