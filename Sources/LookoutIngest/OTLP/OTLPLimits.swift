/// How much of one span the OTLP decoders keep; the rest is dropped and counted.
///
/// The counts match the OpenTelemetry SDKs' default span limits, so spans from a default
/// SDK are never cut. What goes over a limit is dropped in the order sent (the first ones
/// are kept) and counted in the span's `lookout.dropped_attributes_count`,
/// `lookout.dropped_events_count` and `lookout.dropped_links_count` attributes (links
/// with invalid ids are dropped and counted there too); what the SDK itself dropped is kept
/// as `otel.dropped_attributes_count` (and `_events_`, `_links_`), as the specification
/// asks of exporters to other formats. An event or link counts its own dropped attributes
/// the same way, in its attributes.
///
/// ```swift
/// let limits = OTLPLimits(attributesPerSpan: 64)
/// ```
public struct OTLPLimits: Sendable, Hashable {
  /// Attributes kept per span, and per event and link (resource attributes not counted).
  public var attributesPerSpan: Int
  /// Events kept per span.
  public var eventsPerSpan: Int
  /// Links kept per span.
  public var linksPerSpan: Int
  /// Longest attribute value kept, in UTF-8 bytes; longer values are cut at a character
  /// boundary at or below it.
  public var attributeValueBytes: Int

  /// Limits with the SDKs' defaults: 128 attributes, events and links, values cut at 4 KiB.
  public init(
    attributesPerSpan: Int = 128, eventsPerSpan: Int = 128, linksPerSpan: Int = 128,
    attributeValueBytes: Int = 4096
  ) {
    self.attributesPerSpan = max(0, attributesPerSpan)
    self.eventsPerSpan = max(0, eventsPerSpan)
    self.linksPerSpan = max(0, linksPerSpan)
    self.attributeValueBytes = max(0, attributeValueBytes)
  }
}
