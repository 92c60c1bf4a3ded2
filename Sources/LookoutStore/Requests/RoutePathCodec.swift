#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Stores a URL path as the values of its route's placeholders, which compress far better
/// than whole paths: `/api/v1/users/364798` under `/api/v1/users/{id}` is stored as
/// `364798`.
///
/// A stored value that starts with `/` (or is not a path at all) is the whole path, kept
/// when the path cannot be rebuilt exactly from its route: every encoding is checked by
/// decoding it.
public enum RoutePathCodec {
  /// Separates placeholder values; a value that contains it is stored as a whole path.
  static let separator: Character = "\u{1F}"

  /// The stored form of `path` under `route`.
  public static func encode(path: String, route: String) -> String {
    encode(path: path, route: route, pieces: literalPieces(route))
  }

  /// The stored form of `path` under `route`, whose ``literalPieces(_:)`` the caller
  /// keeps (the writer caches them per route).
  ///
  /// Works on UTF-8 bytes: every literal piece is found at its first occurrence, so
  /// joining the values back with the pieces gives the path byte for byte, provided no
  /// value holds the separator and nothing follows the last piece; otherwise the whole
  /// path is kept.
  static func encode(path: String, route: String, pieces: [String]) -> String {
    guard path.utf8.first == UInt8(ascii: "/"), route.utf8.first == UInt8(ascii: "/") else {
      return path.hasPrefix("/") ? path : "\u{1E}" + path
    }
    guard pieces.count > 1 else { return path == route ? "" : path }
    var path = path
    let stored = path.withUTF8 { bytes in placeholderValues(of: bytes, pieces: pieces) }
    return stored ?? path
  }

  /// The placeholder values of `path` joined by the separator, or nil when the path does
  /// not follow the pieces exactly.
  private static func placeholderValues(of path: UnsafeBufferPointer<UInt8>, pieces: [String])
    -> String?
  {
    let separatorByte = UInt8(ascii: "\u{1F}")
    var first = pieces[0]
    guard
      first.withUTF8({ prefix in
        prefix.count <= path.count
          && (prefix.isEmpty || memcmp(path.baseAddress!, prefix.baseAddress!, prefix.count) == 0)
      })
    else { return nil }
    var position = pieces[0].utf8.count
    var stored: [UInt8] = []
    stored.reserveCapacity(path.count - position + pieces.count)
    for index in 1..<pieces.count {
      var piece = pieces[index]
      let valueEnd: Int? = piece.withUTF8 { literal in
        if literal.isEmpty { return index == pieces.count - 1 ? path.count : position }
        return firstOccurrence(of: literal, in: path, from: position)
      }
      guard let valueEnd else { return nil }
      if index > 1 { stored.append(separatorByte) }
      for byte in path[position..<valueEnd] {
        guard byte != separatorByte else { return nil }
        stored.append(byte)
      }
      position = valueEnd + piece.utf8.count
    }
    guard position == path.count, stored.first != UInt8(ascii: "/"), stored.first != 0x1E else {
      return nil
    }
    return String(decoding: stored, as: UTF8.self)
  }

  /// Offset of the first occurrence of `needle` in `haystack` at or after `start`.
  private static func firstOccurrence(
    of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from start: Int
  ) -> Int? {
    guard needle.count <= haystack.count - start else { return nil }
    let lead = needle[0]
    var offset = start
    let last = haystack.count - needle.count
    while offset <= last {
      if haystack[offset] == lead
        && memcmp(haystack.baseAddress! + offset, needle.baseAddress!, needle.count) == 0
      {
        return offset
      }
      offset += 1
    }
    return nil
  }

  /// The path `stored` stands for under `route`.
  public static func decode(_ stored: String, route: String) -> String {
    decode(stored, pieces: literalPieces(route))
  }

  /// The path `stored` stands for, given its route's ``literalPieces(_:)``.
  static func decode(_ stored: String, pieces: [String]) -> String {
    if stored.hasPrefix("/") { return stored }
    if stored.hasPrefix("\u{1E}") { return String(stored.dropFirst()) }
    guard pieces.count > 1 else { return stored.isEmpty ? pieces[0] : stored }
    let values = stored.split(separator: separator, omittingEmptySubsequences: false)
    guard values.count == pieces.count - 1 else { return stored }
    var path = pieces[0]
    for (value, piece) in zip(values, pieces.dropFirst()) {
      path += value
      path += piece
    }
    return path
  }

  /// The literal text between the `{name}` placeholders of `route`.
  static func literalPieces(_ route: String) -> [String] {
    var pieces: [String] = []
    var current = ""
    var inPlaceholder = false
    for character in route.unicodeScalars {
      if character == "{", !inPlaceholder {
        inPlaceholder = true
        pieces.append(current)
        current = ""
      } else if character == "}", inPlaceholder {
        inPlaceholder = false
      } else if !inPlaceholder {
        current.unicodeScalars.append(character)
      }
    }
    pieces.append(current)
    return pieces
  }
}
