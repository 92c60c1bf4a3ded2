/// A log format lowered to flat steps the line decoder runs without allocating.
///
/// A class, immutable once built, so that handing it to each line costs one retain.
final class NginxProgram: Sendable {
  /// How a variable's value is delimited in a line.
  enum Scan: UInt8, Sendable, BitwiseCopyable {
    /// Up to the next unescaped `"` (the variable sits between quotes).
    case quoted
    /// A run of digits (and `.` in times), or a single `-`.
    case number
    /// The 26 bytes of `$time_local`, which contain a space.
    case timeLocal
    /// Values separated by `, ` or ` : ` (upstream variables).
    case upstreamList
    /// Up to the next occurrence of the following literal; retried at later occurrences
    /// when the rest of the line does not match.
    case untilLiteral
    /// The rest of the line (the format ends with this variable, of no kind above).
    case rest
  }

  /// One literal to match, or one variable to delimit.
  struct Step: Sendable, BitwiseCopyable {
    /// Whether the step is a literal (else a variable).
    var isLiteral: Bool
    /// The variable's field; `.ignored` for literals.
    var field: NginxField
    /// How the variable is delimited.
    var scan: Scan
    /// A literal's bytes in ``NginxProgram/literals``; for a variable, the literal after it
    /// (empty when the variable ends the format).
    var literalStart: Int
    var literalCount: Int
  }

  let steps: [Step]
  /// Every literal's bytes, back to back.
  let literals: [UInt8]
  /// Variable names by step index (empty for literals), for error messages.
  let names: [String]
  let escape: NginxLogFormat.Escape
  /// Whether lines are JSON objects (see ``NginxLogFormat/isJSON``).
  let isJSON: Bool
  /// Whether the format's text begins with `{` (JSON or not).
  let startsWithBrace: Bool
  /// Normalized JSON key -> field: the format's own keys over the alias table.
  let jsonKeys: [String: NginxField]

  init(segments: [NginxLogFormat.Segment], escape: NginxLogFormat.Escape) {
    self.escape = escape
    var pieces = segments
    // Trailing whitespace in the format's last literal is trimmed from lines anyway.
    if case .literal(let text) = pieces.last {
      let trimmed = String(text.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
      pieces[pieces.count - 1] = .literal(trimmed)
      if trimmed.isEmpty { pieces.removeLast() }
    }
    // `{` opens a JSON object when escaped for JSON or followed by a key's quote; a text
    // format may also begin with a brace (`{$remote_addr}`), and then its lines are text.
    let opening: Substring
    if case .literal(let text) = pieces.first {
      opening = text.drop { $0 == " " }
    } else {
      opening = ""
    }
    isJSON = opening.hasPrefix("{") && (escape == .json || opening.dropFirst().first == "\"")
    startsWithBrace = opening.hasPrefix("{")
    jsonKeys = NginxJSONKeys.table(overriding: isJSON ? NginxJSONKeys.keys(in: pieces) : [:])

    var steps: [Step] = []
    var literals: [UInt8] = []
    var names: [String] = []
    for (index, piece) in pieces.enumerated() {
      switch piece {
      case .literal(let text):
        steps.append(
          Step(
            isLiteral: true, field: .ignored, scan: .rest, literalStart: literals.count,
            literalCount: text.utf8.count))
        literals.append(contentsOf: text.utf8)
        names.append("")
      case .variable(let name):
        let field = NginxField(variable: name)
        let previous = index > 0 ? Self.text(of: pieces[index - 1]) : ""
        let next = index + 1 < pieces.count ? Self.text(of: pieces[index + 1]) : ""
        let scan: Scan
        if previous.hasSuffix("\"") && next.hasPrefix("\"") && escape != .none {
          scan = .quoted
        } else if field.isNumeric {
          scan = .number
        } else if field == .timeLocal {
          scan = .timeLocal
        } else if field.isUpstreamList {
          scan = .upstreamList
        } else if next.isEmpty {
          scan = .rest
        } else {
          scan = .untilLiteral
        }
        // The literal's offset is known once it is appended, right after this step.
        steps.append(
          Step(
            isLiteral: false, field: field, scan: scan, literalStart: literals.count,
            literalCount: next.utf8.count))
        names.append(name)
      }
    }
    self.steps = steps
    self.literals = literals
    self.names = names
  }

  private static func text(of segment: NginxLogFormat.Segment) -> String {
    if case .literal(let text) = segment { return text }
    return ""
  }
}
