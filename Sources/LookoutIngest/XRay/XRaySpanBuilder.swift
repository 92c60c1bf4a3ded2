import LookoutCore

/// Builds the span of one (sub)segment object: kind, name, status, attributes and
/// exception events, following the conventions of ``SpanRecord``.
struct XRaySpanBuilder {
  let object: JSONValue
  let piece: XRayDocumentDecoder.Piece
  var attributes: SpanAttributeBuilder

  init(object: JSONValue, piece: XRayDocumentDecoder.Piece, limits: SpanAttributeLimits) {
    self.object = object
    self.piece = piece
    self.attributes = SpanAttributeBuilder(limits: limits)
  }

  /// The span, children of `parentID`, of `service` in `environment`.
  mutating func span(
    traceID: String, parentID: String, service: String, environment: String, isSegment: Bool
  ) -> SpanRecord {
    let namespace = object["namespace"]?.string ?? ""
    let hasSQL = object["sql"]?.members != nil
    let kind: SpanRecord.Kind =
      isSegment
      ? .server : (namespace == "remote" || namespace == "aws" || hasSQL) ? .client : .internal
    let method = object[path: "http", "request", "method"]?.nonEmptyString
    let url = object[path: "http", "request", "url"]?.nonEmptyString
    var name = piece.name
    if isSegment, let method, let url {
      name = method.uppercased() + " " + XRayURL(url).path
    }

    if piece.end == nil { attributes.set(SpanRecord.xrayInProgressAttribute, "true") }
    if kind == .client { attributes.set("peer.service", piece.name) }
    attributes.set("xray.namespace", ifPresent: namespace)
    addHTTP(kind: kind)
    addSQL()
    addAWS()
    attributes.set("xray.origin", ifPresent: object["origin"]?.string)
    attributes.set("enduser.id", ifPresent: object["user"]?.string)
    attributes.set("service.version", ifPresent: object[path: "service", "version"]?.string)
    if object["error"]?.bool == true { attributes.set("xray.error", "true") }
    if object["throttle"]?.bool == true { attributes.set("xray.throttle", "true") }
    for member in object["annotations"]?.members ?? [] {
      guard let text = member.value.scalarText else { continue }
      attributes.set("annotation." + member.key, text)
    }
    for namespace in object["metadata"]?.members ?? [] {
      guard let entries = namespace.value.members else {
        attributes.set("metadata." + namespace.key, namespace.value.compactJSON)
        continue
      }
      for entry in entries {
        attributes.set("metadata.\(namespace.key).\(entry.key)", entry.value.compactJSON)
      }
    }

    let end = piece.end ?? piece.start
    let (events, droppedEvents) = exceptionEvents(at: end)
    let fault = object["fault"]?.bool == true
    let message =
      fault ? events.first.flatMap { $0.attributes["exception.message"] } ?? "" : ""
    var finished = attributes.finish()
    if droppedEvents > 0 { finished["lookout.dropped_events_count"] = String(droppedEvents) }
    return SpanRecord(
      traceID: traceID, spanID: piece.id, parentSpanID: parentID, service: service, name: name,
      kind: kind, start: piece.start, duration: max(0, end - piece.start),
      status: fault ? .error : .unset, statusMessage: message, attributes: finished,
      environment: environment, events: events)
  }

  private mutating func addHTTP(kind: SpanRecord.Kind) {
    if let request = object[path: "http", "request"] {
      if let method = request["method"]?.nonEmptyString {
        attributes.set("http.request.method", method.uppercased())
      }
      if let url = request["url"]?.nonEmptyString {
        attributes.set("url.full", url)
        let parts = XRayURL(url)
        attributes.set("url.path", parts.path)
        if kind == .client {
          attributes.set("server.address", ifPresent: parts.host)
          attributes.set("server.port", ifPresent: parts.port)
        }
      }
      attributes.set("user_agent.original", ifPresent: request["user_agent"]?.string)
      attributes.set("client.address", ifPresent: request["client_ip"]?.string)
      if request["x_forwarded_for"]?.bool == true {
        attributes.set("xray.x_forwarded_for", "true")
      }
    }
    if let response = object[path: "http", "response"] {
      attributes.set("http.response.status_code", ifPresent: response["status"]?.scalarText)
      attributes.set(
        "http.response.body.size", ifPresent: response["content_length"]?.scalarText)
    }
  }

  private mutating func addSQL() {
    guard let sql = object["sql"], sql.members != nil else { return }
    attributes.set("db.statement", ifPresent: sql["sanitized_query"]?.string)
    attributes.set("db.system", ifPresent: sql["database_type"]?.string?.lowercased())
    attributes.set("db.user", ifPresent: sql["user"]?.string)
    attributes.set("xray.sql.database_version", ifPresent: sql["database_version"]?.string)
    attributes.set("xray.sql.driver_version", ifPresent: sql["driver_version"]?.string)
    attributes.set("xray.sql.preparation", ifPresent: sql["preparation"]?.string)
    var databaseName: String?
    var host: String?
    if let url = sql["url"]?.nonEmptyString {
      let parts = XRayURL(url)
      host = parts.host
      attributes.set("server.port", ifPresent: parts.port)
      let path = parts.path.drop(while: { $0 == "/" })
      if !path.isEmpty { databaseName = String(path) }
    }
    // The SDKs name SQL subsegments `database@host`.
    if let at = piece.name.firstIndex(of: "@") {
      if databaseName == nil, at > piece.name.startIndex {
        databaseName = String(piece.name[..<at])
      }
      let after = piece.name[piece.name.index(after: at)...]
      if host == nil, !after.isEmpty { host = String(after) }
    }
    attributes.set("db.name", ifPresent: databaseName)
    attributes.set("server.address", ifPresent: host)
  }

  private mutating func addAWS() {
    for member in object["aws"]?.members ?? [] {
      switch member.key {
      case "operation": attributes.set("aws.operation", ifPresent: member.value.scalarText)
      case "region": attributes.set("cloud.region", ifPresent: member.value.scalarText)
      case "request_id": attributes.set("aws.request_id", ifPresent: member.value.scalarText)
      case "table_name":
        attributes.set("aws.dynamodb.table_names", ifPresent: member.value.scalarText)
      case "table_names":
        attributes.set("aws.dynamodb.table_names", ifPresent: member.value.text)
      default: flatten(member.value, key: "aws." + member.key, depth: 0)
      }
    }
  }

  /// Objects as dotted keys (`aws.ec2.instance_id`), three levels at most; anything else
  /// as text.
  private mutating func flatten(_ value: JSONValue, key: String, depth: Int) {
    if let members = value.members, depth < 3 {
      for member in members { flatten(member.value, key: key + "." + member.key, depth: depth + 1) }
    } else if let text = value.text {
      attributes.set(key, text)
    }
  }

  /// `cause.exceptions[]` as `exception` events at `time`, and how many were over the cap.
  private mutating func exceptionEvents(at time: Int64) -> ([SpanRecord.Event], Int) {
    let exceptions = object[path: "cause", "exceptions"]?.array ?? []
    var events: [SpanRecord.Event] = []
    for exception in exceptions.prefix(attributes.limits.maxEvents) {
      var eventAttributes: [String: String] = [:]
      if let type = exception["type"]?.nonEmptyString {
        eventAttributes["exception.type"] = attributes.cut(type)
      }
      if let message = exception["message"]?.string {
        eventAttributes["exception.message"] = attributes.cut(message)
      }
      let frames = (exception["stack"]?.array ?? []).map { frame in
        let label = frame["label"]?.string ?? "?"
        let path = frame["path"]?.string ?? "?"
        let line = frame["line"]?.scalarText.map { ":" + $0 } ?? ""
        return "  at \(label) (\(path)\(line))"
      }
      if !frames.isEmpty {
        eventAttributes["exception.stacktrace"] = attributes.cut(frames.joined(separator: "\n"))
      }
      if let id = exception["id"]?.nonEmptyString { eventAttributes["xray.exception.id"] = id }
      if exception["remote"]?.bool == true { eventAttributes["xray.exception.remote"] = "true" }
      events.append(SpanRecord.Event(time: time, name: "exception", attributes: eventAttributes))
    }
    return (events, max(0, exceptions.count - attributes.limits.maxEvents))
  }
}
