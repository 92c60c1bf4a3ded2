import LookoutCore

extension IssueGrouper {
  /// The longest title, in characters; longer ones are cut and end with `…`.
  public static let maximumTitleLength = 200

  /// The issue list's headline for `event`: `Type: value` of the raised exception (first
  /// line of the value, unmasked), else the message's first line, else `<unlabeled event>`;
  /// at most ``maximumTitleLength`` characters.
  ///
  /// Not part of the hash: the title may change without splitting issues.
  public static func title(of event: ErrorEvent) -> String {
    if let raised = event.exceptions.last {
      let type = firstLine(raised.type)
      let value = firstLine(raised.value)
      if !type.isEmpty || !value.isEmpty {
        let title = type.isEmpty ? value : value.isEmpty ? type : type + ": " + value
        return truncated(title)
      }
    }
    let message = firstLine(event.message.isEmpty ? event.messageTemplate : event.message)
    if !message.isEmpty { return truncated(message) }
    return "<unlabeled event>"
  }

  /// Where `event` happened, Sentry-style: `module in function` of the last in-app frame of
  /// the most recent exception with frames, else of its last frame, else the transaction.
  ///
  /// The location is the frame's module, else its file name without the origin and query
  /// of a URL and a `:line:column` suffix (`/static/js/app.3f9a2b7c.js`); `?` stands for a
  /// missing function.
  public static func culprit(of event: ErrorEvent) -> String {
    if let frames = event.exceptions.last(where: { !$0.frames.isEmpty })?.frames,
      let frame = frames.last(where: { $0.inApp == true }) ?? frames.last
    {
      let location = culpritLocation(of: frame)
      let function = frame.function.trimmingSpaces
      if !location.isEmpty || !function.isEmpty {
        if location.isEmpty { return function }
        return location + " in " + (function.isEmpty ? "?" : function)
      }
    }
    return event.transaction
  }

  /// The frame's module, or its file name shown without a URL's origin and query.
  private static func culpritLocation(of frame: StackFrame) -> String {
    let module = frame.module.trimmingSpaces
    if !module.isEmpty { return module }
    let path = Array((frame.filename.isEmpty ? frame.absPath : frame.filename).trimmingSpaces.utf8)
    var start = 0
    var end = path.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? path.count
    if let scheme = path.indices.first(where: {
      $0 + 2 < end && path[$0] == UInt8(ascii: ":") && path[$0 + 1] == UInt8(ascii: "/")
        && path[$0 + 2] == UInt8(ascii: "/")
    }) {
      // Drop `scheme://host`, keep the path from its first slash.
      let host = scheme + 3
      start = path[host..<end].firstIndex(of: UInt8(ascii: "/")) ?? end
      if start == end { start = host }
    }
    end = max(end, start)
    // A `:line:column` suffix is not part of the location.
    for _ in 0..<2 {
      var digits = end
      while digits > start, GroupingByte.isDigit(path[digits - 1]) { digits -= 1 }
      guard digits < end, digits > start, path[digits - 1] == UInt8(ascii: ":") else { break }
      end = digits - 1
    }
    return String(decoding: path[start..<end], as: UTF8.self)
  }

  /// The first line of `text`, trimmed.
  private static func firstLine(_ text: String) -> String {
    // Most titles are one line: no copy of their bytes then.
    if !text.utf8.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
      return GroupingByte.trimmed(text)
    }
    let bytes = Array(text.utf8)
    let trimmed = GroupingByte.trimmed(bytes[...])
    let end =
      trimmed.firstIndex { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
      ?? trimmed.endIndex
    let line = GroupingByte.trimmed(trimmed[..<end])
    return line.count == bytes.count ? text : String(decoding: line, as: UTF8.self)
  }

  /// `text` cut to ``maximumTitleLength`` characters, the last of them `…` when cut.
  private static func truncated(_ text: String) -> String {
    // Never more characters than UTF-8 bytes.
    if text.utf8.count <= maximumTitleLength { return text }
    let head = text.prefix(maximumTitleLength + 1)
    if head.count <= maximumTitleLength { return text }
    return String(head.prefix(maximumTitleLength - 1)) + "…"
  }
}

extension String {
  /// The string without leading and trailing white space.
  fileprivate var trimmingSpaces: String {
    GroupingByte.trimmed(self)
  }
}
