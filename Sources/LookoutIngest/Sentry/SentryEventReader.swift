import LookoutCore

/// Reads a Sentry event in one pass from its bytes into the fields ``SentryEventDecoder``
/// needs, without building a JSON tree: the exception chain, frames, tags, trace and
/// request are read member by member and everything else is checked and skipped.
///
/// It answers exactly what the tree decoder answers for the same document: a member sent
/// twice counts once, the last time (as ``JSONValue``'s lookups take the last), a field of
/// the wrong type is ignored, and the few small members whose rules are subtle (user,
/// message, log entry, fingerprint, tags as pairs) are built as ``JSONValue`` from their
/// own bytes and read by the tree decoder's functions. On anything invalid it gives up
/// (``SentryJSONCursor/GiveUp``) and the decoder falls back to the tree, which gives the
/// precise error.
///
/// ```swift
/// var reader = SentryEventReader(bytes: buffer, maxDepth: 64)
/// let fields = try reader.read()
/// ```
struct SentryEventReader {
  /// The members of the root object the decoder reads, each the last one sent.
  struct Fields {
    var eventID: JSONValue?
    var timestamp: JSONValue?
    var level: String?
    var platform: String?
    var environment: String?
    var release: String?
    var serverName: String?
    var transaction: String?
    var logentry: JSONValue?
    var message: JSONValue?
    var exceptions: [ExceptionInfo] = []
    var fingerprint: JSONValue?
    var user: JSONValue?
    var tags: [(key: String, value: String)] = []
    var traceID: String?
    var spanID: String?
    var requestURL: String?
    var requestMethod: String?
  }

  /// One exception object: the exception it describes, and the list under its `values`
  /// when it is the `exception` member itself.
  struct ExceptionObject {
    var info: ExceptionInfo?
    /// The exceptions of the last `values` member, nil when absent or not an array.
    var values: [ExceptionInfo]?
    /// Whether it has a `type` or `value` member (of any type).
    var hasTypeOrValue = false
  }

  private var cursor: SentryJSONCursor
  private let skipping: Set<String>
  private let sourceContext: Bool

  /// Creates a reader of `bytes`; members named in `skipping` are left out of the values
  /// built as trees, as the tree decoder leaves them out. Without `sourceContext` the
  /// frames' `pre_context` and `post_context` are checked and skipped, not built.
  init(
    bytes: UnsafeRawBufferPointer, maxDepth: Int,
    skipping: Set<String> = SentryEventDecoder.unreadKeys, sourceContext: Bool = true
  ) {
    cursor = SentryJSONCursor(bytes: bytes, maxDepth: maxDepth)
    self.skipping = skipping
    self.sourceContext = sourceContext
  }

  /// Reads the whole document, which must be one object.
  ///
  /// - Throws: ``SentryJSONCursor/GiveUp`` when it is invalid or takes the tree.
  mutating func read() throws(SentryJSONCursor.GiveUp) -> Fields {
    var fields = Fields()
    cursor.skipWhitespace()
    try cursor.enterObject()
    var first = true
    while let key = try cursor.nextMember(&first) {
      try readRootMember(key, into: &fields)
    }
    try cursor.finish()
    return fields
  }

  private mutating func readRootMember(_ key: UnsafeRawBufferPointer, into fields: inout Fields)
    throws(SentryJSONCursor.GiveUp)
  {
    typealias Cursor = SentryJSONCursor
    if Cursor.matches(key, "exception") {
      fields.exceptions = try exceptionMember()
    } else if Cursor.matches(key, "tags") {
      fields.tags = try tags()
    } else if Cursor.matches(key, "contexts") {
      (fields.traceID, fields.spanID) = try traceIDs()
    } else if Cursor.matches(key, "request") {
      (fields.requestURL, fields.requestMethod) = try request()
    } else if Cursor.matches(key, "event_id") {
      fields.eventID = try cursor.value(skipping: skipping)
    } else if Cursor.matches(key, "timestamp") {
      fields.timestamp = try cursor.value(skipping: skipping)
    } else if Cursor.matches(key, "level") {
      fields.level = try cursor.optionalString()
    } else if Cursor.matches(key, "platform") {
      fields.platform = try cursor.optionalString()
    } else if Cursor.matches(key, "environment") {
      fields.environment = try cursor.optionalString()
    } else if Cursor.matches(key, "release") {
      fields.release = try cursor.optionalString()
    } else if Cursor.matches(key, "server_name") {
      fields.serverName = try cursor.optionalString()
    } else if Cursor.matches(key, "transaction") {
      fields.transaction = try cursor.optionalString()
    } else if Cursor.matches(key, "user") {
      fields.user = try cursor.value(skipping: skipping)
    } else if Cursor.matches(key, "logentry") {
      fields.logentry = try cursor.value(skipping: skipping)
    } else if Cursor.matches(key, "message") {
      fields.message = try cursor.value(skipping: skipping)
    } else if Cursor.matches(key, "fingerprint") {
      fields.fingerprint = try cursor.value(skipping: skipping)
    } else {
      try cursor.skipValue()
    }
  }

  // MARK: Exceptions

  /// The `exception` member: a list of exceptions, an object with `values`, or a single
  /// exception object.
  private mutating func exceptionMember() throws(SentryJSONCursor.GiveUp) -> [ExceptionInfo] {
    if cursor.atArray { return try exceptionList() }
    guard cursor.atObject else {
      try cursor.skipValue()
      return []
    }
    let object = try exceptionObject()
    if let values = object.values { return values }
    guard object.hasTypeOrValue, let info = object.info else { return [] }
    return [info]
  }

  /// An array of exceptions; entries that are not objects or carry nothing are left out.
  private mutating func exceptionList() throws(SentryJSONCursor.GiveUp) -> [ExceptionInfo] {
    var list: [ExceptionInfo] = []
    try cursor.enterArray()
    var first = true
    while try cursor.nextElement(&first) {
      guard cursor.atObject else {
        try cursor.skipValue()
        continue
      }
      if let info = try exceptionObject().info { list.append(info) }
    }
    return list
  }

  /// One exception object at the cursor.
  private mutating func exceptionObject() throws(SentryJSONCursor.GiveUp) -> ExceptionObject {
    typealias Cursor = SentryJSONCursor
    var object = ExceptionObject()
    var type = ""
    var value = ""
    var module = ""
    var handled: Bool?
    var frames: [StackFrame] = []
    try cursor.enterObject()
    var first = true
    while let key = try cursor.nextMember(&first) {
      if Cursor.matches(key, "type") {
        object.hasTypeOrValue = true
        type = try cursor.optionalString() ?? ""
      } else if Cursor.matches(key, "value") {
        object.hasTypeOrValue = true
        value = try cursor.value(skipping: skipping).scalarText ?? ""
      } else if Cursor.matches(key, "module") {
        module = try cursor.optionalString() ?? ""
      } else if Cursor.matches(key, "mechanism") {
        handled = try mechanismHandled()
      } else if Cursor.matches(key, "stacktrace") {
        frames = try stacktraceFrames()
      } else if Cursor.matches(key, "values") {
        if cursor.atArray {
          object.values = try exceptionList()
        } else {
          object.values = nil
          try cursor.skipValue()
        }
      } else {
        try cursor.skipValue()
      }
    }
    if !type.isEmpty || !value.isEmpty || !frames.isEmpty {
      object.info = ExceptionInfo(
        type: type, value: value, module: module, handled: handled, frames: frames)
    }
    return object
  }

  /// `mechanism.handled`, nil when either is missing or of another type.
  private mutating func mechanismHandled() throws(SentryJSONCursor.GiveUp) -> Bool? {
    guard cursor.atObject else {
      try cursor.skipValue()
      return nil
    }
    var handled: Bool?
    try cursor.enterObject()
    var first = true
    while let key = try cursor.nextMember(&first) {
      if SentryJSONCursor.matches(key, "handled") {
        handled = try cursor.optionalBool()
      } else {
        try cursor.skipValue()
      }
    }
    return handled
  }

  /// `stacktrace.frames`, empty when either is missing or of another type.
  private mutating func stacktraceFrames() throws(SentryJSONCursor.GiveUp) -> [StackFrame] {
    guard cursor.atObject else {
      try cursor.skipValue()
      return []
    }
    var frames: [StackFrame] = []
    try cursor.enterObject()
    var first = true
    while let key = try cursor.nextMember(&first) {
      if SentryJSONCursor.matches(key, "frames"), cursor.atArray {
        frames = try frameList()
      } else {
        if SentryJSONCursor.matches(key, "frames") { frames = [] }
        try cursor.skipValue()
      }
    }
    return frames
  }

  private mutating func frameList() throws(SentryJSONCursor.GiveUp) -> [StackFrame] {
    var frames: [StackFrame] = []
    try cursor.enterArray()
    var first = true
    while try cursor.nextElement(&first) {
      if cursor.atObject {
        frames.append(try frame())
      } else {
        try cursor.skipValue()
      }
    }
    return frames
  }

  /// One frame; a context line that is not a string reads as an empty line.
  private mutating func frame() throws(SentryJSONCursor.GiveUp) -> StackFrame {
    typealias Cursor = SentryJSONCursor
    var frame = StackFrame()
    try cursor.enterObject()
    var first = true
    while let key = try cursor.nextMember(&first) {
      if Cursor.matches(key, "filename") {
        frame.filename = try cursor.optionalString() ?? ""
      } else if Cursor.matches(key, "abs_path") {
        frame.absPath = try cursor.optionalString() ?? ""
      } else if Cursor.matches(key, "function") {
        frame.function = try cursor.optionalString() ?? ""
      } else if Cursor.matches(key, "module") {
        frame.module = try cursor.optionalString() ?? ""
      } else if Cursor.matches(key, "lineno") {
        frame.lineno = try cursor.value(skipping: skipping).integer
      } else if Cursor.matches(key, "in_app") {
        frame.inApp = try cursor.optionalBool()
      } else if Cursor.matches(key, "context_line") {
        frame.contextLine = try cursor.optionalString() ?? ""
      } else if sourceContext, Cursor.matches(key, "pre_context") {
        frame.preContext = try lines()
      } else if sourceContext, Cursor.matches(key, "post_context") {
        frame.postContext = try lines()
      } else {
        try cursor.skipValue()
      }
    }
    return frame
  }

  /// Context lines: an array whose entries that are not strings read as empty lines.
  private mutating func lines() throws(SentryJSONCursor.GiveUp) -> [String] {
    guard cursor.atArray else {
      try cursor.skipValue()
      return []
    }
    var lines: [String] = []
    try cursor.enterArray()
    var first = true
    while try cursor.nextElement(&first) {
      lines.append(try cursor.optionalString() ?? "")
    }
    return lines
  }

  // MARK: Tags, trace, request

  /// Tags from an object, in the order sent; pairs go through the tree decoder's rules.
  private mutating func tags() throws(SentryJSONCursor.GiveUp) -> [(key: String, value: String)] {
    guard cursor.atObject else {
      return SentryEventDecoder.tags(try cursor.value(skipping: skipping))
    }
    var tags: [(key: String, value: String)] = []
    try cursor.enterObject()
    var first = true
    while let keyBytes = try cursor.nextMember(&first) {
      let key = String(decoding: keyBytes, as: UTF8.self)
      guard !key.isEmpty, !skipping.contains(key) else {
        try cursor.skipValue()
        continue
      }
      if let text = try cursor.value(skipping: skipping).text { tags.append((key, text)) }
    }
    return tags
  }

  /// `contexts.trace.trace_id` and `span_id` as sent, nil when missing or not strings.
  private mutating func traceIDs() throws(SentryJSONCursor.GiveUp) -> (String?, String?) {
    var ids: (String?, String?) = (nil, nil)
    guard cursor.atObject else {
      try cursor.skipValue()
      return ids
    }
    try cursor.enterObject()
    var first = true
    while let key = try cursor.nextMember(&first) {
      if SentryJSONCursor.matches(key, "trace") {
        ids = try stringPair("trace_id", "span_id")
      } else {
        try cursor.skipValue()
      }
    }
    return ids
  }

  /// `request.url` and `request.method` as sent, nil when missing or not strings.
  private mutating func request() throws(SentryJSONCursor.GiveUp) -> (String?, String?) {
    try stringPair("url", "method")
  }

  /// The string members `firstName` and `secondName` of the object at the cursor (the
  /// last of each); nil for a missing one, or both when it is not an object.
  private mutating func stringPair(_ firstName: StaticString, _ secondName: StaticString)
    throws(SentryJSONCursor.GiveUp) -> (String?, String?)
  {
    var pair: (String?, String?) = (nil, nil)
    guard cursor.atObject else {
      try cursor.skipValue()
      return pair
    }
    try cursor.enterObject()
    var first = true
    while let key = try cursor.nextMember(&first) {
      if SentryJSONCursor.matches(key, firstName) {
        pair.0 = try cursor.optionalString()
      } else if SentryJSONCursor.matches(key, secondName) {
        pair.1 = try cursor.optionalString()
      } else {
        try cursor.skipValue()
      }
    }
    return pair
  }
}
