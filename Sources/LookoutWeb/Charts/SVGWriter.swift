/// A tiny streaming writer for well-formed SVG markup.
///
/// Attribute values and text are escaped (the five HTML specials, plus characters XML 1.0
/// forbids are dropped), so callers pass raw strings. Elements opened with ``open(_:_:)`` are
/// closed by ``close()`` or by ``finish()``.
///
/// ```swift
/// var writer = SVGWriter()
/// writer.open("svg", [("viewBox", "0 0 10 10")])
/// writer.element("path", [("class", "line s0"), ("d", "M0 0L10 10")])
/// let markup = writer.finish()
/// ```
struct SVGWriter {
  /// The markup written so far (elements still open are not closed yet).
  private(set) var output = ""
  /// Names of the elements currently open, innermost last.
  private var openElements: [String] = []

  /// Creates an empty writer, reserving room for `capacity` UTF-8 bytes.
  init(capacity: Int = 4_096) {
    output.reserveCapacity(capacity)
  }

  /// Opens `name` with `attributes`, in order; it stays open until ``close()``.
  mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
    writeStartTag(name, attributes)
    output += ">"
    openElements.append(name)
  }

  /// Closes the innermost open element; does nothing when none is open.
  mutating func close() {
    guard let name = openElements.popLast() else { return }
    output += "</\(name)>"
  }

  /// Writes a complete element: self-closing when `text` is nil, else with escaped `text`.
  mutating func element(_ name: String, _ attributes: [(String, String)] = [], text: String? = nil)
  {
    writeStartTag(name, attributes)
    if let text {
      output += ">" + SVGWriter.escape(text) + "</\(name)>"
    } else {
      output += "/>"
    }
  }

  /// Closes every element still open and returns the markup.
  mutating func finish() -> String {
    while !openElements.isEmpty { close() }
    return output
  }

  /// Escapes `text` for XML/HTML text or a quoted attribute value.
  ///
  /// Applies ``HumanFormat/escapeHTML(_:)`` after dropping the code points XML 1.0 does not
  /// allow at all (C0 controls other than tab, newline and carriage return; U+FFFE; U+FFFF), so
  /// the SVG always parses as XML.
  static func escape(_ text: String) -> String {
    let clean: String
    if text.unicodeScalars.contains(where: isForbiddenInXML) {
      var scalars = String.UnicodeScalarView()
      scalars.append(contentsOf: text.unicodeScalars.filter { !isForbiddenInXML($0) })
      clean = String(scalars)
    } else {
      clean = text
    }
    return HumanFormat.escapeHTML(clean)
  }

  /// Renders a coordinate with at most two decimals and no exponent (`12.5`, `0`, `-3.25`).
  static func number(_ value: Double) -> String {
    HumanFormat.fixed(value, decimals: 2)
  }

  /// Renders a data value for JSON: six significant digits (the integer part is always kept
  /// whole), no exponent, `null` when non-finite.
  ///
  /// Values with at most six significant digits (the usual case) round-trip exactly; more
  /// precision is of no use to a tooltip and would only bloat the page.
  static func jsonNumber(_ value: Double) -> String {
    guard value.isFinite else { return "null" }
    if value == 0 { return "0" }
    let magnitude = ChartScale.decimalExponent(abs(value))
    return HumanFormat.fixed(value, decimals: min(max(5 - magnitude, 0), 15))
  }

  /// Whether XML 1.0 forbids `scalar` everywhere, even escaped.
  private static func isForbiddenInXML(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D: return false
    case 0..<0x20, 0xFFFE, 0xFFFF: return true
    default: return false
    }
  }

  /// Writes `<name a="v" ...` without the closing bracket.
  private mutating func writeStartTag(_ name: String, _ attributes: [(String, String)]) {
    output += "<" + name
    for (key, value) in attributes {
      output += " " + key + "=\"" + SVGWriter.escape(value) + "\""
    }
  }
}
