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
  static func encode(path: String, route: String, pieces: [String]) -> String {
    guard path.hasPrefix("/"), route.hasPrefix("/") else {
      return path.hasPrefix("/") ? path : "\u{1E}" + path
    }
    guard pieces.count > 1 else { return path == route ? "" : path }
    var values: [Substring] = []
    var rest = Substring(path)
    guard rest.hasPrefix(pieces[0]) else { return path }
    rest = rest.dropFirst(pieces[0].count)
    for piece in pieces.dropFirst() {
      if piece.isEmpty {
        values.append(rest)
        rest = ""
        continue
      }
      // Byte search: Foundation's range(of:) compares by Unicode rules, far slower.
      guard let range = rest.utf8.firstRange(of: piece.utf8) else { return path }
      values.append(rest[..<range.lowerBound])
      rest = rest[range.upperBound...]
    }
    let stored = values.joined(separator: String(separator))
    guard rest.isEmpty, !stored.hasPrefix("/"), decode(stored, pieces: pieces) == path else {
      return path
    }
    return stored
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
