/// The parts of a URL the X-Ray mapping needs (host, port, path), read leniently: SDKs
/// send what the framework saw, which is not always a valid URL.
struct XRayURL {
  /// The host, without brackets for IPv6; nil when the text has no `scheme://`.
  var host: String?
  /// The port when written.
  var port: String?
  /// The path without query or fragment; `/` when empty.
  var path: String

  // Works on UTF-8 bytes: every delimiter is ASCII, and Character-wise slicing was a sixth
  // of the decoder's time.
  init(_ text: String) {
    let bytes = Array(text.utf8)
    var index = 0
    if let scheme = Self.find(Array("://".utf8), in: bytes) {
      let authorityStart = scheme + 3
      var authorityEnd = authorityStart
      while authorityEnd < bytes.count, !Self.endsAuthority(bytes[authorityEnd]) {
        authorityEnd += 1
      }
      var hostStart = authorityStart
      if let at = bytes[authorityStart..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) {
        hostStart = at + 1
      }
      let authority = bytes[hostStart..<authorityEnd]
      if authority.first == UInt8(ascii: "["),
        let close = authority.firstIndex(of: UInt8(ascii: "]"))
      {
        host = Self.text(bytes[(hostStart + 1)..<close])
        if close + 1 < authorityEnd, bytes[close + 1] == UInt8(ascii: ":") {
          port = Self.text(bytes[(close + 2)..<authorityEnd])
        }
      } else if let colon = authority.lastIndex(of: UInt8(ascii: ":")) {
        host = Self.text(bytes[hostStart..<colon])
        port = Self.text(bytes[(colon + 1)..<authorityEnd])
      } else {
        host = Self.text(authority)
      }
      index = authorityEnd
    }
    var pathEnd = index
    while pathEnd < bytes.count, bytes[pathEnd] != UInt8(ascii: "?"),
      bytes[pathEnd] != UInt8(ascii: "#")
    {
      pathEnd += 1
    }
    path = Self.text(bytes[index..<pathEnd]) ?? "/"
  }

  private static func endsAuthority(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#")
  }

  /// The bytes as text; nil when empty.
  private static func text(_ bytes: ArraySlice<UInt8>) -> String? {
    bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
  }

  private static func find(_ needle: [UInt8], in bytes: [UInt8]) -> Int? {
    guard bytes.count >= needle.count else { return nil }
    for start in 0...(bytes.count - needle.count)
    where bytes[start..<(start + needle.count)].elementsEqual(needle) {
      return start
    }
    return nil
  }
}
