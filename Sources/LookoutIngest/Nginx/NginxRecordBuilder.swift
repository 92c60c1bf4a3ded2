import LookoutCore

/// Collects the values of one line into a ``RequestRecord``.
///
/// When a format logs the same thing twice, the more precise variable wins whatever the
/// order: `$msec` over `$time_local`/`$time_iso8601` over a JSON `time`; `$request_uri`
/// over `$request` over `$uri` for the path; `$request_method` and `$server_protocol` over
/// the request line; `$host` over `$http_host` over `$server_name`; `$body_bytes_sent` over
/// `$bytes_sent`.
struct NginxRecordBuilder {
  private(set) var record = RequestRecord(timestamp: 0)
  private var timeRank: UInt8 = 0
  private var methodRank: UInt8 = 0
  private var pathRank: UInt8 = 0
  private var queryRank: UInt8 = 0
  private var protocolRank: UInt8 = 0
  private var hostRank: UInt8 = 0
  private var bytesRank: UInt8 = 0

  /// The record built, moved out without copying its strings.
  consuming func finish() -> RequestRecord {
    record
  }

  /// Stores one variable's value, as logged (with the format's escaping).
  mutating func apply(
    _ field: NginxField, _ value: UnsafeRawBufferPointer, escape: NginxLogFormat.Escape
  ) throws(NginxDecodeError) {
    switch field {
    case .ignored, .upstreamOther: return
    case .remoteAddr: record.remoteAddress = Self.text(value, escape)
    case .remoteUser: record.remoteUser = Self.text(value, escape)
    case .referer: record.referer = Self.text(value, escape)
    case .userAgent: record.userAgent = Self.text(value, escape)
    case .host: setHost(value, escape, rank: 3)
    case .httpHost: setHost(value, escape, rank: 2)
    case .serverName: setHost(value, escape, rank: 1)
    case .timeLocal: try setTime(field, value, rank: 2, NginxTimeParser.timeLocal)
    case .timeISO8601: try setTime(field, value, rank: 2, NginxTimeParser.iso8601)
    case .msec: try setTime(field, value, rank: 3, NginxValueParsers.microseconds)
    case .anyTime: try setTime(field, value, rank: 1, NginxTimeParser.anyTime)
    case .request: applyRequestLine(value, escape)
    case .requestMethod:
      if methodRank < 2, !NginxValueParsers.isMissing(value) {
        record.method = Self.text(value, escape)
        methodRank = 2
      }
    case .requestURI: setTarget(value, escape, rank: 3)
    case .uri:
      if pathRank < 1, !NginxValueParsers.isMissing(value) {
        record.path = Self.text(value, escape)
        pathRank = 1
      }
    case .args:
      if queryRank < 1 {
        record.query = Self.text(value, escape)
        queryRank = 1
      }
    case .serverProtocol:
      if protocolRank < 2 {
        record.httpProtocol = Self.text(value, escape)
        protocolRank = 2
      }
    case .status:
      guard !NginxValueParsers.isMissing(value) else { return }
      guard let status = NginxValueParsers.status(value) else {
        throw .badStatus(value: NginxDecodeError.excerpt(value))
      }
      record.status = status
    case .bodyBytesSent, .bytesSent:
      let rank: UInt8 = field == .bodyBytesSent ? 2 : 1
      guard bytesRank < rank, !NginxValueParsers.isMissing(value) else { return }
      guard let bytes = NginxValueParsers.integer(value) else {
        throw .badNumber(variable: field.variableName, value: NginxDecodeError.excerpt(value))
      }
      record.bytesSent = bytes
      bytesRank = rank
    case .requestTime:
      guard !NginxValueParsers.isMissing(value) else { return }
      guard let time = NginxValueParsers.microseconds(value) else {
        throw .badNumber(variable: field.variableName, value: NginxDecodeError.excerpt(value))
      }
      record.requestTime = time
    case .upstreamResponseTime:
      record.upstreamTime = NginxValueParsers.upstreamMicroseconds(value)
    }
  }

  private mutating func setTime(
    _ field: NginxField, _ value: UnsafeRawBufferPointer, rank: UInt8,
    _ parse: (UnsafeRawBufferPointer) -> Int64?
  ) throws(NginxDecodeError) {
    guard timeRank < rank, !NginxValueParsers.isMissing(value) else { return }
    guard let time = parse(value) else {
      throw .badTime(variable: field.variableName, value: NginxDecodeError.excerpt(value))
    }
    record.timestamp = time
    timeRank = rank
  }

  private mutating func setHost(
    _ value: UnsafeRawBufferPointer, _ escape: NginxLogFormat.Escape, rank: UInt8
  ) {
    guard hostRank < rank, !NginxValueParsers.isMissing(value) else { return }
    record.host = Self.text(value, escape)
    hostRank = rank
  }

  /// `$request`: `GET /path?query HTTP/1.1`, a bare path, `-`, or garbage.
  ///
  /// A line that is neither `METHOD target [protocol]` nor a path (a TLS handshake sent to
  /// the plain port, a scanner's junk) is kept whole, still escaped as logged, in `path`
  /// with an empty method, so it stays visible and printable.
  private mutating func applyRequestLine(
    _ value: UnsafeRawBufferPointer, _ escape: NginxLogFormat.Escape
  ) {
    var start = 0
    var end = value.count
    while start < end, value[start] == UInt8(ascii: " ") { start += 1 }
    while end > start, value[end - 1] == UInt8(ascii: " ") { end -= 1 }
    let line = UnsafeRawBufferPointer(rebasing: value[start..<end])
    guard !NginxValueParsers.isMissing(line) else { return }

    var methodEnd = 0
    while methodEnd < line.count, Self.isMethodByte(line[methodEnd]) { methodEnd += 1 }
    guard methodEnd > 0, methodEnd <= 32, methodEnd < line.count,
      line[methodEnd] == UInt8(ascii: " ")
    else {
      if line[0] == UInt8(ascii: "/") {
        setTarget(line, escape, rank: 2)
      } else if pathRank < 2 {
        record.path = String(decoding: line, as: UTF8.self)
        record.query = ""
        pathRank = 2
        queryRank = 2
      }
      return
    }
    if methodRank < 1 {
      record.method = String(
        decoding: UnsafeRawBufferPointer(rebasing: line[..<methodEnd]), as: UTF8.self)
      methodRank = 1
    }
    var targetStart = methodEnd + 1
    while targetStart < line.count, line[targetStart] == UInt8(ascii: " ") { targetStart += 1 }
    var targetEnd = line.count
    var lastSpace = line.count - 1
    while lastSpace > targetStart, line[lastSpace] != UInt8(ascii: " ") { lastSpace -= 1 }
    if lastSpace > targetStart, Self.isProtocol(line, from: lastSpace + 1) {
      if protocolRank < 1 {
        record.httpProtocol = Self.text(
          UnsafeRawBufferPointer(rebasing: line[(lastSpace + 1)...]), escape)
        protocolRank = 1
      }
      targetEnd = lastSpace
      while targetEnd > targetStart, line[targetEnd - 1] == UInt8(ascii: " ") { targetEnd -= 1 }
    }
    setTarget(UnsafeRawBufferPointer(rebasing: line[targetStart..<targetEnd]), escape, rank: 2)
  }

  /// Sets path and query from a request target (`/path?query`).
  private mutating func setTarget(
    _ target: UnsafeRawBufferPointer, _ escape: NginxLogFormat.Escape, rank: UInt8
  ) {
    guard !NginxValueParsers.isMissing(target) else { return }
    let mark = ByteSearch.firstIndex(of: UInt8(ascii: "?"), in: target, from: 0) ?? target.count
    if pathRank < rank {
      record.path = Self.text(UnsafeRawBufferPointer(rebasing: target[..<mark]), escape)
      pathRank = rank
    }
    if queryRank < rank {
      record.query =
        mark < target.count
        ? Self.text(UnsafeRawBufferPointer(rebasing: target[(mark + 1)...]), escape) : ""
      queryRank = rank
    }
  }

  /// Text of a value with escapes undone and invalid UTF-8 replaced; `-` is empty.
  static func text(_ value: UnsafeRawBufferPointer, _ escape: NginxLogFormat.Escape) -> String {
    if NginxValueParsers.isMissing(value) { return "" }
    guard escape != .none, NginxValueParsers.firstBackslash(value) != nil else {
      return String(decoding: value, as: UTF8.self)
    }
    var bytes: [UInt8] = []
    NginxValueParsers.unescape(value, escape: escape, into: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Whether `HTTP/` starts at `index`.
  private static func isProtocol(_ line: UnsafeRawBufferPointer, from index: Int) -> Bool {
    index + 5 <= line.count && line[index] == UInt8(ascii: "H")
      && line[index + 1] == UInt8(ascii: "T") && line[index + 2] == UInt8(ascii: "T")
      && line[index + 3] == UInt8(ascii: "P") && line[index + 4] == UInt8(ascii: "/")
  }

  /// A byte of an HTTP method as servers accept them (`GET`, `PROPFIND`, `VERSION-CONTROL`).
  private static func isMethodByte(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "-")
      || byte == UInt8(ascii: "_")
  }
}
