import LookoutCore
import Testing

@testable import LookoutAnalysis

@Suite("IssueGrouper")
struct IssueGrouperTests {
  /// Short name for the event builders.
  typealias Fixtures = GroupingFixtures

  /// Events of one bug that differ in what changes between occurrences group together.
  @Test(
    "same bug, same hash",
    arguments: [
      GroupingPair(
        "different exception values",
        Fixtures.pythonEvent(id: 1, value: "invalid literal for int() with base 10: 'abc'"),
        Fixtures.pythonEvent(id: 2, value: "invalid literal for int() with base 16: 'x9'")),
      GroupingPair(
        "different line numbers",
        Fixtures.pythonEvent(id: 1, lineShift: 0), Fixtures.pythonEvent(id: 2, lineShift: 14)),
      GroupingPair(
        "different absolute paths",
        Fixtures.pythonEvent(id: 1, root: "/srv/shop"),
        Fixtures.pythonEvent(id: 2, root: "/home/deploy/releases/20240605120000/shop")),
      GroupingPair(
        "different library frames",
        Fixtures.pythonEvent(id: 1, djangoVersion: "4.2"),
        Fixtures.pythonEvent(id: 2, djangoVersion: "5.1")),
      GroupingPair(
        "a new bundle hash, host and column",
        Fixtures.javaScriptEvent(id: 1, bundleHash: "3f9a2b7c", column: 10_233),
        Fixtures.javaScriptEvent(
          id: 2, bundleHash: "9e8d7c6b", host: "https://static.example.net", column: 10_377)),
      GroupingPair(
        "absolute paths on two servers without modules",
        Self.nodeEvent(root: "/srv/app-1/src"), Self.nodeEvent(root: "/opt/app/current/src")),
      GroupingPair(
        "messages with different ids",
        Fixtures.messageEvent("User 123 not found"), Fixtures.messageEvent("User 98765 not found")),
      GroupingPair(
        "messages with different durations and addresses",
        Fixtures.messageEvent("Timeout after 30s calling 10.0.0.5"),
        Fixtures.messageEvent("Timeout after 45s calling 10.0.0.9")),
      GroupingPair(
        "messages with different quoted values, UUIDs and e-mails",
        Fixtures.messageEvent(
          "Invite 3b241101-e2bb-4255-8caf-4136c566a962 for 'alice' to alice@example.com failed"),
        Fixtures.messageEvent(
          "Invite 9c5b94b1-35ad-49bb-b118-8e8fc24abf80 for 'bob' to bob@corp.example.org failed")),
      GroupingPair(
        "messages with the same template",
        Fixtures.messageEvent("Charged card 4242 for 12 EUR", template: "Charged card %s for %s"),
        Fixtures.messageEvent("Charged card 0005 for 7 USD", template: "Charged card %s for %s")),
      GroupingPair(
        "frameless exceptions with different ids",
        Self.framelessEvent(type: "KeyError", value: "'order_12345'"),
        Self.framelessEvent(type: "KeyError", value: "'order_777'")),
      GroupingPair(
        "direct recursion depth",
        Fixtures.stackEvent(["main", "f", "f", "f", "g"]), Fixtures.stackEvent(["main", "f", "g"])),
      GroupingPair(
        "numbered lambdas",
        Self.javaEvent(lambda: "lambda$process$0"), Self.javaEvent(lambda: "lambda$process$3")),
      GroupingPair(
        "custom fingerprint across different stacks",
        Fixtures.fingerprinted(Fixtures.pythonEvent(function: "parse_quantity"), ["db-timeout"]),
        Fixtures.fingerprinted(Fixtures.javaScriptEvent(), ["db-timeout"])),
      GroupingPair(
        "{{default}} spacing variants",
        Fixtures.fingerprinted(Fixtures.pythonEvent(id: 1), ["{{ default }}", "tenant-a"]),
        Fixtures.fingerprinted(Fixtures.pythonEvent(id: 2), ["{{default}}", "tenant-a"])),
      GroupingPair(
        "{{default}} with more spaces",
        Fixtures.fingerprinted(Fixtures.pythonEvent(id: 1), ["{{  default\t}}", "tenant-a"]),
        Fixtures.fingerprinted(Fixtures.pythonEvent(id: 2), [" {{default }} ", "tenant-a"])),
      GroupingPair(
        "a fingerprint of only {{ default }} is the default",
        Fixtures.fingerprinted(Fixtures.pythonEvent(id: 1), ["{{ default }}"]),
        Fixtures.pythonEvent(id: 2)),
      GroupingPair(
        "an empty fingerprint is the default",
        Fixtures.fingerprinted(Fixtures.pythonEvent(id: 1), []), Fixtures.pythonEvent(id: 2)),
    ])
  func sameBug(pair: GroupingPair) {
    let grouper = IssueGrouper()
    let first = grouper.group(pair.first)
    let second = grouper.group(pair.second)
    #expect(first.hash == second.hash, "\(first.components) vs \(second.components)")
    #expect(first.components == second.components)
  }

  /// Events of different bugs land in different issues.
  @Test(
    "different bugs, different hashes",
    arguments: [
      GroupingPair(
        "same type from different in-app functions",
        Fixtures.pythonEvent(function: "parse_quantity"),
        Fixtures.pythonEvent(function: "parse_price")),
      GroupingPair(
        "same function, different exception type",
        Fixtures.pythonEvent(type: "ValueError"), Fixtures.pythonEvent(type: "TypeError")),
      GroupingPair(
        "messages with different sentence shapes",
        Fixtures.messageEvent("Payment declined for user 5"),
        Fixtures.messageEvent("Payment gateway unreachable after 5 retries")),
      GroupingPair(
        "same number, different noun",
        Fixtures.messageEvent("User 123 not found"), Fixtures.messageEvent("Order 123 not found")),
      GroupingPair(
        "chains differing only in the cause type",
        Fixtures.chainEvent([("ConnectionError", "connect"), ("RuntimeError", "load")]),
        Fixtures.chainEvent([("TimeoutError", "connect"), ("RuntimeError", "load")])),
      GroupingPair(
        "a chain and its raised exception alone",
        Fixtures.chainEvent([("ConnectionError", "connect"), ("RuntimeError", "load")]),
        Fixtures.chainEvent([("RuntimeError", "load")])),
      GroupingPair(
        "{{ default }} split by tenant",
        Fixtures.fingerprinted(Fixtures.pythonEvent(id: 1), ["{{ default }}", "tenant-a"]),
        Fixtures.fingerprinted(Fixtures.pythonEvent(id: 2), ["{{ default }}", "tenant-b"])),
      GroupingPair(
        "{{ default }} with a tenant and without",
        Fixtures.fingerprinted(Fixtures.pythonEvent(id: 1), ["{{ default }}", "tenant-a"]),
        Fixtures.pythonEvent(id: 2)),
      GroupingPair(
        "different custom fingerprints",
        Fixtures.fingerprinted(Fixtures.pythonEvent(), ["db-timeout"]),
        Fixtures.fingerprinted(Fixtures.pythonEvent(), ["db-deadlock"])),
      GroupingPair(
        "a fingerprint string and a message of the same text",
        Fixtures.fingerprinted(Fixtures.messageEvent("other"), ["db-timeout"]),
        Fixtures.messageEvent("db-timeout", template: "db-timeout")),
      GroupingPair(
        "indirect recursion is not collapsed",
        Fixtures.stackEvent(["main", "f", "g", "f", "g"]), Fixtures.stackEvent(["main", "f", "g"])),
      GroupingPair(
        "frameless exceptions with different value shapes",
        Self.framelessEvent(type: "KeyError", value: "'order_12345'"),
        Self.framelessEvent(type: "KeyError", value: "missing column 'total'")),
      GroupingPair(
        "fallback events of different transactions",
        Self.emptyEvent(transaction: "/cart"), Self.emptyEvent(transaction: "/checkout")),
    ])
  func differentBugs(pair: GroupingPair) {
    let grouper = IssueGrouper()
    let first = grouper.group(pair.first)
    let second = grouper.group(pair.second)
    #expect(first.hash != second.hash, "\(first.components)")
  }

  /// The first rule that yields components decides the method.
  @Test(
    "methods",
    arguments: [
      (Fixtures.pythonEvent(), GroupingResult.Method.stacktrace),
      (Fixtures.javaScriptEvent(), .stacktrace),
      (Fixtures.fingerprinted(Fixtures.pythonEvent(), ["db-timeout"]), .fingerprint),
      (Fixtures.fingerprinted(Fixtures.pythonEvent(), ["{{ default }}", "x"]), .fingerprint),
      (Fixtures.fingerprinted(Fixtures.pythonEvent(), ["{{ default }}"]), .stacktrace),
      (Self.framelessEvent(type: "KeyError", value: "'a'"), .exception),
      (Fixtures.messageEvent("User 1 not found"), .message),
      (Self.emptyEvent(transaction: "/cart"), .fallback),
    ])
  func methods(event: ErrorEvent, expected: GroupingResult.Method) {
    #expect(IssueGrouper().group(event).method == expected)
  }

  /// Only in-app frames count when some frame is in-app; all frames when none is.
  @Test func inAppSelection() {
    let grouper = IssueGrouper()
    let components = grouper.group(Fixtures.pythonEvent()).components
    #expect(
      components == [
        "frame:shop.views | add_to_cart | quantity = parse_quantity(request.POST['quantity'])",
        "frame:shop.forms | parse_quantity | return int(raw)",
        "type:ValueError",
      ])

    var unmarked = Fixtures.pythonEvent()
    for index in unmarked.exceptions[0].frames.indices {
      unmarked.exceptions[0].frames[index].inApp = nil
    }
    #expect(grouper.group(unmarked).components.count == 5)
    #expect(grouper.group(unmarked).components.first?.hasPrefix("frame:django.") == true)
  }

  /// Every exception of the chain contributes its frames and type, the root cause first.
  @Test func chainComponents() {
    let event = Fixtures.chainEvent([("ConnectionError", "connect"), ("RuntimeError", "load")])
    #expect(
      IssueGrouper().group(event).components == [
        "frame:app.db | connect", "type:ConnectionError", "frame:app.db | load",
        "type:RuntimeError",
      ])
  }

  /// Recursion collapses to one frame: f->f->f->g equals f->g, component for component.
  @Test func recursionCollapse() {
    let grouper = IssueGrouper()
    let deep = grouper.group(Fixtures.stackEvent(["f", "f", "f", "g"]))
    let flat = grouper.group(Fixtures.stackEvent(["f", "g"]))
    #expect(deep == flat)
    #expect(deep.components.count == 3)
  }

  /// `{{ default }}` expands to the default components in place.
  @Test func defaultExpansion() {
    let grouper = IssueGrouper()
    let plain = grouper.group(Fixtures.pythonEvent())
    let custom = grouper.group(
      Fixtures.fingerprinted(Fixtures.pythonEvent(), ["tenant-a", "{{ default }}"]))
    #expect(custom.components == ["fingerprint:tenant-a"] + plain.components)
    #expect(
      GroupingRulesV1.isDefaultPlaceholder("{{default}}")
        && GroupingRulesV1.isDefaultPlaceholder(" {{ default }} ")
        && !GroupingRulesV1.isDefaultPlaceholder("{{ default }}x")
        && !GroupingRulesV1.isDefaultPlaceholder("{{ transaction }}")
        && !GroupingRulesV1.isDefaultPlaceholder("default"))
  }

  /// A hash is 32 lowercase hex digits, the version is recorded, and grouping is repeatable.
  @Test func hashShape() {
    let events = [
      Fixtures.pythonEvent(), Fixtures.javaScriptEvent(), Fixtures.messageEvent("x"),
      Self.emptyEvent(transaction: ""),
    ]
    for event in events {
      let result = IssueGrouper(version: 1).group(event)
      #expect(result.hash.utf8.count == 32)
      #expect(
        result.hash.utf8.allSatisfy {
          GroupingByte.isDigit($0) || GroupingByte.isLower($0) && GroupingByte.isHex($0)
        })
      #expect(result.version == 1)
      #expect(IssueGrouper().group(event) == result)
    }
  }

  /// Version 1 is frozen: a fixed event keeps its components and hash on every machine.
  /// The hash is the first half of `sha256(b"".join(b"%d:%s," % (len(c), c) for c in
  /// components))`, checked with Python's hashlib.
  @Test func frozenVersion1Hashes() {
    let grouper = IssueGrouper(version: 1)
    let python = grouper.group(Fixtures.pythonEvent())
    #expect(python.hash == "aa60de18fc5902df4923091fb52cc550")

    let javaScript = grouper.group(Fixtures.javaScriptEvent())
    #expect(
      javaScript.components == [
        "frame:app.<hash>.js | onSubmit", "frame:app.<hash>.js | renderTotal", "type:TypeError",
      ])
    #expect(javaScript.hash == "31a4f1d8a666d08c7e283da332340743")

    let message = grouper.group(Fixtures.messageEvent("Timeout after 30s calling 10.0.0.5"))
    #expect(message.components == ["message:Timeout after <*> calling <*>"])
    #expect(message.hash == "292297803f30715a8d8fab30d1c142ee")

    #expect(IssueGrouper.hash([]) == "e3b0c44298fc1c149afbf4c8996fb924")
    #expect(IssueGrouper.hash(["a"]) == "9fa1b1c0f0be70b0a0a46e93c1b2cdab")
  }

  /// Asking for a version this build does not have is a programming error.
  @Test func unsupportedVersionTraps() async {
    await #expect(processExitsWith: .failure) {
      _ = IssueGrouper(version: IssueGrouper.supportedVersions.upperBound + 1)
    }
  }

  // MARK: - Events for single cases

  /// A Node.js event with absolute file names and no modules.
  static func nodeEvent(root: String) -> ErrorEvent {
    var event = ErrorEvent(eventID: GroupingFixtures.eventID(9), timestamp: 0)
    event.exceptions = [
      ExceptionInfo(
        type: "Error", value: "ECONNREFUSED",
        frames: [
          StackFrame(
            filename: root + "/server.js", function: "handle", lineno: 88, inApp: true,
            contextLine: "await loadUser(req.params.id)"),
          StackFrame(
            filename: root + "/handlers/user.js", function: "loadUser", lineno: 12,
            inApp: true, contextLine: "const user = await db.users.find(id)"),
        ])
    ]
    return event
  }

  /// A Java event whose in-app frame is a lambda.
  static func javaEvent(lambda: String) -> ErrorEvent {
    var event = ErrorEvent(eventID: GroupingFixtures.eventID(10), timestamp: 0)
    event.exceptions = [
      ExceptionInfo(
        type: "java.lang.IllegalStateException", value: "closed",
        frames: [
          StackFrame(function: "run", module: "com.example.Worker", inApp: true),
          StackFrame(function: lambda, module: "com.example.Worker", inApp: true),
        ])
    ]
    return event
  }

  /// An exception without a stack trace.
  static func framelessEvent(type: String, value: String) -> ErrorEvent {
    var event = ErrorEvent(eventID: GroupingFixtures.eventID(11), timestamp: 0)
    event.exceptions = [ExceptionInfo(type: type, value: value)]
    return event
  }

  /// An event with neither exception nor message.
  static func emptyEvent(transaction: String) -> ErrorEvent {
    var event = ErrorEvent(eventID: GroupingFixtures.eventID(12), timestamp: 0)
    event.transaction = transaction
    return event
  }
}
