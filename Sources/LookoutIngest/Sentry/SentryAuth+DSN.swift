extension SentryAuth {
  /// Parses a DSN string into its parts (see ``DSN``).
  ///
  /// - Parameter dsn: the DSN, surrounding spaces allowed.
  /// - Returns: the parts, or nil without a scheme, a public key or a host, or with a port
  ///   that is not a number.
  public static func parseDSN(_ dsn: String) -> DSN? {
    DSN(dsn)
  }

  /// A Sentry DSN split into its parts:
  /// `{scheme}://{public_key}[:secret]@{host}[:port]{path}/{project_id}`.
  ///
  /// The project id must be an integer (the Python SDK refuses others); when it is not,
  /// ``projectID`` is nil but the rest still parses, so the caller can say what is wrong.
  ///
  /// ```swift
  /// let dsn = SentryAuth.parseDSN("https://abc@lookout.example:9000/sentry/42")
  /// dsn?.publicKey  // "abc"
  /// dsn?.projectID  // 42
  /// ```
  public struct DSN: Sendable, Hashable {
    /// `http` or `https` (as written, lowercased).
    public var scheme: String
    /// The public key the SDK sends as `sentry_key`.
    public var publicKey: String
    /// The secret key of old DSNs; accepted, never required.
    public var secretKey: String?
    /// The host name or address (IPv6 without brackets).
    public var host: String
    /// The port, when given.
    public var port: Int?
    /// The path before the project id, without a trailing slash (`""` or `/sentry`).
    public var path: String
    /// The project id, nil when it is not a non-negative integer.
    public var projectID: Int64?

    /// Creates a DSN from its parts.
    public init(
      scheme: String, publicKey: String, secretKey: String? = nil, host: String, port: Int? = nil,
      path: String = "", projectID: Int64?
    ) {
      self.scheme = scheme
      self.publicKey = publicKey
      self.secretKey = secretKey
      self.host = host
      self.port = port
      self.path = path
      self.projectID = projectID
    }

    /// Parses a DSN string; fails without a scheme, a public key or a host, or with a port
    /// that is not a number.
    ///
    /// - Parameter dsn: the DSN, surrounding spaces allowed.
    public init?(_ dsn: String) {
      let text = dsn.trimmingSpaces
      guard let schemeEnd = text.firstRange(of: "://") else { return nil }
      let scheme = text[..<schemeEnd.lowerBound].lowercased()
      var rest = text[schemeEnd.upperBound...]
      if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
      let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
      let authority = rest[..<authorityEnd]
      guard !scheme.isEmpty, let at = authority.lastIndex(of: "@") else { return nil }
      let userInfo = authority[..<at]
      let publicKey = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
      guard let key = publicKey.first, !key.isEmpty else { return nil }
      let secret = publicKey.count == 2 && !publicKey[1].isEmpty ? String(publicKey[1]) : nil
      guard let (host, port) = Self.hostAndPort(authority[authority.index(after: at)...]) else {
        return nil
      }
      var path = rest[authorityEnd...]
      if path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
      let lastSlash = path.lastIndex(of: "/")
      let project = lastSlash.map { path[path.index(after: $0)...] } ?? ""
      let isInteger =
        !project.isEmpty && project.utf8.count <= 18 && project.allSatisfy(\.isASCIIDigit)
      self.init(
        scheme: scheme, publicKey: String(key), secretKey: secret, host: host, port: port,
        path: lastSlash.map { String(path[..<$0]) } ?? "",
        projectID: isInteger ? Int64(project) : nil)
    }

    /// Splits `host[:port]` (or `[v6]:port`); nil when the host is empty or the port is not
    /// a number.
    private static func hostAndPort(_ text: Substring) -> (String, Int?)? {
      var host = text
      var portText: Substring?
      if text.hasPrefix("[") {
        guard let close = text.firstIndex(of: "]") else { return nil }
        host = text[text.index(after: text.startIndex)..<close]
        let after = text[text.index(after: close)...]
        if after.hasPrefix(":") {
          portText = after.dropFirst()
        } else if !after.isEmpty {
          return nil
        }
      } else if let colon = text.lastIndex(of: ":") {
        host = text[..<colon]
        portText = text[text.index(after: colon)...]
      }
      guard !host.isEmpty else { return nil }
      guard let portText else { return (String(host), nil) }
      guard let port = Int(portText), (0...65_535).contains(port) else { return nil }
      return (String(host), port)
    }
  }
}

extension Character {
  /// Whether this is one of the ASCII digits 0-9.
  fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
