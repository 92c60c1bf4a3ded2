import LookoutCore

extension SpanRecord {
  /// Whether the span is a call to an AWS service: the X-Ray `aws` namespace, or a client
  /// span with `rpc.system` `aws-api` or an `aws.*` attribute. Server and internal spans
  /// carry `aws.*` resource facts (`aws.ec2.instance_id`, a Lambda's ARN) without calling
  /// anything, so they do not count.
  var isAWSCall: Bool {
    if attributes["xray.namespace"] == "aws" { return true }
    guard kind == .client else { return false }
    return attributes["rpc.system"] == "aws-api" || hasAttribute(withPrefix: "aws.")
  }

  /// The AWS service called (`DynamoDB`, `DynamoDB.GetItem` when the operation is known):
  /// `rpc.service` or `aws.service`, else the name of an X-Ray `aws` subsegment (the SDKs
  /// name them after the service).
  var awsServiceName: String? {
    var service = attributes["rpc.service"] ?? attributes["aws.service"]
    if service == nil || service?.isEmpty == true, attributes["xray.namespace"] == "aws" {
      service = name
    }
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
    var copy = url
    return copy.withUTF8 { bytes -> String? in
      // Find "://" before any "/", "?" or "#".
      var cursor = 0
      while cursor + 2 < bytes.count {
        let byte = bytes[cursor]
        if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") {
          return nil
        }
        if byte == UInt8(ascii: ":"), bytes[cursor + 1] == UInt8(ascii: "/"),
          bytes[cursor + 2] == UInt8(ascii: "/")
        {
          break
        }
        cursor += 1
      }
      guard cursor + 2 < bytes.count else { return nil }
      var start = cursor + 3
      var end = start
      while end < bytes.count {
        let byte = bytes[end]
        if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") {
          break
        }
        // User info ends at the last "@" of the authority.
        if byte == UInt8(ascii: "@") { start = end + 1 }
        end += 1
      }
      var hostEnd = start
      if start < end, bytes[start] == UInt8(ascii: "[") {
        // An IPv6 literal keeps its brackets; the port follows the closing one.
        while hostEnd < end, bytes[hostEnd] != UInt8(ascii: "]") { hostEnd += 1 }
        hostEnd = min(hostEnd + 1, end)
      } else {
        while hostEnd < end, bytes[hostEnd] != UInt8(ascii: ":") { hostEnd += 1 }
      }
      guard hostEnd > start else { return nil }
      let lowered = bytes[start..<hostEnd].map { byte in
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
      }
      return String(decoding: lowered, as: UTF8.self)
    }
  }

  /// Whether any attribute key starts with `prefix` (compared as UTF-8 bytes, which is
  /// what attribute names are, and much cheaper than `String.hasPrefix`).
  func hasAttribute(withPrefix prefix: StaticString) -> Bool {
    let prefixBytes = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
    return attributes.keys.contains { $0.utf8.starts(with: prefixBytes) }
  }
}
