/// A regular expression taken apart: the tree the compiler turns into a byte program.
indirect enum RegexNode: Sendable {
  /// Matches the empty string.
  case empty
  /// One byte from the set.
  case set(ByteSet)
  /// The nodes one after another.
  case concat([RegexNode])
  /// The first alternative that leads to a match is preferred.
  case alternation([RegexNode])
  /// `node{min,max}`; `max` nil is unbounded; `greedy` prefers more repetitions.
  case repetition(RegexNode, min: Int, max: Int?, greedy: Bool)
  /// A capturing group with its number (from 1).
  case capture(RegexNode, index: Int)
  /// A zero-width condition.
  case assertion(RegexAssertion)
}

/// Zero-width conditions.
enum RegexAssertion: Sendable {
  case textStart, textEnd, wordBoundary, notWordBoundary
}

/// Why a regular expression did not compile, with the character offset in the pattern.
struct RegexSyntaxError: Error, Sendable {
  var message: String
  var offset: Int
}

/// Parses regular expression syntax: literals, `.`, classes `[a-z]` `[^...]`, `\d \w \s`
/// and their negations, anchors `^ $ \b \B`, groups `( )`, `(?: )`, `(?<name> )`,
/// `(?i)`, alternation, and `* + ? {m} {m,} {m,n}` each greedy or lazy (`?` after).
struct RegexParser {
  private let scalars: [Unicode.Scalar]
  private var index = 0
  private var caseInsensitive = false
  private(set) var groupNames: [Int: String] = [:]
  private(set) var groupCount = 0

  /// Repetition bounds above this are refused: the program grows with them.
  static let maxRepeat = 1000

  init(_ pattern: String) {
    scalars = Array(pattern.unicodeScalars)
  }

  mutating func parse() throws(RegexSyntaxError) -> RegexNode {
    let node = try alternation()
    if index < scalars.count {
      throw RegexSyntaxError(message: "unmatched ')'", offset: index)
    }
    return node
  }

  private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
    index + ahead < scalars.count ? scalars[index + ahead] : nil
  }

  private mutating func alternation() throws(RegexSyntaxError) -> RegexNode {
    var branches = [try concatenation()]
    while peek() == "|" {
      index += 1
      branches.append(try concatenation())
    }
    return branches.count == 1 ? branches[0] : .alternation(branches)
  }

  private mutating func concatenation() throws(RegexSyntaxError) -> RegexNode {
    var items: [RegexNode] = []
    let savedFlag = caseInsensitive
    defer { caseInsensitive = savedFlag }
    while let scalar = peek(), scalar != "|", scalar != ")" {
      if scalar == "(", peek(1) == "?", peek(2) == "i", peek(3) == ")" {
        index += 4
        caseInsensitive = true
        continue
      }
      let atom = try self.atom()
      items.append(try quantified(atom))
    }
    return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .concat(items))
  }

  private mutating func quantified(_ atom: RegexNode) throws(RegexSyntaxError) -> RegexNode {
    var node = atom
    while let scalar = peek() {
      let start = index
      var bounds: (Int, Int?)
      switch scalar {
      case "*": bounds = (0, nil)
      case "+": bounds = (1, nil)
      case "?": bounds = (0, 1)
      case "{":
        guard let parsed = try repeatBounds() else { return node }
        bounds = parsed
        index -= 1
      default: return node
      }
      index += 1
      if case .assertion = atom {
        throw RegexSyntaxError(message: "nothing to repeat before '\(scalar)'", offset: start)
      }
      var greedy = true
      if peek() == "?" {
        greedy = false
        index += 1
      }
      node = .repetition(node, min: bounds.0, max: bounds.1, greedy: greedy)
    }
    return node
  }

  /// Reads `{m}`, `{m,}` or `{m,n}`; a `{` not followed by that is a literal brace.
  private mutating func repeatBounds() throws(RegexSyntaxError) -> (Int, Int?)? {
    var cursor = index + 1
    func number() -> Int? {
      var value = 0
      var digits = 0
      while cursor < scalars.count, let digit = Int(String(scalars[cursor])), digits < 7 {
        value = value * 10 + digit
        digits += 1
        cursor += 1
      }
      return digits > 0 ? value : nil
    }
    guard let low = number() else { return nil }
    var high: Int? = low
    if cursor < scalars.count, scalars[cursor] == "," {
      cursor += 1
      high = number()
    }
    guard cursor < scalars.count, scalars[cursor] == "}" else { return nil }
    if let high, high < low {
      throw RegexSyntaxError(
        message: "repetition {\(low),\(high)} has max below min", offset: index)
    }
    if low > RegexParser.maxRepeat || (high ?? 0) > RegexParser.maxRepeat {
      throw RegexSyntaxError(
        message: "repetition count above \(RegexParser.maxRepeat)", offset: index)
    }
    index = cursor + 1
    return (low, high)
  }

  private mutating func atom() throws(RegexSyntaxError) -> RegexNode {
    let start = index
    guard let scalar = peek() else { return .empty }
    index += 1
    switch scalar {
    case ".": return RegexParser.anyCharacter(excludingNewline: true)
    case "^": return .assertion(.textStart)
    case "$": return .assertion(.textEnd)
    case "[": return try characterClass(start: start)
    case "(": return try group(start: start)
    case "\\": return try escape(start: start, inClass: false).node
    case "*", "+", "?":
      throw RegexSyntaxError(message: "nothing to repeat before '\(scalar)'", offset: start)
    default: return literal(scalar)
    }
  }

  private mutating func group(start: Int) throws(RegexSyntaxError) -> RegexNode {
    var captureIndex: Int?
    if peek() == "?" {
      if peek(1) == ":" {
        index += 2
      } else if peek(1) == "<" || (peek(1) == "P" && peek(2) == "<") {
        index += peek(1) == "P" ? 3 : 2
        var name = ""
        while let scalar = peek(), scalar != ">" {
          guard scalar.properties.isAlphabetic || scalar == "_" || ("0"..."9").contains(scalar)
          else {
            throw RegexSyntaxError(message: "bad character in group name", offset: index)
          }
          name.unicodeScalars.append(scalar)
          index += 1
        }
        guard peek() == ">", !name.isEmpty else {
          throw RegexSyntaxError(message: "group name must be (?<name>...)", offset: start)
        }
        index += 1
        groupCount += 1
        captureIndex = groupCount
        groupNames[groupCount] = name
      } else {
        throw RegexSyntaxError(message: "unsupported group syntax '(?'", offset: start)
      }
    } else {
      groupCount += 1
      captureIndex = groupCount
    }
    let inner = try alternation()
    guard peek() == ")" else {
      throw RegexSyntaxError(message: "missing ')' for the group", offset: start)
    }
    index += 1
    return captureIndex.map { .capture(inner, index: $0) } ?? inner
  }

  /// One character as bytes; with `(?i)` an ASCII letter matches both cases.
  private func literal(_ scalar: Unicode.Scalar) -> RegexNode {
    if scalar.isASCII {
      var set = ByteSet([UInt8(scalar.value)])
      if caseInsensitive { set = RegexParser.foldCase(set) }
      return .set(set)
    }
    return .concat(Array(String(scalar).utf8).map { .set(ByteSet([$0])) })
  }

  static func foldCase(_ set: ByteSet) -> ByteSet {
    var folded = set
    for byte in UInt8(ascii: "a")...UInt8(ascii: "z")
    where set.contains(byte) || set.contains(byte - 32) {
      folded.insert(byte)
      folded.insert(byte - 32)
    }
    return folded
  }

  /// Any whole UTF-8 character: one ASCII byte from `ascii`, or a multi-byte sequence.
  static func utf8Character(ascii: ByteSet) -> RegexNode {
    .alternation([
      .set(ascii),
      .concat([.set(ByteSet(0xC0...0xDF)), .set(.continuation)]),
      .concat([.set(ByteSet(0xE0...0xEF)), .set(.continuation), .set(.continuation)]),
      .concat([
        .set(ByteSet(0xF0...0xF7)), .set(.continuation), .set(.continuation), .set(.continuation),
      ]),
    ])
  }

  static func anyCharacter(excludingNewline: Bool) -> RegexNode {
    var ascii = ByteSet(0...0x7F)
    if excludingNewline { ascii = ByteSet(Array(0...0x7F).filter { $0 != 10 }) }
    return utf8Character(ascii: ascii)
  }

  /// An escape: a class (`\d`), an assertion (`\b`), or an escaped literal.
  private mutating func escape(start: Int, inClass: Bool) throws(RegexSyntaxError) -> (
    node: RegexNode, set: ByteSet?, negated: Bool, scalar: Unicode.Scalar?
  ) {
    guard let scalar = peek() else {
      throw RegexSyntaxError(message: "pattern ends with a lone backslash", offset: start)
    }
    index += 1
    func classNode(_ set: ByteSet, negated: Bool) -> (RegexNode, ByteSet?, Bool, Unicode.Scalar?) {
      (
        negated ? RegexParser.utf8Character(ascii: set.asciiComplement) : .set(set), set, negated,
        nil
      )
    }
    switch scalar {
    case "d": return classNode(.digits, negated: false)
    case "D": return classNode(.digits, negated: true)
    case "w": return classNode(.word, negated: false)
    case "W": return classNode(.word, negated: true)
    case "s": return classNode(.space, negated: false)
    case "S": return classNode(.space, negated: true)
    case "b" where !inClass: return (.assertion(.wordBoundary), nil, false, nil)
    case "B" where !inClass: return (.assertion(.notWordBoundary), nil, false, nil)
    case "n": return (literal("\n"), nil, false, "\n")
    case "t": return (literal("\t"), nil, false, "\t")
    case "r": return (literal("\r"), nil, false, "\r")
    default:
      if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
        throw RegexSyntaxError(message: "unsupported escape '\\\(scalar)'", offset: start)
      }
      return (literal(scalar), nil, false, scalar)
    }
  }

  private mutating func characterClass(start: Int) throws(RegexSyntaxError) -> RegexNode {
    var negated = false
    if peek() == "^" {
      negated = true
      index += 1
    }
    var set = ByteSet()
    var wide: [Unicode.Scalar] = []
    var first = true
    while true {
      guard let scalar = peek() else {
        throw RegexSyntaxError(message: "missing ']' for the character class", offset: start)
      }
      if scalar == "]" && !first { break }
      first = false
      let itemStart = index
      index += 1
      var low = scalar
      if scalar == "\\" {
        let escaped = try escape(start: itemStart, inClass: true)
        if let classSet = escaped.set {
          if escaped.negated {
            if negated {
              throw RegexSyntaxError(
                message: "negated escapes inside [^...] are not supported", offset: itemStart)
            }
            set.formUnion(classSet.asciiComplement)
            wide.append("\u{80}")  // marks: any non-ASCII character
          } else {
            set.formUnion(classSet)
          }
          continue
        }
        guard let literalScalar = escaped.scalar else { continue }
        low = literalScalar
      }
      var high = low
      if peek() == "-", let next = peek(1), next != "]" {
        index += 1
        high = next
        index += 1
        if next == "\\" {
          guard let escaped = peek() else { break }
          high = escaped
          index += 1
        }
        guard low.value <= high.value else {
          throw RegexSyntaxError(message: "class range out of order", offset: itemStart)
        }
      }
      if high.isASCII {
        set.insert(UInt8(low.value)...UInt8(high.value))
      } else if low == high {
        wide.append(low)
      } else {
        throw RegexSyntaxError(
          message: "ranges of non-ASCII characters are not supported", offset: itemStart)
      }
    }
    index += 1
    if caseInsensitive { set = RegexParser.foldCase(set) }
    if negated {
      if !wide.isEmpty {
        throw RegexSyntaxError(
          message: "non-ASCII characters inside [^...] are not supported", offset: start)
      }
      return RegexParser.utf8Character(ascii: set.asciiComplement)
    }
    if wide.contains("\u{80}") { return RegexParser.utf8Character(ascii: set) }
    guard !wide.isEmpty else { return .set(set) }
    return .alternation([.set(set)] + wide.map { literal($0) })
  }
}
