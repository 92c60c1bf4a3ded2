import LookoutCore

extension SpanRecord {
  /// Whether the span is a call to an AWS service: `rpc.system` `aws-api`, the X-Ray `aws`
  /// namespace, or any `aws.*` attribute.
  var isAWSCall: Bool {
    attributes["rpc.system"] == "aws-api" || attributes["xray.namespace"] == "aws"
      || attributes.keys.contains { $0.hasPrefix("aws.") }
  }

  /// The AWS service called (`DynamoDB`, `DynamoDB.GetItem` when the method is known).
  var awsServiceName: String? {
    let service = attributes["rpc.service"] ?? attributes["aws.service"]
    guard let service, !service.isEmpty else { return nil }
    if let method = attributes["rpc.method"] ?? attributes["aws.operation"], !method.isEmpty {
      return "\(service).\(method)"
    }
    return service
  }

  /// The host a client span called: `server.address`, the host of `url.full` (or the older
  /// `http.url`), or `peer.service`; for an X-Ray `remote` subsegment without them, its
  /// name (the X-Ray SDKs name remote subsegments after the host).
  var remoteHost: String? {
    if let address = attributes["server.address"] ?? attributes["net.peer.name"],
      !address.isEmpty
    {
      return address
    }
    if let url = attributes["url.full"] ?? attributes["http.url"], let host = Self.host(of: url) {
      return host
    }
    if let peer = attributes["peer.service"], !peer.isEmpty { return peer }
    if attributes["xray.namespace"] == "remote", !name.isEmpty { return name }
    return nil
  }

  /// The host of an absolute URL, lower-cased, without user info or port; `nil` when the
  /// text has no `scheme://host`.
  static func host(of url: String) -> String? {
    guard let schemeEnd = url.range(of: "://") else { return nil }
    var authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    if let at = authority.lastIndex(of: "@") {
      authority = authority[authority.index(after: at)...]
    }
    var host: Substring
    if authority.hasPrefix("[") {
      // An IPv6 literal keeps its brackets; the port follows the closing one.
      host = authority.prefix { $0 != "]" }
      if host.count < authority.count { host = authority[...host.endIndex] }
    } else {
      host = authority.prefix { $0 != ":" }
    }
    return host.isEmpty ? nil : host.lowercased()
  }
}
