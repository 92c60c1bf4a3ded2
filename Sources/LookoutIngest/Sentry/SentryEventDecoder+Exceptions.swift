import LookoutCore

extension SentryEventDecoder {
  /// The exception chain from `exception.values`, a bare list (the old shape), or a single
  /// exception object; entries that are not objects, or carry nothing, are skipped.
  static func exceptions(_ value: JSONValue?) -> [ExceptionInfo] {
    let entries: [JSONValue]
    switch value {
    case .array(let list)?:
      entries = list
    case .object?:
      if let list = value?["values"]?.array {
        entries = list
      } else if value?["type"] != nil || value?["value"] != nil {
        entries = [value!]
      } else {
        entries = []
      }
    default:
      entries = []
    }
    return entries.compactMap(exception)
  }

  /// One exception: type, value, module, `mechanism.handled` and stack frames.
  static func exception(_ value: JSONValue) -> ExceptionInfo? {
    guard value.members != nil else { return nil }
    let info = ExceptionInfo(
      type: value["type"]?.string ?? "", value: value["value"]?.scalarText ?? "",
      module: value["module"]?.string ?? "", handled: value[path: "mechanism", "handled"]?.bool,
      frames: value[path: "stacktrace", "frames"]?.array?.compactMap(frame) ?? [])
    guard !info.type.isEmpty || !info.value.isEmpty || !info.frames.isEmpty else { return nil }
    return info
  }

  /// One stack frame; a context line that is not a string reads as an empty line, so the
  /// others keep their positions.
  static func frame(_ value: JSONValue) -> StackFrame? {
    guard value.members != nil else { return nil }
    return StackFrame(
      filename: value["filename"]?.string ?? "", absPath: value["abs_path"]?.string ?? "",
      function: value["function"]?.string ?? "", module: value["module"]?.string ?? "",
      lineno: value["lineno"]?.integer, inApp: value["in_app"]?.bool,
      contextLine: value["context_line"]?.string ?? "",
      preContext: value["pre_context"]?.array?.map { $0.string ?? "" } ?? [],
      postContext: value["post_context"]?.array?.map { $0.string ?? "" } ?? [])
  }
}
