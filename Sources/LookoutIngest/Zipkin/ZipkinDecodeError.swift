/// Why a Zipkin body is refused as a whole (the HTTP edge answers 400).
public enum ZipkinDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Not JSON, or nested past the parser's limit.
  case invalidJSON(String)
  /// Valid JSON but not an array of spans.
  case notAnArray

  /// A sentence for logs and error bodies.
  public var description: String {
    switch self {
    case .invalidJSON(let reason): "Zipkin body is not valid JSON: \(reason)"
    case .notAnArray: "Zipkin v2 body must be a JSON array of spans"
    }
  }
}

/// Why one span of a Zipkin body was rejected while the others were kept.
public enum ZipkinSpanError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The element is not a JSON object.
  case notAnObject(index: Int)
  /// `traceId` is absent, not 1 to 32 hex digits, or all zeros.
  case invalidTraceID(index: Int, value: String)
  /// `id` is absent, not 1 to 16 hex digits, or all zeros.
  case invalidSpanID(index: Int, value: String)
  /// `parentId` is present but not 1 to 16 hex digits.
  case invalidParentID(index: Int, value: String)
  /// Past the decoder's span cap.
  case tooManySpans(limit: Int)

  /// A sentence for logs.
  public var description: String {
    switch self {
    case .notAnObject(let index): "span \(index) is not a JSON object"
    case .invalidTraceID(let index, let value): "span \(index): malformed traceId \"\(value)\""
    case .invalidSpanID(let index, let value): "span \(index): malformed id \"\(value)\""
    case .invalidParentID(let index, let value): "span \(index): malformed parentId \"\(value)\""
    case .tooManySpans(let limit): "more than \(limit) spans in one body"
    }
  }
}
