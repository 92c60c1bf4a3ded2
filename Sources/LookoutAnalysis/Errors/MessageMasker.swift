/// Masks the variable parts of an error message, so messages that differ only by ids,
/// numbers or quoted values group together while different sentences stay apart.
///
/// Each masked part becomes `<*>`:
/// - quoted values: the contents of `'...'`, `"..."` and `` `...` `` on one line, when the
///   opening quote starts a word (or follows a string prefix such as Python's `b'...'`) and
///   the closing one ends it, so `can't` is no quote;
/// - e-mail addresses, UUIDs, and IPv6 addresses (three or more hex groups, or `::`, with a
///   digit somewhere);
/// - words (runs of letters and digits) that start with a digit (`42`, `12ms`, `3f9a`,
///   `2024`), that start a version (`v18` in `v18.2.0`), that hold four or more digits
///   (`order12345`), that are hex of eight or more
///   digits with a decimal digit among them, or that are ten or more characters of mixed
///   case with a digit (`cus_NffrFe3UfNV`'s second word);
/// - a URL's query string and fragment (`https://api.example.com/users/<*>?<*>`); the
///   scheme and host stay, path ids are masked as words.
///
/// A masked word absorbs a sign before it (`-5`), and masked words joined by one of
/// `. : - _ / +` merge into one `<*>`, so dates, times, IPv4 addresses with ports and
/// decimals each become a single `<*>`: `10.0.0.5:8080` -> `<*>`, `order_12345` ->
/// `order_<*>`, `2024-06-05T10:00:00Z` -> `<*>`.
///
/// The masker is part of grouping version 1: a change to what it produces changes issue
/// hashes, so new rules belong to a new grouping version. One pass over the UTF-8 bytes; a
/// message with no digit, quote, `@` or `://` is returned as it is.
///
/// ```swift
/// MessageMasker().mask("User 123 not found")                   // "User <*> not found"
/// MessageMasker().mask("Timeout after 30s calling 10.0.0.5")   // "Timeout after <*> calling <*>"
/// MessageMasker().mask("invalid literal for int() with base 10: 'abc'")
/// // "invalid literal for int() with base <*>: '<*>'"
/// ```
public struct MessageMasker: Sendable {
  /// What each masked part becomes.
  public static let placeholder = "<*>"

  /// Creates a masker.
  public init() {}

  /// The message with its variable parts replaced by ``placeholder``.
  public func mask(_ message: String) -> String {
    let masked =
      message.utf8.withContiguousStorageIfAvailable { Self.mask($0) }
      ?? Array(message.utf8).withUnsafeBufferPointer { Self.mask($0) }
    guard let masked else { return message }
    return String(decoding: masked, as: UTF8.self)
  }

  /// The masked bytes, or nil when masking changes nothing.
  private static func mask(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    guard needsMasking(input) else { return nil }
    var pass = MaskingPass(input: input)
    pass.run()
    return pass.output
  }

  /// Whether `input` holds a byte every masking rule needs: a digit, a quote, `@` or `://`.
  private static func needsMasking(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
    for index in input.indices {
      let byte = input[index]
      if GroupingByte.isDigit(byte) || byte == .quote || byte == .doubleQuote
        || byte == .backtick || byte == .at
      {
        return true
      }
      if byte == .colon, index + 1 < input.count, input[index + 1] == .slash { return true }
    }
    return false
  }
}

/// One left-to-right pass of ``MessageMasker`` over a message.
private struct MaskingPass {
  /// The message's UTF-8 bytes.
  let input: UnsafeBufferPointer<UInt8>
  /// The masked message so far.
  var output: [UInt8] = []
  /// The next input byte to read.
  var position = 0
  /// The input index just after the last masked part, or -1 when plain text followed it.
  var maskEnd = -1
  /// Whether the bytes since the last white space follow a `scheme://`.
  var inURL = false
  /// Per quote character (`'`, `"`, `` ` ``): an opening quote before this index has no
  /// closing quote on its line, so later openers need not search again.
  var noClosingQuoteBefore = (0, 0, 0)
  /// A word starting before this index lies in a run of hex groups already found not to be
  /// an IPv6 address.
  var noIPv6Before = 0

  /// ``MessageMasker/placeholder`` as bytes.
  static let placeholder: [UInt8] = Array(MessageMasker.placeholder.utf8)

  /// Prepares a pass over `input`.
  init(input: UnsafeBufferPointer<UInt8>) {
    self.input = input
    output.reserveCapacity(input.count)
  }

  /// Reads all of `input` into `output`.
  mutating func run() {
    let count = input.count
    while position < count {
      let byte = input[position]
      if GroupingByte.isWord(byte) {
        maskWord()
        continue
      }
      if byte == .quote || byte == .doubleQuote || byte == .backtick, opensQuote(),
        maskQuoted(byte)
      {
        continue
      }
      if byte == .colon, !inURL, position > 0, GroupingByte.isLetter(input[position - 1]),
        position + 2 < count, input[position + 1] == .slash, input[position + 2] == .slash
      {
        inURL = true
        output.append(contentsOf: [.colon, .slash, .slash])
        position += 3
        maskEnd = -1
        continue
      }
      if inURL, byte == .question || byte == .hash {
        output.append(byte)
        output.append(contentsOf: Self.placeholder)
        position += 1
        while position < count, !Self.endsURL(input[position]) { position += 1 }
        maskEnd = -1
        continue
      }
      if GroupingByte.isSpace(byte) { inURL = false }
      output.append(byte)
      position += 1
    }
  }

  /// Handles the word starting at `position`, masked or copied, and moves past it.
  private mutating func maskWord() {
    let start = position
    var end = start
    var masked = true
    var numeric = false
    if let found = emailEnd(from: start) ?? uuidEnd(from: start) ?? ipv6End(from: start) {
      end = found
    } else {
      var digits = 0
      var allHex = true
      var hasUpper = false
      var hasLower = false
      while end < input.count, GroupingByte.isWord(input[end]) {
        let byte = input[end]
        if GroupingByte.isDigit(byte) {
          digits += 1
        } else {
          if !GroupingByte.isHex(byte) { allHex = false }
          if GroupingByte.isUpper(byte) { hasUpper = true }
          if GroupingByte.isLower(byte) { hasLower = true }
        }
        end += 1
      }
      let length = end - start
      numeric = GroupingByte.isDigit(input[start])
      masked =
        numeric || digits >= 4 || (allHex && length >= 8 && digits > 0)
        || (length >= 10 && digits > 0 && hasUpper && hasLower)
        || (digits == length - 1 && input[start] | 0x20 == UInt8(ascii: "v") && length >= 2
          && end + 1 < input.count && input[end] == .dot && GroupingByte.isDigit(input[end + 1]))
    }
    if masked {
      emitMask(start: start, end: end, numeric: numeric)
    } else {
      output.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<end]))
      maskEnd = -1
    }
    position = end
  }

  /// Emits `<*>` for `input[start..<end]`, merging it with a masked part joined to it and
  /// absorbing the sign of a number.
  private mutating func emitMask(start: Int, end: Int, numeric: Bool) {
    defer { maskEnd = end }
    if maskEnd >= 0, start - maskEnd == 1, Self.isJoiner(input[maskEnd]) {
      output.removeLast()
      return
    }
    if numeric, start >= 1, input[start - 1] == .minus || input[start - 1] == .plus {
      let before = start >= 2 ? input[start - 2] : UInt8.space
      if !GroupingByte.isWord(before), before != .minus, before != .plus {
        output.removeLast()
      }
    }
    output.append(contentsOf: Self.placeholder)
  }

  /// Whether the quote at `position` may open a quoted value: it starts a word, or follows
  /// a one-letter string prefix that does (`b'...'`, `u"..."`, `f'...'`, `r'...'`).
  private func opensQuote() -> Bool {
    if position == 0 || !GroupingByte.isWord(input[position - 1]) { return true }
    switch input[position - 1] | 0x20 {
    case UInt8(ascii: "b"), UInt8(ascii: "u"), UInt8(ascii: "f"), UInt8(ascii: "r"):
      return position == 1 || !GroupingByte.isWord(input[position - 2])
    default:
      return false
    }
  }

  /// Masks the quoted value opening at `position` when it closes on the same line.
  private mutating func maskQuoted(_ quote: UInt8) -> Bool {
    let slot = quote == .quote ? 0 : quote == .doubleQuote ? 1 : 2
    let known: Int
    switch slot {
    case 0: known = noClosingQuoteBefore.0
    case 1: known = noClosingQuoteBefore.1
    default: known = noClosingQuoteBefore.2
    }
    if position < known { return false }
    var index = position + 1
    while index < input.count {
      let byte = input[index]
      if byte == .lineFeed || byte == .carriageReturn { break }
      if byte == .backslash {
        index += 2
        continue
      }
      if byte == quote, index + 1 == input.count || !GroupingByte.isWord(input[index + 1]) {
        output.append(quote)
        output.append(contentsOf: Self.placeholder)
        output.append(quote)
        position = index + 1
        maskEnd = -1
        return true
      }
      index += 1
    }
    switch slot {
    case 0: noClosingQuoteBefore.0 = index
    case 1: noClosingQuoteBefore.1 = index
    default: noClosingQuoteBefore.2 = index
    }
    return false
  }

  /// The end of the e-mail address starting at `start`, if one does.
  private func emailEnd(from start: Int) -> Int? {
    if start > 0, Self.isLocalPart(input[start - 1]) { return nil }
    var at = start
    while at < input.count, Self.isLocalPart(input[at]) { at += 1 }
    guard at < input.count, input[at] == .at else { return nil }
    var end = at + 1
    while end < input.count,
      GroupingByte.isDigit(input[end]) || GroupingByte.isLetter(input[end])
        || input[end] == .minus || input[end] == .dot
    {
      end += 1
    }
    while end > at + 1, input[end - 1] == .dot || input[end - 1] == .minus { end -= 1 }
    guard end > at + 1, GroupingByte.isWord(input[at + 1]) else { return nil }
    var lastDot = end - 1
    while lastDot > at, input[lastDot] != .dot { lastDot -= 1 }
    guard lastDot > at + 1, end - lastDot > 2 else { return nil }
    for index in (lastDot + 1)..<end where !GroupingByte.isLetter(input[index]) { return nil }
    return end
  }

  /// The end of the UUID (8-4-4-4-12 hex digits, one of them decimal) starting at `start`.
  private func uuidEnd(from start: Int) -> Int? {
    let end = start + 36
    guard end <= input.count, end == input.count || !GroupingByte.isWord(input[end]) else {
      return nil
    }
    var hasDigit = false
    for index in start..<end {
      let byte = input[index]
      switch index - start {
      case 8, 13, 18, 23:
        guard byte == .minus else { return nil }
      default:
        guard GroupingByte.isHex(byte) else { return nil }
        if GroupingByte.isDigit(byte) { hasDigit = true }
      }
    }
    return hasDigit ? end : nil
  }

  /// The end of the IPv6 address starting at `start`: hex groups of up to four digits
  /// joined by `:` or `::`, three or more of them or two around `::`, with a decimal digit.
  private mutating func ipv6End(from start: Int) -> Int? {
    guard start >= noIPv6Before, GroupingByte.isHex(input[start]) else { return nil }
    var groupStart = start
    var groups = 0
    var compressed = false
    var hasDigit = false
    var end = start
    while true {
      var index = groupStart
      var groupHasDigit = false
      while index < input.count, index - groupStart < 5, GroupingByte.isHex(input[index]) {
        if GroupingByte.isDigit(input[index]) { groupHasDigit = true }
        index += 1
      }
      let length = index - groupStart
      if length == 0 || length > 4 || (index < input.count && GroupingByte.isWord(input[index])) {
        break
      }
      groups += 1
      hasDigit = hasDigit || groupHasDigit
      end = index
      guard index < input.count, input[index] == .colon else { break }
      if index + 1 < input.count, input[index + 1] == .colon {
        compressed = true
        groupStart = index + 2
      } else {
        groupStart = index + 1
      }
    }
    if hasDigit, groups >= 3 || (groups == 2 && compressed) { return end }
    noIPv6Before = end
    return nil
  }

  /// Whether `byte` may appear in the local part of an e-mail address.
  private static func isLocalPart(_ byte: UInt8) -> Bool {
    GroupingByte.isDigit(byte) || GroupingByte.isLetter(byte) || byte == .dot
      || byte == .underscore || byte == .percent || byte == .plus || byte == .minus
  }

  /// Whether `byte` joins two masked parts into one (`10.0.0.5`, `10:00`, `1-5`, `12_34`).
  private static func isJoiner(_ byte: UInt8) -> Bool {
    byte == .dot || byte == .colon || byte == .minus || byte == .underscore || byte == .slash
      || byte == .plus
  }

  /// Whether `byte` ends a URL's masked query string or fragment.
  private static func endsURL(_ byte: UInt8) -> Bool {
    GroupingByte.isSpace(byte) || byte == .quote || byte == .doubleQuote || byte == .backtick
      || byte == .lessThan || byte == .greaterThan || byte == .openParen || byte == .closeParen
      || byte == .openBracket || byte == .closeBracket || byte == .openBrace
      || byte == .closeBrace
  }
}

extension UInt8 {
  fileprivate static let space = UInt8(ascii: " ")
  fileprivate static let lineFeed = UInt8(ascii: "\n")
  fileprivate static let carriageReturn = UInt8(ascii: "\r")
  fileprivate static let quote = UInt8(ascii: "'")
  fileprivate static let doubleQuote = UInt8(ascii: "\"")
  fileprivate static let backtick = UInt8(ascii: "`")
  fileprivate static let backslash = UInt8(ascii: "\\")
  fileprivate static let at = UInt8(ascii: "@")
  fileprivate static let colon = UInt8(ascii: ":")
  fileprivate static let slash = UInt8(ascii: "/")
  fileprivate static let dot = UInt8(ascii: ".")
  fileprivate static let minus = UInt8(ascii: "-")
  fileprivate static let plus = UInt8(ascii: "+")
  fileprivate static let underscore = UInt8(ascii: "_")
  fileprivate static let percent = UInt8(ascii: "%")
  fileprivate static let question = UInt8(ascii: "?")
  fileprivate static let hash = UInt8(ascii: "#")
  fileprivate static let lessThan = UInt8(ascii: "<")
  fileprivate static let greaterThan = UInt8(ascii: ">")
  fileprivate static let openParen = UInt8(ascii: "(")
  fileprivate static let closeParen = UInt8(ascii: ")")
  fileprivate static let openBracket = UInt8(ascii: "[")
  fileprivate static let closeBracket = UInt8(ascii: "]")
  fileprivate static let openBrace = UInt8(ascii: "{")
  fileprivate static let closeBrace = UInt8(ascii: "}")
}
