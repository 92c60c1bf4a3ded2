/// The column layout of stored requests, shared by the writer and every reader.
///
/// Two columns are stored in a form that compresses better than the plain value:
/// - ``upstream``: when the request time is present, the gap `request time - upstream
///   time` (usually a millisecond or less); when it is absent, the upstream time itself.
///   ``RequestColumn/upstreamTime(duration:stored:)`` undoes this.
/// - ``remoteIPv4``: an IPv4 client address as its 32-bit number; ``remoteAddress`` then
///   holds the empty string and carries only other forms (IPv6, unix sockets).
/// - ``path``: the values of the route's placeholders (``RoutePathCodec``), encoded given
///   the route, so that which placeholders a path has is stored once per route and block.
public enum RequestColumn: Int, CaseIterable, Sendable {
  case timestamp = 0
  case environment, domain, method, route, status, duration, upstream, bytes
  case path, query, remoteAddress, userAgent, referer, host, remoteIPv4

  /// The block schema of the `requests` table, in column order.
  public static let schema = BlockSchema(
    table: "requests",
    columns: [
      ColumnSpec("ts", .int64),
      ColumnSpec("env", .dictionary),
      ColumnSpec("domain", .dictionary),
      ColumnSpec("method", .dictionary),
      ColumnSpec("route", .dictionary),
      ColumnSpec("status", .int64),
      ColumnSpec("duration_us", .int64),
      ColumnSpec("upstream_us", .int64),
      ColumnSpec("bytes", .int64),
      ColumnSpec("path", .string, context: RequestColumn.route.rawValue),
      ColumnSpec("query", .string),
      ColumnSpec("remote_addr", .string),
      ColumnSpec("user_agent", .string),
      ColumnSpec("referer", .string),
      ColumnSpec("host", .dictionary),
      ColumnSpec("remote_ipv4", .int64),
    ])

  /// The upstream time of a row from its stored `duration_us` and `upstream_us` values
  /// (`Int64.min` means absent).
  @inlinable
  public static func upstreamTime(duration: Int64, stored: Int64) -> Int64 {
    guard stored != .min else { return .min }
    return duration == .min ? stored : duration - stored
  }

  /// An IPv4 address in dotted form as its 32-bit number, or nil for anything else.
  public static func ipv4Number(_ text: String) -> Int64? {
    var value: Int64 = 0
    var part: Int64 = -1
    var parts = 0
    for byte in text.utf8 {
      if byte == UInt8(ascii: ".") {
        guard part >= 0, parts < 3 else { return nil }
        value = value << 8 | part
        part = -1
        parts += 1
      } else if byte >= 48 && byte <= 57 {
        part = (part < 0 ? 0 : part) * 10 + Int64(byte - 48)
        guard part <= 255 else { return nil }
      } else {
        return nil
      }
    }
    guard parts == 3, part >= 0 else { return nil }
    return value << 8 | part
  }

  /// The dotted form of an IPv4 number.
  public static func ipv4Text(_ number: Int64) -> String {
    "\(number >> 24 & 255).\(number >> 16 & 255).\(number >> 8 & 255).\(number & 255)"
  }

  /// The column's name in ``schema`` (and in its dictionary).
  public var name: String { Self.schema.columns[rawValue].name }
}
