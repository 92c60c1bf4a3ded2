/// Caps on what one span may carry, shared by the X-Ray and Zipkin decoders: a hostile or
/// buggy sender gets its excess dropped and counted, never stored whole.
///
/// ```swift
/// var limits = SpanAttributeLimits()
/// limits.maxAttributes = 64
/// ```
public struct SpanAttributeLimits: Sendable, Hashable {
  /// Most attributes kept per span (events count separately); OpenTelemetry's default.
  public var maxAttributes: Int
  /// Longest attribute value kept, in UTF-8 bytes; longer values are cut at a character.
  public var maxValueLength: Int
  /// Most events kept per span.
  public var maxEvents: Int

  /// Limits with OpenTelemetry-like defaults.
  ///
  /// - Parameters:
  ///   - maxAttributes: most attributes per span.
  ///   - maxValueLength: longest value, in UTF-8 bytes.
  ///   - maxEvents: most events per span.
  public init(maxAttributes: Int = 128, maxValueLength: Int = 4096, maxEvents: Int = 128) {
    self.maxAttributes = maxAttributes
    self.maxValueLength = maxValueLength
    self.maxEvents = maxEvents
  }
}

/// Collects a span's attributes under ``SpanAttributeLimits``, counting what it drops or cuts.
///
/// `lookout.dropped_attributes_count` and `lookout.truncated_attributes_count` are added by
/// ``finish()`` when non-zero, past the cap, so the reader sees that something is missing.
struct SpanAttributeBuilder {
  /// The attributes kept so far.
  private(set) var attributes: [String: String] = [:]
  /// Attributes refused because the span was full.
  private(set) var dropped = 0
  /// Values cut to the length limit.
  private(set) var truncated = 0
  let limits: SpanAttributeLimits

  /// A builder expecting about `capacity` attributes.
  init(limits: SpanAttributeLimits, capacity: Int = 16) {
    self.limits = limits
    attributes.reserveCapacity(min(capacity, limits.maxAttributes))
  }

  /// Sets `key` (replacing an earlier value), unless the span is full.
  mutating func set(_ key: String, _ value: String) {
    if attributes[key] == nil, attributes.count >= limits.maxAttributes {
      dropped += 1
      return
    }
    attributes[key] = cut(value)
  }

  /// Sets `key` when `value` is non-nil and non-empty.
  mutating func set(_ key: String, ifPresent value: String?) {
    guard let value, !value.isEmpty else { return }
    set(key, value)
  }

  /// `value` cut to the length limit at a character boundary, counting the cut.
  mutating func cut(_ value: String) -> String {
    guard value.utf8.count > limits.maxValueLength else { return value }
    truncated += 1
    return Self.prefix(value, maxBytes: limits.maxValueLength)
  }

  /// The attributes with the drop counters added.
  func finish() -> [String: String] {
    var result = attributes
    if dropped > 0 { result["lookout.dropped_attributes_count"] = String(dropped) }
    if truncated > 0 { result["lookout.truncated_attributes_count"] = String(truncated) }
    return result
  }

  /// The longest prefix of `text` of whole characters within `maxBytes` UTF-8 bytes.
  static func prefix(_ text: String, maxBytes: Int) -> String {
    var bytes = 0
    var end = text.startIndex
    for index in text.indices {
      let next = text.index(after: index)
      let width = text.utf8.distance(from: index, to: next)
      guard bytes + width <= maxBytes else { break }
      bytes += width
      end = next
    }
    return String(text[..<end])
  }
}
