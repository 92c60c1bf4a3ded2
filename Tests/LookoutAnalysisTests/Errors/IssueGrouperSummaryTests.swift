import LookoutCore
import Testing

@testable import LookoutAnalysis

@Suite("IssueGrouper titles and culprits")
struct IssueGrouperSummaryTests {
  /// Short name for the event builders.
  typealias Fixtures = GroupingFixtures

  /// A Python event: `Type: value` unmasked, culprit from the last in-app frame's module.
  @Test func pythonEvent() {
    let result = IssueGrouper().group(Fixtures.pythonEvent())
    #expect(result.title == "ValueError: invalid literal for int() with base 10: 'abc'")
    #expect(result.culprit == "shop.forms in parse_quantity")
  }

  /// A minified JavaScript event: the culprit shows the bundle's path without its origin.
  @Test func javaScriptEvent() {
    let result = IssueGrouper().group(Fixtures.javaScriptEvent())
    #expect(result.title == "TypeError: Cannot read properties of undefined (reading 'id')")
    #expect(result.culprit == "/static/js/app.3f9a2b7c.js in renderTotal")
  }

  /// Titles and culprits of other shapes of events.
  @Test(
    "titles and culprits",
    arguments: [
      (
        Fixtures.messageEvent("Payment failed for order 42\nTraceback follows"),
        "Payment failed for order 42", "worker.sync"
      ),
      (
        Fixtures.messageEvent("", template: "Payment failed for order %s"),
        "Payment failed for order %s", "worker.sync"
      ),
      (
        Fixtures.chainEvent([("ConnectionError", "connect"), ("RuntimeError", "load")]),
        "RuntimeError: failed 1", "app.db in load"
      ),
      (IssueGrouperSummaryTests.exception(type: "KeyError", value: ""), "KeyError", "/cart"),
      (IssueGrouperSummaryTests.exception(type: "", value: "boom"), "boom", "/cart"),
      (IssueGrouperSummaryTests.exception(type: "", value: ""), "<unlabeled event>", "/cart"),
      (
        IssueGrouperSummaryTests.exception(
          type: "E", value: "", frames: [StackFrame(function: "main")]),
        "E", "main"
      ),
      (
        IssueGrouperSummaryTests.exception(
          type: "E", value: "",
          frames: [
            StackFrame(filename: "lib/a.rb", function: "run", inApp: true),
            StackFrame(filename: "gems/b.rb", function: "call", inApp: false),
          ]),
        "E", "lib/a.rb in run"
      ),
      (
        IssueGrouperSummaryTests.exception(
          type: "E", value: "", frames: [StackFrame(absPath: "/srv/x/a.go", inApp: false)]),
        "E", "/srv/x/a.go in ?"
      ),
    ])
  func titlesAndCulprits(event: ErrorEvent, title: String, culprit: String) {
    let result = IssueGrouper().group(event)
    #expect(result.title == title)
    #expect(result.culprit == culprit)
  }

  /// Long values are cut to 200 characters, the last an ellipsis.
  @Test func longTitles() {
    let value = String(repeating: "é", count: 300)
    let result = IssueGrouper().group(Self.exception(type: "ValueError", value: value))
    #expect(result.title.count == IssueGrouper.maximumTitleLength)
    #expect(result.title.hasPrefix("ValueError: éé"))
    #expect(result.title.hasSuffix("é…"))

    let exact = String(repeating: "x", count: 200)
    #expect(IssueGrouper.title(of: Fixtures.messageEvent(exact)) == exact)
  }

  /// An event with one exception, in transaction `/cart`.
  static func exception(type: String, value: String, frames: [StackFrame] = []) -> ErrorEvent {
    var event = ErrorEvent(eventID: GroupingFixtures.eventID(20), timestamp: 0)
    event.transaction = "/cart"
    event.exceptions = [ExceptionInfo(type: type, value: value, frames: frames)]
    return event
  }
}
