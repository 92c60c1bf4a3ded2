/// One error or message event as a Sentry SDK reports it, reduced to what grouping, the
/// issue list and the event page need; the whole event is kept beside it as JSON.
///
/// Decoders fill it from envelopes and store bodies; ``groupHash`` and ``title`` are filled
/// by grouping (LookoutAnalysis). Times are microseconds since the Unix epoch.
///
/// ```swift
/// var event = ErrorEvent(eventID: "fc6d8c0c43fc4630ad850ee518f1b9d0", timestamp: 1_717_545_600_000_000)
/// event.exceptions = [ExceptionInfo(type: "ZeroDivisionError", value: "division by zero")]
/// ```
public struct ErrorEvent: Sendable, Hashable {
  /// 32 lowercase hex digits, without dashes.
  public var eventID: String
  /// When the event happened, µs since epoch.
  public var timestamp: Int64
  /// `fatal`, `error`, `warning`, `info` or `debug`.
  public var level: String = "error"
  /// The SDK's platform (`python`, `javascript`, ...).
  public var platform: String = ""
  /// The message as shown: `logentry.formatted`, `logentry.message` or `message`.
  public var message: String = ""
  /// The message before its parameters were put in (`logentry.message` when it has
  /// `params`), for grouping; empty when unknown.
  public var messageTemplate: String = ""
  /// The exception chain, oldest (the root cause) first, as in `exception.values`: the
  /// last one is the exception that was raised.
  public var exceptions: [ExceptionInfo] = []
  /// A custom fingerprint; `{{ default }}` stands for the default grouping.
  public var fingerprint: [String]?
  /// Deployment environment; the SDK default is `production`.
  public var environment: String = "production"
  /// Release identifier, empty when not set.
  public var release: String = ""
  /// Host name of the server that sent it.
  public var serverName: String = ""
  /// Transaction (route or task name) the error happened in.
  public var transaction: String = ""
  /// The affected user, when known.
  public var user: EventUser?
  /// Tags as key/value pairs, in the order sent.
  public var tags: [(key: String, value: String)] = []
  /// `contexts.trace.trace_id` (32 hex), linking to the trace view.
  public var traceID: String = ""
  /// `contexts.trace.span_id` (16 hex).
  public var spanID: String = ""
  /// The request URL, when the event has one.
  public var requestURL: String = ""
  /// The request method, when the event has one.
  public var requestMethod: String = ""
  /// The event as received (JSON, size-capped), for the event page.
  public var payload: [UInt8] = []

  /// Creates an event with the given id and time; everything else starts empty.
  public init(eventID: String, timestamp: Int64) {
    self.eventID = eventID
    self.timestamp = timestamp
  }

  public static func == (left: ErrorEvent, right: ErrorEvent) -> Bool {
    left.eventID == right.eventID && left.timestamp == right.timestamp && left.level == right.level
      && left.platform == right.platform && left.message == right.message
      && left.messageTemplate == right.messageTemplate && left.exceptions == right.exceptions
      && left.fingerprint == right.fingerprint && left.environment == right.environment
      && left.release == right.release && left.serverName == right.serverName
      && left.transaction == right.transaction && left.user == right.user
      && left.tags.map(\.key) == right.tags.map(\.key)
      && left.tags.map(\.value) == right.tags.map(\.value) && left.traceID == right.traceID
      && left.spanID == right.spanID && left.requestURL == right.requestURL
      && left.requestMethod == right.requestMethod && left.payload == right.payload
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(eventID)
    hasher.combine(timestamp)
  }
}

/// One exception of an event's chain.
public struct ExceptionInfo: Sendable, Hashable {
  /// Exception type (`ValueError`), empty when unknown.
  public var type: String
  /// Exception value (the message), empty when unknown.
  public var value: String
  /// Module the type is defined in.
  public var module: String
  /// `mechanism.handled`, when sent.
  public var handled: Bool?
  /// Stack frames, oldest call first (as Sentry sends them): the last frame raised.
  public var frames: [StackFrame]

  public init(
    type: String = "", value: String = "", module: String = "", handled: Bool? = nil,
    frames: [StackFrame] = []
  ) {
    self.type = type
    self.value = value
    self.module = module
    self.handled = handled
    self.frames = frames
  }
}

/// One stack frame.
public struct StackFrame: Sendable, Hashable {
  public var filename: String
  public var absPath: String
  public var function: String
  public var module: String
  public var lineno: Int?
  /// Whether the frame is the application's own code; nil when the SDK did not say.
  public var inApp: Bool?
  public var contextLine: String
  public var preContext: [String]
  public var postContext: [String]

  public init(
    filename: String = "", absPath: String = "", function: String = "", module: String = "",
    lineno: Int? = nil, inApp: Bool? = nil, contextLine: String = "", preContext: [String] = [],
    postContext: [String] = []
  ) {
    self.filename = filename
    self.absPath = absPath
    self.function = function
    self.module = module
    self.lineno = lineno
    self.inApp = inApp
    self.contextLine = contextLine
    self.preContext = preContext
    self.postContext = postContext
  }
}

/// The user an event affected.
public struct EventUser: Sendable, Hashable {
  public var id: String
  public var username: String
  public var email: String
  public var ipAddress: String

  public init(id: String = "", username: String = "", email: String = "", ipAddress: String = "") {
    self.id = id
    self.username = username
    self.email = email
    self.ipAddress = ipAddress
  }

  /// The identity that counts a user once: id, else username, else email, else address.
  public var key: String? {
    for (prefix, value) in [
      ("id", id), ("username", username), ("email", email), ("ip", ipAddress),
    ]
    where !value.isEmpty {
      return "\(prefix):\(value)"
    }
    return nil
  }
}
