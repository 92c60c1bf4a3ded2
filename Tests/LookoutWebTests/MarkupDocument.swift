import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Chart markup parsed as XML, for the trace chart tests: every element in document order with
/// its attributes, text and parent.
final class MarkupDocument: NSObject, XMLParserDelegate {
  /// One parsed element.
  struct Element {
    /// Element name, e.g. `rect`.
    var name: String
    /// Attributes, already XML-unescaped by the parser.
    var attributes: [String: String]
    /// Concatenated character data directly inside the element.
    var text: String
    /// Index of the element in ``MarkupDocument/elements``.
    var index: Int
    /// Index of the enclosing element, nil for the root.
    var parent: Int?
    /// The `class` attribute split into tokens.
    var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }
    /// A numeric attribute (a trailing `%` is dropped), or nil.
    func number(_ key: String) -> Double? {
      guard var value = attributes[key] else { return nil }
      if value.hasSuffix("%") { value.removeLast() }
      return Double(value)
    }
  }

  /// Elements in document order.
  private(set) var elements: [Element] = []
  /// The parse error, if the markup is not well-formed XML.
  private(set) var parseError: Error?
  /// Indexes of the currently open elements.
  private var stack: [Int] = []

  /// Parses `markup`; check ``parseError`` for well-formedness.
  init(_ markup: String) {
    super.init()
    let parser = XMLParser(data: Data(markup.utf8))
    parser.delegate = self
    if !parser.parse() && parseError == nil {
      parseError = parser.parserError ?? CocoaError(.fileReadCorruptFile)
    }
  }

  /// The root element.
  var root: Element? { elements.first }

  /// Elements named `name` (any name when nil) that carry the class token `token` (any class
  /// when nil).
  func all(_ name: String?, class token: String? = nil) -> [Element] {
    elements.filter { element in
      (name == nil || element.name == name) && (token.map { element.classes.contains($0) } ?? true)
    }
  }

  /// The elements inside `ancestor` (at any depth) matching `name` and `token`.
  func descendants(of ancestor: Element, _ name: String?, class token: String? = nil) -> [Element] {
    elements.indices.filter { index in
      var parent = elements[index].parent
      while let current = parent {
        if current == ancestor.index { return true }
        parent = elements[current].parent
      }
      return false
    }
    .map { elements[$0] }
    .filter { ($0.name == name || name == nil) && (token.map($0.classes.contains) ?? true) }
  }

  /// The concatenated text of `element` and everything inside it, in document order.
  func fullText(of element: Element) -> String {
    ([element] + descendants(of: element, nil)).map(\.text).joined()
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    elements.append(
      Element(
        name: elementName, attributes: attributeDict, text: "", index: elements.count,
        parent: stack.last))
    stack.append(elements.count - 1)
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    stack.removeLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if let index = stack.last { elements[index].text += string }
  }

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
    self.parseError = parseError
  }
}

/// Decodes the `data-chart` JSON on the root element of `document`.
func chartData(_ document: MarkupDocument) throws -> [String: Any] {
  let raw = try #require(document.root?.attributes["data-chart"])
  let object = try JSONSerialization.jsonObject(with: Data(raw.utf8))
  return try #require(object as? [String: Any])
}

/// Labels that try to break out of markup, attributes, JSON and scripts.
let hostileLabel = "</div></svg><script>alert('x')</script> \"quoted\" & <b>bold</b> \u{1}"
