import LookoutCore

/// Realistic error events for the grouping tests, built from a few knobs.
enum GroupingFixtures {
  /// A Django view raising `ValueError` from `parse_quantity`, called through Django's
  /// handler frames (not in-app).
  static func pythonEvent(
    id: Int = 1,
    type: String = "ValueError",
    value: String = "invalid literal for int() with base 10: 'abc'",
    function: String = "parse_quantity",
    lineShift: Int = 0,
    root: String = "/srv/shop",
    djangoVersion: String = "4.2"
  ) -> ErrorEvent {
    var event = ErrorEvent(eventID: eventID(id), timestamp: 1_717_545_600_000_000 + Int64(id))
    event.platform = "python"
    event.transaction = "/cart/add"
    let library =
      djangoVersion == "4.2"
      ? [
        StackFrame(
          filename: "django/core/handlers/exception.py",
          absPath: "/usr/lib/python3.12/site-packages/django/core/handlers/exception.py",
          function: "inner", module: "django.core.handlers.exception", lineno: 55, inApp: false,
          contextLine: "response = get_response(request)"),
        StackFrame(
          filename: "django/core/handlers/base.py",
          absPath: "/usr/lib/python3.12/site-packages/django/core/handlers/base.py",
          function: "_get_response", module: "django.core.handlers.base", lineno: 197,
          inApp: false,
          contextLine: "response = wrapped_callback(request, *callback_args, **callback_kwargs)"),
      ]
      : [
        StackFrame(
          filename: "django/core/handlers/exception.py",
          absPath: "/usr/lib/python3.13/site-packages/django/core/handlers/exception.py",
          function: "inner", module: "django.core.handlers.exception", lineno: 42, inApp: false,
          contextLine: "response = await sync_to_async(get_response)(request)"),
        StackFrame(
          filename: "django/core/handlers/base.py",
          absPath: "/usr/lib/python3.13/site-packages/django/core/handlers/base.py",
          function: "_get_response_async", module: "django.core.handlers.base", lineno: 253,
          inApp: false, contextLine: "response = await wrapped_callback(request)"),
        StackFrame(
          filename: "asgiref/sync.py", function: "__call__", module: "asgiref.sync",
          lineno: 468, inApp: false, contextLine: "ret = await asyncio.shield(exec_coro)"),
      ]
    let app = [
      StackFrame(
        filename: "shop/views.py", absPath: root + "/shop/views.py", function: "add_to_cart",
        module: "shop.views", lineno: 41 + lineShift, inApp: true,
        contextLine: "    quantity = parse_quantity(request.POST['quantity'])"),
      StackFrame(
        filename: "shop/forms.py", absPath: root + "/shop/forms.py", function: function,
        module: "shop.forms", lineno: 17 + lineShift, inApp: true,
        contextLine: "    return int(raw)"),
    ]
    event.exceptions = [
      ExceptionInfo(type: type, value: value, module: "builtins", frames: library + app)
    ]
    return event
  }

  /// A browser `TypeError` in a minified bundle: no modules, one huge context line.
  static func javaScriptEvent(
    id: Int = 1,
    value: String = "Cannot read properties of undefined (reading 'id')",
    bundleHash: String = "3f9a2b7c",
    host: String = "https://cdn.example.com",
    column: Int = 10_233
  ) -> ErrorEvent {
    var event = ErrorEvent(eventID: eventID(id), timestamp: 1_717_545_600_000_000 + Int64(id))
    event.platform = "javascript"
    event.transaction = "/checkout"
    let bundle = "\(host)/static/js/app.\(bundleHash).js"
    let minified = String(repeating: "var a=function(b){return b.id};", count: 40)
    event.exceptions = [
      ExceptionInfo(
        type: "TypeError", value: value,
        frames: [
          StackFrame(
            filename: "\(host)/static/js/vendor.\(bundleHash)1.js", function: "dispatch",
            lineno: 2, inApp: false),
          StackFrame(
            filename: bundle, function: "onSubmit", lineno: 1, inApp: true,
            contextLine: minified),
          StackFrame(
            filename: bundle + ":1:\(column)", function: "renderTotal", lineno: 1, inApp: true,
            contextLine: minified),
        ])
    ]
    return event
  }

  /// A message event, as `logger.error(...)` sends it.
  static func messageEvent(_ message: String, template: String = "", id: Int = 1) -> ErrorEvent {
    var event = ErrorEvent(eventID: eventID(id), timestamp: 1_717_545_600_000_000 + Int64(id))
    event.level = "error"
    event.message = message
    event.messageTemplate = template
    event.transaction = "worker.sync"
    return event
  }

  /// An event whose one exception has in-app frames calling the given functions in order
  /// (the first is the oldest call), all in `app.jobs`.
  static func stackEvent(
    _ functions: [String], type: String = "RuntimeError", value: String = "boom", id: Int = 1
  ) -> ErrorEvent {
    var event = ErrorEvent(eventID: eventID(id), timestamp: 1_717_545_600_000_000 + Int64(id))
    let frames = functions.map { name in
      StackFrame(
        filename: "app/jobs.py", function: name, module: "app.jobs", lineno: 10, inApp: true,
        contextLine: "return \(name)(n - 1)")
    }
    event.exceptions = [ExceptionInfo(type: type, value: value, frames: frames)]
    return event
  }

  /// An exception chain: each pair is one exception's type and its single in-app function,
  /// the root cause first.
  static func chainEvent(_ chain: [(type: String, function: String)], id: Int = 1) -> ErrorEvent {
    var event = ErrorEvent(eventID: eventID(id), timestamp: 1_717_545_600_000_000 + Int64(id))
    event.exceptions = chain.map { link in
      ExceptionInfo(
        type: link.type, value: "failed \(id)",
        frames: [
          StackFrame(
            filename: "app/db.py", function: link.function, module: "app.db", lineno: 7,
            inApp: true)
        ])
    }
    return event
  }

  /// `event` with a custom fingerprint.
  static func fingerprinted(_ event: ErrorEvent, _ fingerprint: [String]) -> ErrorEvent {
    var event = event
    event.fingerprint = fingerprint
    return event
  }

  /// A 32-hex event id from a number.
  static func eventID(_ id: Int) -> String {
    let hex = String(id, radix: 16)
    return String(repeating: "0", count: max(0, 32 - hex.count)) + hex
  }
}

/// Two events a grouping test compares, with a name for the test report.
struct GroupingPair: Sendable, CustomStringConvertible {
  /// What the two events have in common or not.
  let description: String
  /// The first event.
  let first: ErrorEvent
  /// The second event.
  let second: ErrorEvent

  /// Creates a pair with a name.
  init(_ description: String, _ first: ErrorEvent, _ second: ErrorEvent) {
    self.description = description
    self.first = first
    self.second = second
  }
}
