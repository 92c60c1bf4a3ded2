/// Turns URL paths into route templates: `/api/v1/users/42/orders` ->
/// `/api/v1/users/{id}/orders`.
///
/// Three layers, the first that applies wins:
/// 1. **Configured routes** (`init(routes:)`): OpenAPI-style patterns, optionally with a
///    method (`GET /api/v1/users/{userId}`); a path that matches one is templated to that
///    pattern verbatim. See ``template(_:method:)`` for how methods match.
/// 2. **Fixed rules** per segment. A whole segment of digits is `{id}` (`{date}` when it reads
///    as `YYYYMMDD` with a year in 1900-2099), a UUID is `{uuid}`, `YYYY-MM-DD` is `{date}`,
///    and a hex hash is `{hex}`: 8 or more hex digits mixing decimal digits and letters `a-f`
///    (so `deadbeef` and `facade` stay), or 12 or more letters `a-f` alone. Inside a segment,
///    cut at `- _ . ~ , ; : = @ + !`, only long tokens are masked: UUIDs, dashed dates, hex
///    hashes of 8 or more and digit runs of 8 or more (`app.3f9a2b7c1d0e.js` ->
///    `app.{hex}.js`, `upload-1717545600.png` -> `upload-{id}.png`); short numbers inside a
///    segment stay (`v2-12345`, `taro-works-123`, `2fa`), and are left to learning.
/// 3. **Learning**, the way Drain learns log templates: a segment position that shows many
///    distinct, rarely repeated values (slugs such as `taro-works-123`, user names) becomes
///    `{slug}` after a few dozen requests; a static fan-out never does. See ``Learning``.
///
/// Paths are normalised first: the query string and fragment are dropped, `scheme://host` of
/// an absolute URL is dropped, duplicate slashes collapse and a trailing slash is removed
/// (`/a//b/` -> `/a/b`; the empty path is `/`).
///
/// A route templated before a position was learned is *provisional*;
/// ``retemplate(_:)`` rewrites it with what has been learned since, so an offline digest can
/// group by provisional route and merge groups at the end.
///
/// The templater is a value type: each thread or task keeps its own, and
/// ``absorbLearning(from:)`` combines what several have learned.
///
/// ```swift
/// var templater = RouteTemplater(routes: ["GET /api/v1/users/{userId}/orders"])
/// templater.template("/api/v1/users/42/orders?page=2", method: "GET")
/// // "/api/v1/users/{userId}/orders"
/// templater.template("/static/js/app.3f9a2b7c1d0e.js")  // "/static/js/app.{hex}.js"
/// ```
public struct RouteTemplater: Sendable {
  /// How the templater learns high-cardinality segments.
  public let learning: Learning
  private let configured: ConfiguredRouteTable
  private let placeholder: [UInt8]
  private let limits: SegmentPositionTable.Thresholds
  private var table = SegmentPositionTable()
  /// Routes produced recently, by the hash of their bytes: a route seen before is returned
  /// without allocating or validating a new string. Cleared when it holds `maxCachedRoutes`.
  private var recentRoutes = HashKeyedTable<String>(capacity: 256)
  private static let maxCachedRoutes = 4096
  /// Scratch buffers reused by every call.
  private var output: [UInt8] = []
  private var bounds: [Int] = []

  /// Creates a templater.
  ///
  /// - Parameters:
  ///   - routes: Configured route patterns, in priority order among equally specific ones:
  ///     `/api/v1/users/{userId}/orders`, `GET /api/v1/search`, `/files/{name}.pdf`.
  ///   - learning: How to learn slugs from traffic; `Learning(isEnabled: false)` turns it off.
  public init(routes: [String] = [], learning: Learning = Learning()) {
    self.learning = learning
    configured = ConfiguredRouteTable(patterns: routes)
    placeholder = Array(learning.placeholder.utf8)
    limits = SegmentPositionTable.Thresholds(learning)
    output.reserveCapacity(256)
    bounds.reserveCapacity(32)
  }

  /// Number of segment positions learned to be variable so far.
  public var learnedPositionCount: Int { table.variableCount }

  /// The route template of `path`, for a request whose method is unknown.
  ///
  /// Configured routes match whatever their method; see ``template(_:method:)``.
  public mutating func template(_ path: some StringProtocol) -> String {
    template(path, method: "")
  }

  /// The route template of `path`, for a request whose method is unknown; the same as the
  /// generic ``template(_:)``, without the cost of generics across modules.
  public mutating func template(_ path: String) -> String {
    template(path, method: "")
  }

  /// The route template of `path`, learning from it; the same as the generic
  /// ``template(_:method:)``, without the cost of generics across modules.
  public mutating func template(_ path: String, method: String) -> String {
    var path = path
    return path.withUTF8 { template(bytes: $0, method: method) }
  }

  /// The route template of `path`, learning from it.
  ///
  /// - Parameters:
  ///   - path: The request path as logged; a query string (`?...`) is ignored.
  ///   - method: The request method. A configured route with a method matches only that
  ///     method (case-insensitively); one without matches any. An empty method matches any
  ///     configured route.
  /// - Returns: The configured route the path matches, else the templated path.
  public mutating func template(_ path: some StringProtocol, method: some StringProtocol)
    -> String
  {
    if let result = path.utf8.withContiguousStorageIfAvailable({
      template(bytes: $0, method: method)
    }) {
      return result
    }
    let copy = Array(path.utf8)
    return copy.withUnsafeBufferPointer { template(bytes: $0, method: method) }
  }

  /// Rewrites a route produced earlier (by this templater or one whose learning was
  /// absorbed) with every position learned since.
  ///
  /// Only learned positions change: `retemplate` never re-applies the fixed rules, leaves
  /// configured routes and placeholders alone, and is idempotent. Routes are read the way
  /// ``template(_:method:)`` writes them, so pass its output, not a raw path.
  public func retemplate(_ route: String) -> String {
    guard table.variableCount > 0, !configured.routes.contains(route) else { return route }
    var copy = route
    return copy.withUTF8 { bytes in
      var rewritten: [UInt8] = []
      var changed = false
      var segmentCount = 0
      var index = 0
      while index < bytes.count {
        if bytes[index] != UInt8(ascii: "/")
          && (index == 0 || bytes[index - 1] == UInt8(ascii: "/"))
        {
          segmentCount += 1
        }
        index += 1
      }
      var prefix = PathHash.empty
      var start = 0
      while start < bytes.count {
        while start < bytes.count && bytes[start] == UInt8(ascii: "/") { start += 1 }
        guard start < bytes.count else { break }
        var end = start
        while end < bytes.count && bytes[end] != UInt8(ascii: "/") { end += 1 }
        rewritten.append(UInt8(ascii: "/"))
        let segmentStart = rewritten.count
        let key = PathHash.positionKey(prefix: prefix, segmentCount: segmentCount)
        let value = PathHash.combine(PathHash.empty, bytes, start..<end)
        if !Self.isPlaceholder(bytes, start, end) && table.isMasked(key: key, value: value) {
          rewritten.append(contentsOf: placeholder)
          changed = true
        } else {
          rewritten.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
        }
        prefix = PathHash.combine(prefix, rewritten, (segmentStart - 1)..<rewritten.count)
        start = end
      }
      return changed ? String(decoding: rewritten, as: UTF8.self) : route
    }
  }

  /// Takes over every position `other` has learned to be variable, so that ``retemplate(_:)``
  /// unifies the routes both produced. Counts of undecided positions are not combined.
  public mutating func absorbLearning(from other: RouteTemplater) {
    table.absorbVariables(from: other.table)
  }

  private mutating func template(bytes: UnsafeBufferPointer<UInt8>, method: some StringProtocol)
    -> String
  {
    let (start, end) = Self.pathBounds(bytes)
    bounds.removeAll(keepingCapacity: true)
    var index = start
    while index < end {
      while index < end && bytes[index] == UInt8(ascii: "/") { index += 1 }
      guard index < end else { break }
      bounds.append(index)
      while index < end && bytes[index] != UInt8(ascii: "/") { index += 1 }
      bounds.append(index)
    }
    let segmentCount = bounds.count / 2
    guard segmentCount > 0 else { return "/" }
    if !configured.isEmpty, let route = configured.match(bytes, bounds, method: method) {
      return route
    }
    output.removeAll(keepingCapacity: true)
    var prefix = PathHash.empty
    for segment in 0..<segmentCount {
      output.append(UInt8(ascii: "/"))
      let segmentStart = output.count
      let isPlaceholder = PathSegmentRules.write(
        bytes, bounds[2 * segment], bounds[2 * segment + 1], into: &output)
      if !isPlaceholder && learning.isEnabled {
        let value = PathHash.combine(PathHash.empty, output, segmentStart..<output.count)
        let key = PathHash.positionKey(prefix: prefix, segmentCount: segmentCount)
        if table.observe(key: key, value: value, limits: limits) == .masked {
          output.removeSubrange(segmentStart...)
          output.append(contentsOf: placeholder)
        }
      }
      prefix = PathHash.combine(prefix, output, (segmentStart - 1)..<output.count)
    }
    // `prefix` now hashes the whole route.
    if let cached = recentRoutes.value(for: prefix), Self.equal(cached, output) {
      return cached
    }
    let route = String(decoding: output, as: UTF8.self)
    if recentRoutes.count >= Self.maxCachedRoutes { recentRoutes.removeAll() }
    recentRoutes.set(route, for: prefix)
    return route
  }

  /// The part of `bytes` that is the path: after `scheme://authority`, before `?` or `#`.
  private static func pathBounds(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
    var start = 0
    var end = bytes.count
    if end > 0 && bytes[0] != UInt8(ascii: "/") {
      // An absolute URL, as proxies log them: skip to the first slash after "://".
      var index = 0
      while index + 2 < end {
        if bytes[index] == UInt8(ascii: ":") && bytes[index + 1] == UInt8(ascii: "/")
          && bytes[index + 2] == UInt8(ascii: "/")
        {
          start = index + 3
          while start < end && bytes[start] != UInt8(ascii: "/") { start += 1 }
          break
        }
        if bytes[index] == UInt8(ascii: "/") || bytes[index] == UInt8(ascii: "?") { break }
        index += 1
      }
    }
    for index in start..<end
    where bytes[index] == UInt8(ascii: "?") || bytes[index] == UInt8(ascii: "#") {
      end = index
      break
    }
    return (start, end)
  }

  /// Whether the UTF-8 of `string` is `bytes`; a word-wise compare for native strings.
  private static func equal(_ string: String, _ bytes: [UInt8]) -> Bool {
    guard string.utf8.count == bytes.count else { return false }
    let same = string.utf8.withContiguousStorageIfAvailable { stored in
      bytes.withUnsafeBytes { other in
        let stored = UnsafeRawBufferPointer(stored)
        var offset = 0
        while offset + 8 <= other.count {
          if stored.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            != other.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
          {
            return false
          }
          offset += 8
        }
        while offset < other.count {
          if stored[offset] != other[offset] { return false }
          offset += 1
        }
        return true
      }
    }
    return same ?? string.utf8.elementsEqual(bytes)
  }

  /// Whether `bytes[start..<end]` is one `{...}` placeholder.
  private static func isPlaceholder(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
    -> Bool
  {
    guard end - start >= 2, bytes[start] == UInt8(ascii: "{"), bytes[end - 1] == UInt8(ascii: "}")
    else { return false }
    for index in (start + 1)..<(end - 1)
    where bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "}") {
      return false
    }
    return true
  }
}
