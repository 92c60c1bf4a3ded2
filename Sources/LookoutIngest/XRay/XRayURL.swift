/// The parts of a URL the X-Ray mapping needs (host, port, path), read leniently: SDKs
/// send what the framework saw, which is not always a valid URL.
struct XRayURL {
  /// The host, without brackets for IPv6; nil when the text has no `scheme://`.
  var host: String?
  /// The port when written.
  var port: String?
  /// The path without query or fragment; `/` when empty.
  var path: String

  init(_ text: String) {
    var rest = Substring(text)
    if let scheme = rest.range(of: "://") {
      rest = rest[scheme.upperBound...]
      let authorityEnd =
        rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" })
        ?? rest.endIndex
      var authority = rest[..<authorityEnd]
      rest = rest[authorityEnd...]
      if let at = authority.lastIndex(of: "@") {
        authority = authority[authority.index(after: at)...]
      }
      if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
        host = String(authority[authority.index(after: authority.startIndex)..<close])
        let after = authority[authority.index(after: close)...]
        if after.hasPrefix(":") { port = String(after.dropFirst()) }
      } else if let colon = authority.lastIndex(of: ":") {
        host = String(authority[..<colon])
        port = String(authority[authority.index(after: colon)...])
      } else {
        host = String(authority)
      }
      if host?.isEmpty == true { host = nil }
      if port?.isEmpty == true { port = nil }
    }
    let pathEnd = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) ?? rest.endIndex
    let path = rest[..<pathEnd]
    self.path = path.isEmpty ? "/" : String(path)
  }
}
