/// The part of a ``RequestRecord`` an nginx variable (or a JSON key) feeds.
///
/// Variables that Lookout does not store map to ``ignored`` (or ``upstreamOther``, which is
/// scanned with the upstream list grammar so its `, ` and ` : ` separators are not taken for
/// the format's literals).
enum NginxField: UInt8, Sendable, BitwiseCopyable {
  case ignored
  case remoteAddr, remoteUser
  case timeLocal, timeISO8601, msec, anyTime
  case request, requestMethod, requestURI, uri, args, serverProtocol
  case status
  case bodyBytesSent, bytesSent
  case requestTime, upstreamResponseTime, upstreamOther
  case referer, userAgent
  case host, httpHost, serverName

  /// Maps an nginx variable name (without `$`) to the field it fills.
  init(variable name: String) {
    switch name {
    case "remote_addr": self = .remoteAddr
    case "remote_user": self = .remoteUser
    case "time_local": self = .timeLocal
    case "time_iso8601": self = .timeISO8601
    case "msec": self = .msec
    case "request": self = .request
    case "request_method": self = .requestMethod
    case "request_uri": self = .requestURI
    case "uri", "document_uri": self = .uri
    case "args", "query_string": self = .args
    case "server_protocol": self = .serverProtocol
    case "status": self = .status
    case "body_bytes_sent": self = .bodyBytesSent
    case "bytes_sent": self = .bytesSent
    case "request_time": self = .requestTime
    case "upstream_response_time": self = .upstreamResponseTime
    case "http_referer": self = .referer
    case "http_user_agent": self = .userAgent
    case "host": self = .host
    case "http_host": self = .httpHost
    case "server_name": self = .serverName
    default: self = name.hasPrefix("upstream_") ? .upstreamOther : .ignored
    }
  }

  /// Whether the value is a number nginx writes as digits (with `.` in times) or `-`.
  var isNumeric: Bool {
    switch self {
    case .status, .bodyBytesSent, .bytesSent, .requestTime, .msec: true
    default: false
    }
  }

  /// Whether the value may be a list of the servers tried (`0.010, 0.020 : 0.005`).
  var isUpstreamList: Bool { self == .upstreamResponseTime || self == .upstreamOther }
}

extension NginxField {
  /// The nginx variable name errors about this field mention.
  var variableName: String {
    switch self {
    case .ignored, .upstreamOther: "variable"
    case .remoteAddr: "remote_addr"
    case .remoteUser: "remote_user"
    case .timeLocal: "time_local"
    case .timeISO8601: "time_iso8601"
    case .msec: "msec"
    case .anyTime: "time"
    case .request: "request"
    case .requestMethod: "request_method"
    case .requestURI: "request_uri"
    case .uri: "uri"
    case .args: "args"
    case .serverProtocol: "server_protocol"
    case .status: "status"
    case .bodyBytesSent: "body_bytes_sent"
    case .bytesSent: "bytes_sent"
    case .requestTime: "request_time"
    case .upstreamResponseTime: "upstream_response_time"
    case .referer: "http_referer"
    case .userAgent: "http_user_agent"
    case .host: "host"
    case .httpHost: "http_host"
    case .serverName: "server_name"
    }
  }
}
