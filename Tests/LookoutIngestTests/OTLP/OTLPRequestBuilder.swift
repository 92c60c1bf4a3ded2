import Foundation

@testable import LookoutIngest

/// Builds OTLP trace requests in protobuf form for the tests.
enum OTLPRequestBuilder {
  typealias Request = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest
  typealias Span = Opentelemetry_Proto_Trace_V1_Span
  typealias KeyValue = Opentelemetry_Proto_Common_V1_KeyValue
  typealias AnyValue = Opentelemetry_Proto_Common_V1_AnyValue

  /// A string attribute.
  static func pair(_ key: String, _ value: String) -> KeyValue {
    pair(key, .stringValue(value))
  }

  /// An attribute of any kind.
  static func pair(_ key: String, _ value: AnyValue.OneOf_Value?) -> KeyValue {
    var pair = KeyValue()
    pair.key = key
    pair.value.value = value
    return pair
  }

  /// Bytes from hex digits (test input only: digits known to be valid).
  static func bytes(_ hex: String) -> Data {
    OTLPSpanIDs.decodeHex(Array(hex.utf8)) ?? Data()
  }

  /// A span with valid ids: trace `0af7…` and span id number `index + 1`.
  static func span(_ index: Int, name: String = "GET /api/items/{id}") -> Span {
    var span = Span()
    span.traceID = bytes("0af7651916cd43dd8448eb211c80319c")
    span.spanID = withUnsafeBytes(of: UInt64(index + 1).bigEndian) { Data($0) }
    span.name = name
    span.kind = .server
    span.startTimeUnixNano = 1_717_545_600_000_000_000 + UInt64(index) * 1_000_000
    span.endTimeUnixNano = span.startTimeUnixNano + 2_500_000
    return span
  }

  /// A request of one resource (`service.name=shop`) and one scope holding `spans`.
  static func request(_ spans: [Span], resource: [KeyValue] = [pair("service.name", "shop")])
    -> Request
  {
    var scopeSpans = Opentelemetry_Proto_Trace_V1_ScopeSpans()
    scopeSpans.spans = spans
    var resourceSpans = Opentelemetry_Proto_Trace_V1_ResourceSpans()
    resourceSpans.resource.attributes = resource
    resourceSpans.scopeSpans = [scopeSpans]
    var request = Request()
    request.resourceSpans = [resourceSpans]
    return request
  }

  /// The request's protobuf bytes.
  static func encoded(_ request: Request) throws -> [UInt8] {
    try request.serializedBytes()
  }

  /// What a Python SDK sends for a busy web service: `count` server spans of ~10
  /// attributes (HTTP semantic conventions), under a resource of 8 attributes.
  static func realistic(spans count: Int) -> Request {
    let spans = (0..<count).map { index in
      var span = span(index, name: "GET /api/items/{id}")
      span.traceID = withUnsafeBytes(of: (UInt64(index + 1).bigEndian, UInt64(7).bigEndian)) {
        Data($0)
      }
      span.parentSpanID = withUnsafeBytes(of: UInt64(index + 1_000_000).bigEndian) { Data($0) }
      span.attributes = [
        pair("http.request.method", "GET"),
        pair("http.route", "/api/items/{id}"),
        pair("url.path", "/api/items/\(index)"),
        pair("url.scheme", "https"),
        pair("http.response.status_code", .intValue(200)),
        pair("server.address", "shop.example.com"),
        pair("server.port", .intValue(443)),
        pair("client.address", "10.0.\(index % 256).\(index / 256 % 256)"),
        pair("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0"),
        pair("network.protocol.version", "1.1"),
      ]
      span.status.code = .unset
      return span
    }
    return request(
      spans,
      resource: [
        pair("service.name", "shop"), pair("service.version", "2.4.1"),
        pair("deployment.environment.name", "production"), pair("host.name", "web-3"),
        pair("process.pid", .intValue(4242)), pair("telemetry.sdk.language", "python"),
        pair("telemetry.sdk.name", "opentelemetry"), pair("telemetry.sdk.version", "1.45.2"),
      ])
  }
}
