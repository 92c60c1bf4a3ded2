import LookoutCore

/// Reads a Zipkin span's endpoints and tags into attributes and a status.
struct ZipkinTags {
  /// Zipkin's classic tag names and the OpenTelemetry keys they become.
  static let renamed: [String: String] = [
    "http.method": "http.request.method",
    "http.path": "url.path",
    "http.url": "url.full",
    "http.status_code": "http.response.status_code",
  ]

  var attributes: SpanAttributeBuilder
  var status: SpanRecord.Status = .unset
  var statusMessage = ""

  init(attributes: SpanAttributeBuilder) {
    self.attributes = attributes
  }

  /// `localEndpoint` as the local address, `remoteEndpoint` as the peer: the server for
  /// outgoing kinds, the client for incoming ones.
  mutating func addEndpoints(local: JSONValue?, remote: JSONValue?, kind: SpanRecord.Kind) {
    if let local {
      attributes.set("network.local.address", ifPresent: Self.address(local))
      attributes.set("network.local.port", ifPresent: Self.port(local))
    }
    guard let remote else { return }
    attributes.set("peer.service", ifPresent: remote["serviceName"]?.string)
    let address = Self.address(remote)
    let port = Self.port(remote)
    attributes.set("network.peer.address", ifPresent: address)
    attributes.set("network.peer.port", ifPresent: port)
    let side = kind == .server || kind == .consumer ? "client" : "server"
    attributes.set(side + ".address", ifPresent: address)
    attributes.set(side + ".port", ifPresent: port)
  }

  /// Tags as attributes; `error` and `otel.status_*` as the status.
  mutating func addTags(_ tags: JSONValue?) {
    var otelStatus: String?
    var otelDescription: String?
    for member in tags?.members ?? [] {
      guard let value = member.value.text else { continue }
      switch member.key {
      case "error":
        status = .error
        // Brave writes the message, some tracers just "true" or "".
        if statusMessage.isEmpty, value != "true" { statusMessage = attributes.cut(value) }
      case "otel.status_code": otelStatus = value
      case "otel.status_description": otelDescription = value
      default: attributes.set(Self.renamed[member.key] ?? member.key, value)
      }
    }
    switch otelStatus {
    case "ERROR":
      status = .error
      if let otelDescription, statusMessage.isEmpty {
        statusMessage = attributes.cut(otelDescription)
      }
    case "OK" where status != .error: status = .ok
    default: break
    }
  }

  static func address(_ endpoint: JSONValue) -> String? {
    endpoint["ipv4"]?.nonEmptyString ?? endpoint["ipv6"]?.nonEmptyString
  }

  static func port(_ endpoint: JSONValue) -> String? {
    guard let port = endpoint["port"]?.integer, port > 0 else { return nil }
    return String(port)
  }
}
