/// The routes a team configured, as a segment trie matched before any heuristic.
///
/// Pattern syntax (OpenAPI paths): `[METHOD ]/segment/{name}/...`. A segment that is exactly
/// `{name}` (or `*`) matches any one segment; a segment mixing text and `{name}`
/// (`{file}.pdf`, `v{major}`) matches when the text parts match and every `{name}` covers at
/// least one character. A query string in a pattern is ignored. When several patterns match,
/// the most specific wins, comparing segments left to right (text before mixed before any),
/// then the one with the matching method, then the one listed first.
struct ConfiguredRouteTable: Sendable {
  /// A route at the end of a pattern.
  struct Terminal: Sendable {
    /// Upper-cased method, or `nil` for any method.
    var method: String?
    /// The route returned, exactly as configured (without the method).
    var route: String
  }

  /// One part of a mixed segment.
  enum GlobPart: Sendable, Equatable {
    /// Text that must appear as it is.
    case text([UInt8])
    /// A `{name}`: one or more bytes.
    case variable
  }

  /// One trie node: the children for the next segment and the routes ending here.
  struct Node: Sendable {
    /// Text-segment hash -> child; the child's `text` confirms the match.
    var textChildren: [UInt64: Int] = [:]
    /// The text segment that leads to this node (for text children only).
    var text: [UInt8] = []
    var globChildren: [(parts: [GlobPart], child: Int)] = []
    var anyChild: Int?
    var terminals: [Terminal] = []
  }

  private var nodes: [Node] = [Node()]
  /// Every configured route, for ``RouteTemplater/retemplate(_:)`` to leave alone.
  private(set) var routes: Set<String> = []

  var isEmpty: Bool { routes.isEmpty }

  /// Builds the trie; patterns that are empty after trimming are ignored.
  init(patterns: [String]) {
    for pattern in patterns { insert(pattern) }
  }

  private mutating func insert(_ pattern: String) {
    var rest = Substring(pattern).drop { $0 == " " || $0 == "\t" }
    var method: String?
    if let space = rest.firstIndex(where: { $0 == " " || $0 == "\t" }), rest.first != "/" {
      method = rest[..<space].uppercased()
      rest = rest[space...].drop { $0 == " " || $0 == "\t" }
    }
    if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
    while let last = rest.last, last == " " || last == "\t" { rest = rest.dropLast() }
    guard !rest.isEmpty else { return }
    let route = String(rest)
    var node = 0
    for segment in rest.split(separator: "/") {
      node = child(of: node, for: segment)
    }
    routes.insert(route)
    nodes[node].terminals.append(Terminal(method: method, route: route))
  }

  /// The child of `node` for one pattern segment, created when missing.
  private mutating func child(of node: Int, for segment: Substring) -> Int {
    let parts = Self.globParts(segment)
    if parts == [.variable] || segment == "*" {
      if let existing = nodes[node].anyChild { return existing }
      nodes.append(Node())
      nodes[node].anyChild = nodes.count - 1
      return nodes.count - 1
    }
    if parts.count == 1, case .text(let text) = parts[0] {
      let hash = text.withUnsafeBufferPointer { PathHash.combine(PathHash.empty, $0, 0..<$0.count) }
      if let existing = nodes[node].textChildren[hash] {
        if nodes[existing].text == text { return existing }
        // A hash collision between two texts: match this one as a glob instead.
      } else {
        var created = Node()
        created.text = text
        nodes.append(created)
        nodes[node].textChildren[hash] = nodes.count - 1
        return nodes.count - 1
      }
    }
    if let existing = nodes[node].globChildren.first(where: { $0.parts == parts }) {
      return existing.child
    }
    nodes.append(Node())
    nodes[node].globChildren.append((parts, nodes.count - 1))
    return nodes.count - 1
  }

  /// Splits `{file}.pdf` into `[.variable, .text(".pdf")]`.
  private static func globParts(_ segment: Substring) -> [GlobPart] {
    var parts: [GlobPart] = []
    var text: [UInt8] = []
    var inVariable = false
    for byte in segment.utf8 {
      if inVariable {
        if byte == UInt8(ascii: "}") { inVariable = false }
      } else if byte == UInt8(ascii: "{") {
        if !text.isEmpty { parts.append(.text(text)) }
        text = []
        if parts.last != .variable { parts.append(.variable) }
        inVariable = true
      } else {
        text.append(byte)
      }
    }
    if !text.isEmpty { parts.append(.text(text)) }
    return parts
  }

  /// The configured route for the segments `bounds` (start, end pairs) of `bytes`, if any.
  func match(
    _ bytes: UnsafeBufferPointer<UInt8>, _ bounds: [Int], method: some StringProtocol
  ) -> String? {
    search(node: 0, segment: 0, bytes, bounds, method.utf8)
  }

  private func search(
    node: Int, segment: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ bounds: [Int],
    _ method: some Collection<UInt8>
  ) -> String? {
    let current = nodes[node]
    if segment * 2 == bounds.count { return terminal(current.terminals, method) }
    let start = bounds[segment * 2]
    let end = bounds[segment * 2 + 1]
    if !current.textChildren.isEmpty {
      let hash = PathHash.combine(PathHash.empty, bytes, start..<end)
      if let child = current.textChildren[hash],
        nodes[child].text.elementsEqual(UnsafeBufferPointer(rebasing: bytes[start..<end])),
        let route = search(node: child, segment: segment + 1, bytes, bounds, method)
      {
        return route
      }
    }
    for (parts, child) in current.globChildren
    where Self.globMatches(parts[...], UnsafeBufferPointer(rebasing: bytes[start..<end])[...]) {
      if let route = search(node: child, segment: segment + 1, bytes, bounds, method) {
        return route
      }
    }
    if let child = current.anyChild {
      return search(node: child, segment: segment + 1, bytes, bounds, method)
    }
    return nil
  }

  /// The terminal for `method`: one naming it, else one for any method. An empty method
  /// (unknown) takes the first terminal.
  private func terminal(_ terminals: [Terminal], _ method: some Collection<UInt8>) -> String? {
    guard !terminals.isEmpty else { return nil }
    if method.isEmpty { return terminals[0].route }
    for terminal in terminals {
      guard let expected = terminal.method else { continue }
      if expected.utf8.elementsEqual(method, by: { $0 == Self.uppercased($1) }) {
        return terminal.route
      }
    }
    return terminals.first { $0.method == nil }?.route
  }

  private static func uppercased(_ byte: UInt8) -> UInt8 {
    byte &- UInt8(ascii: "a") < 26 ? byte &- 32 : byte
  }

  /// Whether `text` matches the parts; each variable covers one or more bytes.
  private static func globMatches(
    _ parts: ArraySlice<GlobPart>, _ text: Slice<UnsafeBufferPointer<UInt8>>
  ) -> Bool {
    guard let first = parts.first else { return text.isEmpty }
    switch first {
    case .text(let literal):
      guard text.starts(with: literal) else { return false }
      return globMatches(parts.dropFirst(), text.dropFirst(literal.count))
    case .variable:
      guard !text.isEmpty else { return false }
      if parts.count == 1 { return true }
      var rest = text.dropFirst()
      while true {
        if globMatches(parts.dropFirst(), rest) { return true }
        if rest.isEmpty { return false }
        rest = rest.dropFirst()
      }
    }
  }
}
