/// One HTTP request as an access log (nginx today) describes it.
///
/// Decoders fill the wire fields; enrichment (LookoutAnalysis) fills ``route`` and
/// ``domain``. Times are microseconds since the Unix epoch, durations microseconds.
///
/// ```swift
/// var request = RequestRecord(timestamp: 1_717_545_600_000_000, method: "GET",
///                             path: "/api/v1/users/42", status: 200)
/// request.route = "/api/v1/users/{id}"
/// ```
public struct RequestRecord: Sendable, Hashable {
  /// When the request finished (nginx `$time_local` / `$msec`), microseconds since epoch.
  public var timestamp: Int64
  /// HTTP method as written on the request line (`GET`, `POST`, ...); empty when unknown.
  public var method: String
  /// URL path without the query string, exactly as logged (percent-encoding kept).
  public var path: String
  /// Query string without the leading `?`; empty when absent.
  public var query: String
  /// Protocol of the request line (`HTTP/1.1`); empty when absent.
  public var httpProtocol: String
  /// Response status code.
  public var status: Int
  /// `$request_time` in microseconds, when logged.
  public var requestTime: Int64?
  /// `$upstream_response_time` in microseconds (sum over the servers tried), when logged.
  public var upstreamTime: Int64?
  /// `$body_bytes_sent` or `$bytes_sent`, when logged.
  public var bytesSent: Int64?
  /// Client address (`$remote_addr`); empty when absent.
  public var remoteAddress: String
  /// `$remote_user`; empty when absent.
  public var remoteUser: String
  /// `$http_referer`; empty when absent.
  public var referer: String
  /// `$http_user_agent`; empty when absent.
  public var userAgent: String
  /// `$host` or `$http_host`; empty when absent.
  public var host: String
  /// Route template (`/api/v1/users/{id}`), filled by enrichment.
  public var route: String
  /// Domain the team reads error rates by (`users`, `orders`), filled by enrichment.
  public var domain: String

  /// Creates a request; every field not given is empty or absent.
  public init(
    timestamp: Int64, method: String = "", path: String = "", query: String = "",
    httpProtocol: String = "", status: Int = 0, requestTime: Int64? = nil,
    upstreamTime: Int64? = nil, bytesSent: Int64? = nil, remoteAddress: String = "",
    remoteUser: String = "", referer: String = "", userAgent: String = "", host: String = "",
    route: String = "", domain: String = ""
  ) {
    self.timestamp = timestamp
    self.method = method
    self.path = path
    self.query = query
    self.httpProtocol = httpProtocol
    self.status = status
    self.requestTime = requestTime
    self.upstreamTime = upstreamTime
    self.bytesSent = bytesSent
    self.remoteAddress = remoteAddress
    self.remoteUser = remoteUser
    self.referer = referer
    self.userAgent = userAgent
    self.host = host
    self.route = route
    self.domain = domain
  }

  /// The status class used by rollups and error rates: 1...5 for 1xx...5xx, 0 otherwise.
  public var statusClass: Int { (100...599).contains(status) ? status / 100 : 0 }

  /// The duration a person reads as latency: `$request_time`, else upstream time.
  public var latency: Int64? { requestTime ?? upstreamTime }
}
