import LookoutCore

extension ZipkinDecoder {
  /// `annotations[]` as events, at most `limits.maxEvents`, and how many were dropped.
  ///
  /// An annotation without a timestamp happens at `spanStart`.
  static func events(_ annotations: JSONValue?, spanStart: Int64, limits: SpanAttributeLimits)
    -> ([SpanRecord.Event], Int)
  {
    let annotations = annotations?.array ?? []
    var events: [SpanRecord.Event] = []
    var builder = SpanAttributeBuilder(limits: limits)
    for annotation in annotations.prefix(limits.maxEvents) {
      guard let value = annotation["value"]?.string else { continue }
      let time = annotation["timestamp"]?.integer.map(Int64.init) ?? spanStart
      if let (name, attributes) = openTelemetryEvent(value) {
        events.append(
          SpanRecord.Event(
            time: time, name: builder.cut(name),
            attributes: attributes.mapValues { builder.cut($0) }))
      } else {
        events.append(SpanRecord.Event(time: time, name: builder.cut(value)))
      }
    }
    return (events, max(0, annotations.count - limits.maxEvents))
  }

  /// The name and attributes of an OpenTelemetry event written as
  /// `{"name": {"key": value, ...}}`; nil for any other text.
  static func openTelemetryEvent(_ value: String) -> (String, [String: String])? {
    guard value.hasPrefix("{"), value.hasSuffix("}"),
      let parsed = try? JSONParser.parse(Array(value.utf8), maxDepth: 8),
      let members = parsed.members, members.count == 1, let fields = members[0].value.members
    else { return nil }
    var attributes: [String: String] = [:]
    for field in fields {
      if let text = field.value.text { attributes[field.key] = text }
    }
    return (members[0].key, attributes)
  }
}
