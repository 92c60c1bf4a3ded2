/// The DSN a Sentry SDK is given to send to this server.
public enum SentryDSN {
  /// `http://KEY@host:port/PROJECT` for the server at `baseURL` (`http://host:port`).
  public static func make(key: String, baseURL: String, project: Int64) -> String {
    guard let schemeEnd = baseURL.range(of: "://") else { return baseURL }
    return baseURL[..<schemeEnd.upperBound] + key + "@" + baseURL[schemeEnd.upperBound...]
      + "/\(project)"
  }
}
