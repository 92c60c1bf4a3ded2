import Foundation
import LookoutCore

/// The columns of one span block, filled span by span.
struct SpanColumnBuilder {
  /// Dictionary ids of one span's strings.
  struct IDs {
    var service: UInt32
    var name: UInt32
    var environment: UInt32
  }

  var starts: [Int64] = []
  var durations: [Int64] = []
  var traceHighs: [Int64] = []
  var traceLows: [Int64] = []
  var spanIDs: [Int64] = []
  var parentIDs: [Int64] = []
  var services: [UInt32] = []
  var names: [UInt32] = []
  var kinds: [Int64] = []
  var statuses: [Int64] = []
  var outcomes: [Int64] = []
  var httpStatuses: [Int64] = []
  var environments: [UInt32] = []
  var statusMessages: [String] = []
  var attributes: [String] = []
  var events: [String] = []
  var links: [String] = []

  var rowCount: Int { starts.count }

  private var attributeEncoder = SpanAttributeText.Encoder()

  mutating func append(
    _ span: SpanRecord, trace: TraceKey, spanID: Int64, ids: IDs, httpStatus: Int?,
    outcome: SpanOutcome
  ) {
    starts.append(span.start)
    durations.append(max(0, span.duration))
    traceHighs.append(trace.high)
    traceLows.append(trace.low)
    spanIDs.append(spanID)
    parentIDs.append(SpanHex.spanID(span.parentSpanID) ?? 0)
    services.append(ids.service)
    names.append(ids.name)
    kinds.append(SpanCodes.kind(span.kind))
    statuses.append(SpanCodes.status(span.status))
    outcomes.append(outcome.rawValue)
    httpStatuses.append(httpStatus.map(Int64.init) ?? .min)
    environments.append(ids.environment)
    statusMessages.append(span.statusMessage)
    attributes.append(attributeEncoder.encode(span.attributes))
    events.append(SpanDetailJSON.encode(span.events))
    links.append(SpanDetailJSON.encode(span.links))
  }

  /// Appends the rows of `other`, whose dictionary columns hold numbers that `services`,
  /// `names` and `environments` map to this builder's ids.
  mutating func append(
    contentsOf other: SpanColumnBuilder, services serviceIDs: [UInt32], names nameIDs: [UInt32],
    environments environmentIDs: [UInt32]
  ) {
    starts += other.starts
    durations += other.durations
    traceHighs += other.traceHighs
    traceLows += other.traceLows
    spanIDs += other.spanIDs
    parentIDs += other.parentIDs
    services += other.services.map { serviceIDs[Int($0)] }
    names += other.names.map { nameIDs[Int($0)] }
    kinds += other.kinds
    statuses += other.statuses
    outcomes += other.outcomes
    httpStatuses += other.httpStatuses
    environments += other.environments.map { environmentIDs[Int($0)] }
    statusMessages += other.statusMessages
    attributes += other.attributes
    events += other.events
    links += other.links
  }

  func batch() -> ColumnBatch {
    ColumnBatch(columns: [
      .int64(starts), .int64(durations), .int64(traceHighs), .int64(traceLows), .int64(spanIDs),
      .int64(parentIDs), .dictionary(services), .dictionary(names), .int64(kinds),
      .int64(statuses), .int64(outcomes), .int64(httpStatuses), .dictionary(environments),
      .string(statusMessages), .string(attributes), .string(events), .string(links),
    ])
  }
}

/// Span events and links as the JSON text their columns store ("" when there are none).
enum SpanDetailJSON {
  private struct StoredEvent: Codable {
    var t: Int64
    var n: String
    var a: [String: String]?
  }

  private struct StoredLink: Codable {
    var t: String
    var s: String
    var a: [String: String]?
  }

  static func encode(_ events: [SpanRecord.Event]) -> String {
    guard !events.isEmpty else { return "" }
    return json(events.map { StoredEvent(t: $0.time, n: $0.name, a: $0.attributes.nilIfEmpty) })
  }

  static func encode(_ links: [SpanRecord.Link]) -> String {
    guard !links.isEmpty else { return "" }
    return json(
      links.map { StoredLink(t: $0.traceID, s: $0.spanID, a: $0.attributes.nilIfEmpty) })
  }

  static func events(_ text: String) -> [SpanRecord.Event] {
    guard !text.isEmpty,
      let stored = try? JSONDecoder().decode([StoredEvent].self, from: Data(text.utf8))
    else { return [] }
    return stored.map { SpanRecord.Event(time: $0.t, name: $0.n, attributes: $0.a ?? [:]) }
  }

  static func links(_ text: String) -> [SpanRecord.Link] {
    guard !text.isEmpty,
      let stored = try? JSONDecoder().decode([StoredLink].self, from: Data(text.utf8))
    else { return [] }
    return stored.map { SpanRecord.Link(traceID: $0.t, spanID: $0.s, attributes: $0.a ?? [:]) }
  }

  private static func json(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { return "" }
    return String(decoding: data, as: UTF8.self)
  }
}

extension Dictionary {
  fileprivate var nilIfEmpty: Self? { isEmpty ? nil : self }
}
