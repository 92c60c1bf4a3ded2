/// The column layout of stored requests, shared by the writer and every reader.
public enum RequestColumn: Int, CaseIterable, Sendable {
  case timestamp = 0
  case environment, domain, method, route, status, duration, upstream, bytes
  case path, query, remoteAddress, userAgent, referer, host

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
      ColumnSpec("path", .string),
      ColumnSpec("query", .string),
      ColumnSpec("remote_addr", .string),
      ColumnSpec("user_agent", .string),
      ColumnSpec("referer", .string),
      ColumnSpec("host", .dictionary),
    ])

  /// The column's name in ``schema`` (and in its dictionary).
  public var name: String { Self.schema.columns[rawValue].name }
}
