/// How keys of JSON access-log lines name the fields of a request.
///
/// A key is first normalized: ASCII letters lowercased and `_`, `-`, `.`, `@` and spaces
/// dropped, so `remote_addr`, `remoteAddr` and `Remote-Addr` are one key. Every nginx
/// variable name Lookout reads is a key for itself; the aliases below cover the names JSON
/// log formats commonly use instead. Keys a JSON `log_format` names itself
/// (`"ts":"$msec"`) take precedence over the aliases. Times under alias keys (`time`,
/// `timestamp`, `@timestamp`) may be ISO 8601, `$time_local` or epoch seconds,
/// milliseconds or microseconds; durations are seconds, as nginx writes them.
///
/// | field | keys besides the nginx variable name |
/// |---|---|
/// | remote address | `client`, `client_ip`, `client_addr`, `remote_ip`, `ip`, `real_ip` |
/// | remote user | `user` |
/// | time | `time`, `timestamp`, `@timestamp`, `ts`, `datetime`, `date` |
/// | method | `method`, `verb`, `http_method` |
/// | request URI | `url` |
/// | path | `path` (as `$uri`) |
/// | query | `query`, `query_string` |
/// | protocol | `protocol`, `http_protocol` |
/// | status | `status_code`, `code`, `response_code`, `http_status` |
/// | bytes | `bytes`, `size`, `body_size`, `response_size` |
/// | request time | `duration`, `response_time`, `elapsed`, `latency`, `rt` |
/// | upstream time | `upstream_time`, `upstream_duration`, `urt` |
/// | referer | `referer`, `referrer`, `http_referrer` |
/// | user agent | `user_agent`, `agent`, `ua` |
/// | host | `vhost`; `server` as `$server_name` |
enum NginxJSONKeys {
  static let aliases: [String: NginxField] = [
    "remoteaddr": .remoteAddr, "client": .remoteAddr, "clientip": .remoteAddr,
    "clientaddr": .remoteAddr, "remoteip": .remoteAddr, "ip": .remoteAddr,
    "realip": .remoteAddr,
    "remoteuser": .remoteUser, "user": .remoteUser,
    "timelocal": .timeLocal, "timeiso8601": .timeISO8601, "msec": .msec,
    "time": .anyTime, "timestamp": .anyTime, "ts": .anyTime, "datetime": .anyTime,
    "date": .anyTime,
    "request": .request,
    "requestmethod": .requestMethod, "method": .requestMethod, "verb": .requestMethod,
    "httpmethod": .requestMethod,
    "requesturi": .requestURI, "url": .requestURI,
    "uri": .uri, "documenturi": .uri, "path": .uri,
    "args": .args, "querystring": .args, "query": .args,
    "serverprotocol": .serverProtocol, "protocol": .serverProtocol,
    "httpprotocol": .serverProtocol,
    "status": .status, "statuscode": .status, "code": .status, "responsecode": .status,
    "httpstatus": .status,
    "bodybytessent": .bodyBytesSent, "bytes": .bodyBytesSent, "size": .bodyBytesSent,
    "bodysize": .bodyBytesSent, "responsesize": .bodyBytesSent,
    "bytessent": .bytesSent,
    "requesttime": .requestTime, "duration": .requestTime, "responsetime": .requestTime,
    "elapsed": .requestTime, "latency": .requestTime, "rt": .requestTime,
    "upstreamresponsetime": .upstreamResponseTime, "upstreamtime": .upstreamResponseTime,
    "upstreamduration": .upstreamResponseTime, "urt": .upstreamResponseTime,
    "httpreferer": .referer, "referer": .referer, "referrer": .referer,
    "httpreferrer": .referer,
    "httpuseragent": .userAgent, "useragent": .userAgent, "agent": .userAgent,
    "ua": .userAgent,
    "host": .host, "vhost": .host, "httphost": .httpHost,
    "servername": .serverName, "server": .serverName,
  ]

  /// The alias table with a format's own keys laid over it.
  static func table(overriding keys: [String: NginxField]) -> [String: NginxField] {
    aliases.merging(keys) { _, own in own }
  }

  /// The keys a JSON `log_format` gives its variables: `"key":"$var"` or `"key":$var`.
  static func keys(in segments: [NginxLogFormat.Segment]) -> [String: NginxField] {
    var keys: [String: NginxField] = [:]
    for index in segments.indices.dropFirst() {
      guard case .variable(let name) = segments[index],
        case .literal(let before) = segments[index - 1],
        let key = lastKey(in: Array(before.utf8))
      else { continue }
      keys[key] = NginxField(variable: name)
    }
    return keys
  }

  /// The normalized key that `text` (a literal ending in `"key":"` or `"key":`) opens.
  private static func lastKey(in text: [UInt8]) -> String? {
    var end = text.count
    func skipSpaces() { while end > 0, text[end - 1] == UInt8(ascii: " ") { end -= 1 } }
    skipSpaces()
    if end > 0, text[end - 1] == UInt8(ascii: "\"") { end -= 1 }
    skipSpaces()
    guard end > 0, text[end - 1] == UInt8(ascii: ":") else { return nil }
    end -= 1
    skipSpaces()
    guard end > 0, text[end - 1] == UInt8(ascii: "\"") else { return nil }
    end -= 1
    guard let open = text[..<end].lastIndex(of: UInt8(ascii: "\"")) else { return nil }
    return text.withUnsafeBytes { bytes in
      normalized(UnsafeRawBufferPointer(rebasing: bytes[(open + 1)..<end]))
    }
  }

  /// The key lowercased with `_`, `-`, `.`, `@` and spaces dropped; nil when it is too long
  /// to be one of ours.
  static func normalized(_ key: UnsafeRawBufferPointer) -> String? {
    guard key.count <= 64 else { return nil }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
      var count = 0
      for byte in key {
        switch byte {
        case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "@"),
          UInt8(ascii: " "):
          continue
        case UInt8(ascii: "A")...UInt8(ascii: "Z"):
          buffer[count] = byte + 32
        default:
          buffer[count] = byte
        }
        count += 1
      }
      return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
    }
  }
}
