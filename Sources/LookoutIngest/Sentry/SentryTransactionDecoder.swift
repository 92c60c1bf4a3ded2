import LookoutCore

/// Decodes a Sentry `transaction` item into spans: the transaction itself (the root span,
/// from `contexts.trace`) followed by each of its `spans[]`.
///
/// Sentry's status `ok` maps to ``SpanRecord/Status/ok``, any other status to
/// ``SpanRecord/Status/error`` with the text kept as the status message, and no status to
/// ``SpanRecord/Status/unset``. A child span without a valid `span_id` is skipped; one
/// without a parent hangs under the root.
///
/// ```swift
/// let spans = try SentryTransactionDecoder.decode(item.payload, receivedAt: nowMicros)
/// ```
public enum SentryTransactionDecoder {
  /// Decodes one transaction.
  ///
  /// - Parameters:
  ///   - json: the transaction JSON.
  ///   - receivedAt: when it arrived, µs since epoch; the end of a transaction without a
  ///     readable `timestamp`.
  /// - Returns: the root span first, then the child spans in the order sent.
  /// - Throws: ``SentryEventError`` for unreadable JSON, a non-object, a nesting bomb, or
  ///   no valid `contexts.trace`.
  public static func decode(_ json: [UInt8], receivedAt: Int64) throws(SentryEventError)
    -> [SpanRecord]
  {
    let root = try SentryEventDecoder.parseObject(json)
    guard let trace = root[path: "contexts", "trace"],
      let traceID = SentryEventDecoder.hexID(trace["trace_id"], digits: 32),
      let rootSpanID = SentryEventDecoder.hexID(trace["span_id"], digits: 16)
    else { throw .missingTraceContext }
    let service =
      root["server_name"]?.nonEmptyString ?? root[path: "sdk", "name"]?.nonEmptyString ?? ""
    let environment = root["environment"]?.nonEmptyString ?? "production"
    let end = SentryTimestamp.microseconds(root["timestamp"]) ?? receivedAt
    let start = SentryTimestamp.microseconds(root["start_timestamp"]) ?? end
    let op = trace["op"]?.string ?? ""

    var attributes = self.attributes(root["tags"], trace["data"], op: op)
    if let method = root[path: "request", "method"]?.nonEmptyString {
      attributes["http.request.method"] = method.uppercased()
    }
    if let url = root[path: "request", "url"]?.nonEmptyString { attributes["url.full"] = url }
    if let release = root["release"]?.nonEmptyString { attributes["service.version"] = release }
    let (status, statusMessage) = self.status(trace["status"])
    var spans = [
      SpanRecord(
        traceID: traceID, spanID: rootSpanID,
        parentSpanID: SentryEventDecoder.hexID(trace["parent_span_id"], digits: 16) ?? "",
        service: service, name: root["transaction"]?.nonEmptyString ?? op, kind: kind(op: op),
        start: start, duration: max(0, end - start), status: status,
        statusMessage: statusMessage, attributes: attributes, environment: environment)
    ]
    for child in root["spans"]?.array ?? [] {
      guard let spanID = SentryEventDecoder.hexID(child["span_id"], digits: 16) else { continue }
      let childOp = child["op"]?.string ?? ""
      let description = child["description"]?.string ?? ""
      let childStart = SentryTimestamp.microseconds(child["start_timestamp"]) ?? start
      let childEnd = SentryTimestamp.microseconds(child["timestamp"]) ?? childStart
      let (childStatus, childMessage) = self.status(child["status"])
      spans.append(
        SpanRecord(
          traceID: SentryEventDecoder.hexID(child["trace_id"], digits: 32) ?? traceID,
          spanID: spanID,
          parentSpanID: SentryEventDecoder.hexID(child["parent_span_id"], digits: 16)
            ?? rootSpanID,
          service: service, name: "\(childOp) \(description)".trimmingSpaces.description,
          kind: kind(op: childOp), start: childStart, duration: max(0, childEnd - childStart),
          status: childStatus, statusMessage: childMessage,
          attributes: self.attributes(child["tags"], child["data"], op: childOp),
          environment: environment))
    }
    return spans
  }

  /// Sentry's status text as a span status and message.
  static func status(_ value: JSONValue?) -> (SpanRecord.Status, String) {
    switch value?.string {
    case nil, "": (.unset, "")
    case "ok": (.ok, "")
    case let text?: (.error, text)
    }
  }

  /// The span kind a Sentry operation implies: incoming HTTP is a server span, outgoing
  /// HTTP, database and cache calls are client spans, queue operations are producers or
  /// consumers; everything else is internal.
  static func kind(op: String) -> SpanRecord.Kind {
    let family = op.split(separator: ".", maxSplits: 2).prefix(2).joined(separator: ".")
    switch family {
    case "http.server", "websocket.server", "rpc.server", "grpc.server": return .server
    case "http.client", "rpc.client", "grpc.client": return .client
    case "queue.publish", "queue.submit": return .producer
    case "queue.process", "queue.task": return .consumer
    default: break
    }
    return op == "db" || op.hasPrefix("db.") || op.hasPrefix("cache.") || op.hasPrefix("redis")
      ? .client : .internal
  }

  /// Tags and data as string attributes (data wins on a shared key), plus `sentry.op`.
  static func attributes(_ tags: JSONValue?, _ data: JSONValue?, op: String) -> [String: String] {
    var attributes: [String: String] = [:]
    for (key, value) in SentryEventDecoder.tags(tags) { attributes[key] = value }
    for member in data?.members ?? [] where !member.key.isEmpty {
      if let text = member.value.text { attributes[member.key] = text }
    }
    if !op.isEmpty { attributes["sentry.op"] = op }
    return attributes
  }
}
