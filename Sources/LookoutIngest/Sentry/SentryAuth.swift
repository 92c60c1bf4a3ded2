/// The credentials a Sentry SDK sends with a request: the `X-Sentry-Auth` header's fields,
/// or the `sentry_key` query parameter browser SDKs use.
///
/// Parsing is pure and lenient: the `Sentry ` prefix is optional, fields may be separated
/// by commas or spaces, with spaces around `=`, and values may be quoted. Checking the key
/// against a project is the caller's job.
///
/// ```swift
/// let auth = SentryAuth.parse(header: "Sentry sentry_key=abc, sentry_version=7")
/// auth?.publicKey  // "abc"
/// ```
public struct SentryAuth: Sendable, Hashable {
  /// `sentry_key`: the DSN's public key.
  public var publicKey: String
  /// `sentry_secret`, which old SDKs send; never required.
  public var secretKey: String?
  /// `sentry_version` (the protocol version, `7`).
  public var version: String?
  /// `sentry_client` (`sentry.python/2.19.2`).
  public var client: String?

  /// Creates credentials.
  public init(
    publicKey: String, secretKey: String? = nil, version: String? = nil, client: String? = nil
  ) {
    self.publicKey = publicKey
    self.secretKey = secretKey
    self.version = version
    self.client = client
  }

  /// Reads an `X-Sentry-Auth` (or `Authorization: Sentry ...`) header value.
  ///
  /// - Parameter header: the header value.
  /// - Returns: the credentials, or nil when there is no non-empty `sentry_key`.
  public static func parse(header: String) -> SentryAuth? {
    var fields: [String: String] = [:]
    for (name, value) in pairs(in: Substring(header)) where fields[name] == nil {
      fields[name] = value
    }
    guard let key = fields["sentry_key"], !key.isEmpty else { return nil }
    return SentryAuth(
      publicKey: key, secretKey: fields["sentry_secret"].flatMap { $0.isEmpty ? nil : $0 },
      version: fields["sentry_version"], client: fields["sentry_client"])
  }

  private static let keyName = Array("sentry_key".utf8)

  /// The `sentry_key` of an `X-Sentry-Auth` (or `Authorization: Sentry ...`) header value.
  ///
  /// - Returns: the key, or nil when the header has none.
  public static func key(fromHeader header: String) -> String? {
    // Every request carries one: the pairs are scanned in place, no strings made but the
    // key's (the first `sentry_key`, as `parse(header:)` takes).
    let wanted = keyName
    var key: String?
    forEachPair(in: Array(header.utf8)) { name, value in
      let matches =
        name.allSatisfy { $0 < 0x80 }
        ? name.count == wanted.count && zip(name, wanted).allSatisfy { $0 | 0x20 == $1 || $0 == $1 }
        // Unicode lowercasing, as parse(header:) does it (KELVIN SIGN becomes k).
        : String(decoding: name, as: UTF8.self).lowercased() == "sentry_key"
      guard matches else { return true }
      key = value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
      return false
    }
    return key
  }

  /// The `sentry_key` of a query string (`sentry_key=abc&sentry_version=7`), with or
  /// without the leading `?`, or of a whole URL; percent-escapes decoded.
  ///
  /// - Returns: the key, or nil when absent or empty.
  public static func publicKey(fromQuery query: String) -> String? {
    let start = query.firstIndex(of: "?").map { query.index(after: $0) } ?? query.startIndex
    var text = query[start...]
    if let fragment = text.firstIndex(of: "#") { text = text[..<fragment] }
    for parameter in text.split(separator: "&") {
      let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard parts.count == 2, percentDecoded(parts[0]) == "sentry_key" else { continue }
      let key = percentDecoded(parts[1])
      return key.isEmpty ? nil : key
    }
    return nil
  }

  /// The `name=value` pairs of a header, names lowercased; bare words (the `Sentry`
  /// scheme) are skipped.
  static func pairs(in text: Substring) -> [(String, String)] {
    var pairs: [(String, String)] = []
    forEachPair(in: Array(text.utf8)) { name, value in
      pairs.append(
        (String(decoding: name, as: UTF8.self).lowercased(), String(decoding: value, as: UTF8.self))
      )
      return true
    }
    return pairs
  }

  /// Calls `body` with the name and value bytes of each `name=value` pair of a header
  /// (values unquoted) until it returns false; bare words are skipped.
  static func forEachPair(
    in bytes: [UInt8], _ body: (ArraySlice<UInt8>, ArraySlice<UInt8>) -> Bool
  ) {
    var index = 0
    func isSeparator(_ byte: UInt8) -> Bool {
      byte == UInt8(ascii: ",") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }
    func skipSpaces() {
      while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == 0x09 {
        index += 1
      }
    }
    while index < bytes.count {
      while index < bytes.count, isSeparator(bytes[index]) { index += 1 }
      let nameStart = index
      while index < bytes.count, !isSeparator(bytes[index]), bytes[index] != UInt8(ascii: "=") {
        index += 1
      }
      let name = bytes[nameStart..<index]
      skipSpaces()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { continue }
      index += 1
      skipSpaces()
      let value: ArraySlice<UInt8>
      if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
        let valueStart = index + 1
        index = valueStart
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") { index += 1 }
        value = bytes[valueStart..<index]
        index = min(index + 1, bytes.count)
      } else {
        let valueStart = index
        while index < bytes.count, !isSeparator(bytes[index]) { index += 1 }
        value = bytes[valueStart..<index]
      }
      if !name.isEmpty, !body(name, value) { return }
    }
  }

  /// `text` with `%XX` escapes decoded and `+` read as a space; malformed escapes are kept.
  static func percentDecoded(_ text: Substring) -> String {
    let bytes = Array(text.utf8)
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
        let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
      {
        output.append(high << 4 | low)
        index += 3
        continue
      }
      output.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
      index += 1
    }
    return String(decoding: output, as: UTF8.self)
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
