/// Why an X-Ray document cannot be read. Only the document's root can fail it; a broken
/// nested subsegment is dropped and counted instead.
public enum XRayDocumentError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Not JSON, or nested past the parser's limit.
  case invalidJSON(String)
  /// Valid JSON but not an object.
  case notAnObject
  /// A required field is absent or of the wrong type.
  case missingField(String)
  /// `trace_id` is not `1-{8 hex}-{24 hex}`.
  case invalidTraceID(String)
  /// A span id (`id`, `parent_id`) is not 16 hex digits.
  case invalidSpanID(field: String, value: String)
  /// A time is not epoch seconds.
  case invalidTime(field: String)

  /// A sentence for logs and counters.
  public var description: String {
    switch self {
    case .invalidJSON(let reason): "X-Ray document is not valid JSON: \(reason)"
    case .notAnObject: "X-Ray document is not a JSON object"
    case .missingField(let field): "X-Ray document has no valid \"\(field)\""
    case .invalidTraceID(let text): "malformed X-Ray trace id \"\(text)\""
    case .invalidSpanID(let field, let value): "malformed X-Ray \(field) \"\(value)\""
    case .invalidTime(let field): "X-Ray \(field) is not epoch seconds"
    }
  }
}
