import Foundation

/// Names the *domain* of a request (`orders`, `users`, `payments`): the unit the team reads
/// error rates by.
///
/// Ordered rules are tried first; the first that matches names the domain. Without a match
/// the default applies: the first path segment after an optional `api` segment and an
/// optional version segment `v<digits>`:
///
/// | path | domain |
/// |---|---|
/// | `/api/v1/orders/12` | `orders` |
/// | `/v2/users` | `users` |
/// | `/health` | `health` |
/// | `/static/js/app.js` | `static` |
/// | `/api`, `/api/v1` | `api` |
/// | `/` | `root` |
///
/// A default domain that the fixed route rules would mask (`/12345` or a UUID) is reported as
/// the placeholder (`{id}`), so the number of domains stays small.
///
/// ```swift
/// let classifier = try DomainClassifier(rules: [
///   .host("admin.example.com", domain: "admin"),
///   .pathPrefix("/api/v1/payments", domain: "billing"),
///   .pathPattern(#"^/api/v\d+/(reports|exports)\b"#, domain: "$1"),
/// ])
/// classifier.domain(path: "/api/v1/orders/12", host: "")  // "orders"
/// ```
public struct DomainClassifier: Sendable {
  /// One classification rule.
  public enum Rule: Sendable, Hashable {
    /// Paths equal to `prefix` or under it (`/api/v1/payments` covers
    /// `/api/v1/payments/9/capture`, not `/api/v1/paymentsx`) belong to `domain`.
    case pathPrefix(String, domain: String)
    /// Paths in which the regular expression (ICU syntax) finds a match belong to `domain`;
    /// `$1`...`$9` in the domain are replaced by the capture groups.
    case pathPattern(String, domain: String)
    /// Requests whose host (port ignored, case-insensitive) is `host` belong to `domain`. A host
    /// of the form `*.example.com` matches every subdomain of `example.com`.
    case host(String, domain: String)
    /// The host itself (lower-cased, port removed) is the domain; skipped when the request has
    /// no host.
    case hostName
  }

  /// A rule ready to run: lower-cased hosts and compiled expressions.
  private enum CompiledRule: Sendable {
    case pathPrefix(String, domain: String)
    case pathPattern(NSRegularExpression, domain: String)
    case host(String, wildcard: Bool, domain: String)
    case hostName
  }

  /// The rules, in the order they are tried.
  public let rules: [Rule]
  private let compiled: [CompiledRule]

  /// Creates a classifier that applies only the default rule.
  public init() {
    rules = []
    compiled = []
  }

  /// Creates a classifier.
  ///
  /// - Parameter rules: Tried in order before the default.
  /// - Throws: ``DomainClassifierError/invalidPattern(_:reason:)`` when a path pattern does not
  ///   compile.
  public init(rules: [Rule]) throws(DomainClassifierError) {
    self.rules = rules
    var compiled: [CompiledRule] = []
    for rule in rules {
      switch rule {
      case .pathPrefix(let prefix, let domain):
        var normalized = prefix
        while normalized.count > 1 && normalized.hasSuffix("/") { normalized.removeLast() }
        compiled.append(.pathPrefix(normalized, domain: domain))
      case .pathPattern(let pattern, let domain):
        do {
          compiled.append(.pathPattern(try NSRegularExpression(pattern: pattern), domain: domain))
        } catch {
          throw .invalidPattern(pattern, reason: "\(error)")
        }
      case .host(let host, let domain):
        let lowered = host.lowercased()
        if lowered.hasPrefix("*.") {
          compiled.append(.host(String(lowered.dropFirst(1)), wildcard: true, domain: domain))
        } else {
          compiled.append(.host(lowered, wildcard: false, domain: domain))
        }
      case .hostName:
        compiled.append(.hostName)
      }
    }
    self.compiled = compiled
  }

  /// The domain of a request.
  ///
  /// - Parameters:
  ///   - path: The request path; a query string is ignored.
  ///   - host: The `Host` header or `$host`; empty when unknown.
  public func domain(path: some StringProtocol, host: some StringProtocol = "") -> String {
    guard !compiled.isEmpty else { return Self.defaultDomain(path: path) }
    var path = Substring(path)
    if let cut = path.utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") })
    {
      path = path[..<cut]
    }
    for rule in compiled {
      if let domain = apply(rule, path: path, host: host) { return domain }
    }
    return Self.defaultDomain(path: path)
  }

  /// The domain of a request; the same as the generic ``domain(path:host:)``, without the
  /// cost of generics across modules.
  public func domain(path: String, host: String) -> String {
    guard !compiled.isEmpty else { return Self.defaultDomain(path: path) }
    return domain(path: Substring(path), host: Substring(host))
  }

  private func apply(_ rule: CompiledRule, path: Substring, host: some StringProtocol) -> String? {
    switch rule {
    case .pathPrefix(let prefix, let domain):
      guard path.hasPrefix(prefix) else { return nil }
      let rest = path.dropFirst(prefix.count)
      return rest.isEmpty || rest.first == "/" || prefix.hasSuffix("/") ? domain : nil
    case .pathPattern(let expression, let domain):
      let text = String(path)
      let range = NSRange(text.startIndex..., in: text)
      guard let match = expression.firstMatch(in: text, range: range) else { return nil }
      return Self.substitute(domain, match: match, in: text)
    case .host(let expected, let wildcard, let domain):
      let name = Self.hostName(host)
      if wildcard { return name.hasSuffix(expected) && name.count > expected.count ? domain : nil }
      return name == expected ? domain : nil
    case .hostName:
      let name = Self.hostName(host)
      return name.isEmpty ? nil : name
    }
  }

  /// The default rule; `path` has no query.
  static func defaultDomain(path: some StringProtocol) -> String {
    if let domain = path.utf8.withContiguousStorageIfAvailable(defaultDomain(bytes:)) {
      return domain
    }
    return Array(path.utf8).withUnsafeBufferPointer(defaultDomain(bytes:))
  }

  /// The default rule over UTF-8 bytes, without building substrings.
  private static func defaultDomain(bytes: UnsafeBufferPointer<UInt8>) -> String {
    var end = bytes.count
    for index in 0..<end
    where bytes[index] == UInt8(ascii: "?") || bytes[index] == UInt8(ascii: "#") {
      end = index
      break
    }
    var start = 0
    /// The next non-empty segment from `start`, as `(start, end)`, or `nil`.
    func nextSegment() -> (Int, Int)? {
      while start < end && bytes[start] == UInt8(ascii: "/") { start += 1 }
      guard start < end else { return nil }
      var stop = start
      while stop < end && bytes[stop] != UInt8(ascii: "/") { stop += 1 }
      defer { start = stop }
      return (start, stop)
    }
    var segment = nextSegment()
    var skipped: (Int, Int)?
    if let (from, to) = segment, to - from == 3,
      bytes[from] == UInt8(ascii: "a"), bytes[from + 1] == UInt8(ascii: "p"),
      bytes[from + 2] == UInt8(ascii: "i")
    {
      skipped = segment
      segment = nextSegment()
    }
    if let (from, to) = segment, to - from >= 2, bytes[from] == UInt8(ascii: "v"),
      (from + 1..<to).allSatisfy({ PathSegmentRules.isDigit(bytes[$0]) })
    {
      skipped = skipped ?? segment
      segment = nextSegment()
    }
    guard let (from, to) = segment else {
      guard let (from, to) = skipped else { return "root" }
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
    }
    if let placeholder = PathSegmentRules.wholePlaceholder(bytes, from, to) {
      return String(decoding: placeholder, as: UTF8.self)
    }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
  }

  /// Lower-cased host without the port (`API.example.com:8443` -> `api.example.com`).
  private static func hostName(_ host: some StringProtocol) -> String {
    var name = Substring(host)
    if name.hasPrefix("[") {
      // An IPv6 literal keeps its colons: `[::1]:8080` -> `[::1]`.
      if let close = name.firstIndex(of: "]") { name = name[...close] }
    } else if let colon = name.lastIndex(of: ":") {
      name = name[..<colon]
    }
    return name.lowercased()
  }

  /// Replaces `$1`...`$9` in `template` with the capture groups of `match`.
  private static func substitute(_ template: String, match: NSTextCheckingResult, in text: String)
    -> String
  {
    guard template.contains("$") else { return template }
    var result = ""
    var characters = template.makeIterator()
    while let character = characters.next() {
      guard character == "$" else {
        result.append(character)
        continue
      }
      guard let digit = characters.next() else {
        result.append(character)
        break
      }
      if let group = digit.wholeNumberValue, group >= 1, group < match.numberOfRanges,
        let range = Range(match.range(at: group), in: text)
      {
        result += text[range]
      } else if digit.wholeNumberValue == nil {
        result.append(character)
        result.append(digit)
      }
    }
    return result
  }
}
