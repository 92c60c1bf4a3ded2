import LookoutCore

/// Turns a stack frame into the grouping component of version 1: where it is and which
/// function, without the parts that change between builds, deploys and hosts.
///
/// - Where: the frame's `module` when it has one, else the base name of `filename` (or of
///   `absPath`) without query string, fragment and `:line:column` suffix. Build hashes
///   become `<hash>` (hex of seven or more digits with a decimal digit, `0x` addresses, and
///   Vite-style `name-DiwrgTda.js` hashes) and version numbers `<n>`:
///   `app.3f9a2b7c.js` -> `app.<hash>.js`, `jquery-3.6.0.min.js` -> `jquery-<n>.min.js`,
///   `com.example.Foo$$Lambda$123/0x0000000800c0b000` -> `com.example.Foo$$Lambda$<n>/<hash>`.
/// - Which function: names are kept (`<lambda>`, `<module>`, `anonymous`,
///   `Object.<anonymous>`), but the numbers of numbered variants are unified: `lambda$0`,
///   `lambda$main$0`, `$anonfun$1`, `closure #1 in f()`, Go's `main.func1`, C#'s
///   `<Main>b__0_1`, Ruby's `block (2 levels) in f` and a Rust `::h0123456789abcdef` suffix.
/// - The context line, trimmed, when it is shorter than 120 Unicode scalars (minified
///   bundles have one huge line, which says nothing).
///
/// Line and column numbers never take part. The output is hashed: a change to it changes
/// issue hashes, so new rules belong to a new grouping version.
struct FrameNormalizer: Sendable {
  /// Context lines of this many Unicode scalars or more are left out of grouping.
  static let contextLineLimit = 120

  /// Name endings after which a number counts a lambda or closure (`func1`, `lambda_2`).
  private static let numberedMarkers: [[UInt8]] = [
    "func", "lambda", "anonymous", "anon", "anonfun", "closure", "block", "displayclass",
  ].map { Array($0.utf8) }

  /// The `frame:` component of `frame`, or nil when it has neither location nor function.
  func component(of frame: StackFrame) -> String? {
    let location = location(of: frame)
    let function = function(frame.function)
    if location.isEmpty && function.isEmpty { return nil }
    let shownFunction = function.isEmpty ? "?" : function
    let context = contextLine(of: frame)
    // Built in one buffer: each `+` of long strings would allocate a new one.
    var component = "frame:"
    component.reserveCapacity(
      12 + location.utf8.count + shownFunction.utf8.count + (context?.utf8.count ?? 0))
    component += location
    component += " | "
    component += shownFunction
    if let context {
      component += " | "
      component += context
    }
    return component
  }

  /// The normalised module, or the normalised base name of the file when there is none.
  func location(of frame: StackFrame) -> String {
    let module = GroupingByte.trimmed(frame.module)
    if !module.isEmpty {
      // Every rule of `module(_:)` needs a digit; most modules have none.
      guard module.utf8.contains(where: GroupingByte.isDigit) else { return module }
      return self.module(Array(module.utf8)[...])
    }
    let path = frame.filename.isEmpty ? frame.absPath : frame.filename
    return fileName(GroupingByte.trimmed(Array(path.utf8)[...]))
  }

  /// The trimmed context line, when short enough to identify the line of code.
  func contextLine(of frame: StackFrame) -> String? {
    let line = GroupingByte.trimmed(frame.contextLine)
    let count = line.utf8.count
    if count == 0 { return nil }
    // A scalar takes one to four bytes, so only lines in between need counting; lines of
    // minified code run to megabytes.
    if count >= 4 * Self.contextLineLimit { return nil }
    if count >= Self.contextLineLimit {
      var scalars = 0
      for byte in line.utf8 where byte & 0xc0 != 0x80 {
        scalars += 1
        if scalars >= Self.contextLineLimit { return nil }
      }
    }
    return line
  }

  /// The base name of a file path or URL, with build hashes and versions masked.
  func fileName(_ path: ArraySlice<UInt8>) -> String {
    var end = path.endIndex
    if let cut = path.firstIndex(where: { $0 == .question || $0 == .numberSign }) { end = cut }
    end = Self.withoutLineSuffix(path[path.startIndex..<end])
    var start = end
    while start > path.startIndex, path[start - 1] != .slash, path[start - 1] != .backslash {
      start -= 1
    }
    let name = path[start..<end]
    return Self.rewriteWords(name) { word, before, after, _ in
      if Self.isBuildHash(word, minimumLength: 7) { return Self.hashPlaceholder }
      if word.allSatisfy(GroupingByte.isDigit) { return Self.numberPlaceholder }
      // A version such as v3.6.0: `v` and digits, then a dot and a digit.
      if word.count >= 2, word.first! | 0x20 == UInt8(ascii: "v"),
        word.dropFirst().allSatisfy(GroupingByte.isDigit), after.count >= 2, after.first == .dot,
        GroupingByte.isDigit(after[after.startIndex + 1])
      {
        return Self.numberPlaceholder
      }
      // Vite and Rollup name chunks `name-<8 characters of base64url>.js`.
      if word.count == 8, before.last == .minus, after.first == .dot,
        word.contains(where: GroupingByte.isDigit) || Self.hasInnerCapital(word)
      {
        return Self.hashPlaceholder
      }
      return nil
    }
  }

  /// The module name with build hashes, `0x` addresses and `$`-numbers masked.
  func module(_ name: ArraySlice<UInt8>) -> String {
    // Every rule needs a digit.
    guard name.contains(where: GroupingByte.isDigit) else {
      return String(decoding: name, as: UTF8.self)
    }
    return Self.rewriteWords(name) { word, before, _, _ in
      if Self.isBuildHash(word, minimumLength: 7) || Self.isAddress(word) {
        return Self.hashPlaceholder
      }
      if before.last == .dollar, word.allSatisfy(GroupingByte.isDigit) {
        return Self.numberPlaceholder
      }
      return nil
    }
  }

  /// The function name with the numbers of lambdas and closures unified.
  func function(_ name: String) -> String {
    // Every rule needs a digit.
    guard name.utf8.contains(where: GroupingByte.isDigit) else { return GroupingByte.trimmed(name) }
    let original = Array(name.utf8)
    var bytes = Array(GroupingByte.trimmed(original[...]))
    Self.removeRubyBlockLevels(&bytes)
    Self.removeRustHash(&bytes)
    let end = Self.withoutLineSuffix(bytes[...])
    return Self.rewriteWords(bytes[..<end]) { word, before, _, previousNumbered in
      guard let last = word.lastIndex(where: { !GroupingByte.isDigit($0) }) else {
        // A whole word of digits: numbered after `$`, `#` or `__`, or after one separator
        // that follows a marker or another number (`lambda_1`, `b__0_1`, `func1.2`).
        if before.last == .dollar || before.last == .numberSign
          || before.suffix(2).elementsEqual([.underscore, .underscore])
        {
          return Self.numberPlaceholder
        }
        guard let separator = before.last, !GroupingByte.isWord(separator) else { return nil }
        let previous = before.dropLast()
        guard let previousWordEnd = previous.last, GroupingByte.isWord(previousWordEnd) else {
          return nil
        }
        var wordStart = previous.endIndex
        while wordStart > previous.startIndex, GroupingByte.isWord(previous[wordStart - 1]) {
          wordStart -= 1
        }
        let previousWord = previous[wordStart...]
        return previousNumbered || Self.endsWithMarker(previousWord) ? Self.numberPlaceholder : nil
      }
      // Letters then digits: numbered when the letters end with a marker (`func1`).
      let digitsStart = last + 1
      guard digitsStart < word.endIndex, Self.endsWithMarker(word[..<digitsStart]) else {
        return nil
      }
      return String(decoding: word[..<digitsStart], as: UTF8.self) + Self.numberPlaceholder
    }
  }

  /// What build hashes and addresses become.
  static let hashPlaceholder = "<hash>"
  /// What version numbers and the numbers of numbered functions become.
  static let numberPlaceholder = "<n>"

  /// Rebuilds `bytes`, replacing each word (run of letters and digits) for which `replace`
  /// returns a string.
  ///
  /// `replace` sees the word, everything before and after it, and whether the word before
  /// it, one separator away, was rewritten to end with ``numberPlaceholder``. Two
  /// ``numberPlaceholder``s joined by one dot merge, so `3.6.0` is a single `<n>`.
  private static func rewriteWords(
    _ bytes: ArraySlice<UInt8>,
    _ replace: (
      _ word: ArraySlice<UInt8>, _ before: ArraySlice<UInt8>, _ after: ArraySlice<UInt8>,
      _ previousNumbered: Bool
    ) -> String?
  ) -> String {
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var index = bytes.startIndex
    var previousWasNumber = false
    var previousEnd = bytes.startIndex
    while index < bytes.endIndex {
      guard GroupingByte.isWord(bytes[index]) else {
        output.append(bytes[index])
        index += 1
        continue
      }
      var end = index
      while end < bytes.endIndex, GroupingByte.isWord(bytes[end]) { end += 1 }
      let before = bytes[bytes.startIndex..<index]
      let after = bytes[end..<bytes.endIndex]
      let previousNumbered = previousWasNumber && index - previousEnd == 1
      if let replacement = replace(bytes[index..<end], before, after, previousNumbered) {
        let isNumber = replacement == numberPlaceholder
        if isNumber, previousNumbered, bytes[previousEnd] == .dot {
          output.removeLast()
        } else {
          output.append(contentsOf: replacement.utf8)
        }
        previousWasNumber = replacement.hasSuffix(numberPlaceholder)
      } else {
        output.append(contentsOf: bytes[index..<end])
        previousWasNumber = false
      }
      previousEnd = end
      index = end
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// Whether `word` is hex of at least `minimumLength` digits with a decimal digit among them.
  private static func isBuildHash(_ word: ArraySlice<UInt8>, minimumLength: Int) -> Bool {
    word.count >= minimumLength && word.allSatisfy(GroupingByte.isHex)
      && word.contains(where: GroupingByte.isDigit)
  }

  /// Whether `word` is a `0x` address.
  private static func isAddress(_ word: ArraySlice<UInt8>) -> Bool {
    word.count > 2 && word.first == UInt8(ascii: "0")
      && word.dropFirst().first! | 0x20 == UInt8(ascii: "x")
      && word.dropFirst(2).allSatisfy(GroupingByte.isHex)
  }

  /// Whether a lowercase letter is followed by a capital in `word` (`DiwrgTda`).
  private static func hasInnerCapital(_ word: ArraySlice<UInt8>) -> Bool {
    zip(word, word.dropFirst()).contains { GroupingByte.isLower($0) && GroupingByte.isUpper($1) }
  }

  /// Whether `letters` ends with one of ``numberedMarkers``, in any case.
  private static func endsWithMarker(_ letters: ArraySlice<UInt8>) -> Bool {
    numberedMarkers.contains { marker in
      letters.count >= marker.count
        && zip(letters.suffix(marker.count), marker).allSatisfy { $0 | 0x20 == $1 }
    }
  }

  /// The end of `bytes` without a trailing `:line` or `:line:column`.
  private static func withoutLineSuffix(_ bytes: ArraySlice<UInt8>) -> Int {
    var end = bytes.endIndex
    for _ in 0..<2 {
      var digits = end
      while digits > bytes.startIndex, GroupingByte.isDigit(bytes[digits - 1]) { digits -= 1 }
      guard digits < end, digits > bytes.startIndex, bytes[digits - 1] == .colon else { break }
      end = digits - 1
    }
    return end
  }

  /// Turns Ruby's `block (2 levels) in f` into `block in f`.
  private static func removeRubyBlockLevels(_ bytes: inout [UInt8]) {
    let opening = rubyBlockOpening
    let closing = rubyBlockClosing
    var index = 0
    while index + opening.count <= bytes.count {
      guard bytes[index..<(index + opening.count)].elementsEqual(opening) else {
        index += 1
        continue
      }
      var digits = index + opening.count
      while digits < bytes.count, GroupingByte.isDigit(bytes[digits]) { digits += 1 }
      if digits > index + opening.count, digits + closing.count <= bytes.count,
        bytes[digits..<(digits + closing.count)].elementsEqual(closing)
      {
        // Keep `block`, drop ` (N levels)`.
        bytes.removeSubrange((index + 5)..<(digits + closing.count))
      }
      index += 5
    }
  }

  private static let rubyBlockOpening = Array("block (".utf8)
  private static let rubyBlockClosing = Array(" levels)".utf8)

  /// Drops the `::h` + 16 hex digits hash that Rust appends to symbol names.
  private static func removeRustHash(_ bytes: inout [UInt8]) {
    let length = 19
    guard bytes.count > length else { return }
    let suffix = bytes[(bytes.count - length)...]
    guard suffix.starts(with: [.colon, .colon, UInt8(ascii: "h")]),
      suffix.dropFirst(3).allSatisfy(GroupingByte.isHex)
    else { return }
    bytes.removeLast(length)
  }
}

extension UInt8 {
  fileprivate static let question = UInt8(ascii: "?")
  fileprivate static let numberSign = UInt8(ascii: "#")
  fileprivate static let colon = UInt8(ascii: ":")
  fileprivate static let slash = UInt8(ascii: "/")
  fileprivate static let backslash = UInt8(ascii: "\\")
  fileprivate static let dot = UInt8(ascii: ".")
  fileprivate static let minus = UInt8(ascii: "-")
  fileprivate static let underscore = UInt8(ascii: "_")
  fileprivate static let dollar = UInt8(ascii: "$")
}
