import Foundation
import Mustache

/// Renders the UI's pages from the Mustache templates in `Resources/templates`, and holds
/// the stylesheet and script, read once at start.
///
/// ```swift
/// let renderer = try WebRenderer()
/// let html = renderer.render(OverviewPage(...), chrome: chrome)
/// ```
public struct WebRenderer: Sendable {
  /// Errors loading the UI's files.
  public enum LoadError: Error, CustomStringConvertible {
    case missingResource(String)

    public var description: String {
      switch self {
      case .missingResource(let name): "UI resource \(name) is missing from the bundle"
      }
    }
  }

  private let library: MustacheLibrary
  /// `lookout.css`.
  public let stylesheet: String
  /// `lookout.js`.
  public let script: String

  /// Loads templates and assets from the module's bundle.
  ///
  /// - Throws: ``LoadError`` when a file is missing, Mustache's parser error for a broken
  ///   template.
  public init() throws {
    // Foundation places a bundle's resource URL at the bundle itself or in it, depending
    // on the platform: look for the folder in both.
    let candidates = [Bundle.module.resourceURL, Bundle.module.bundleURL].compactMap { $0 }
      .flatMap { [$0.appendingPathComponent("Resources"), $0] }
    guard
      let root = candidates.first(where: {
        FileManager.default.fileExists(atPath: $0.appendingPathComponent("templates").path)
      })
    else {
      throw LoadError.missingResource("Resources/templates")
    }
    func text(_ folder: String, _ name: String) throws -> String {
      let url = root.appendingPathComponent(folder).appendingPathComponent(name)
      guard let text = try? String(contentsOf: url, encoding: .utf8) else {
        throw LoadError.missingResource("\(folder)/\(name)")
      }
      return text
    }
    var library = MustacheLibrary()
    let templates = root.appendingPathComponent("templates")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: templates.path)) ?? []
    for name in names.sorted() where name.hasSuffix(".mustache") {
      try library.register(text("templates", name), named: String(name.dropLast(9)))
    }
    guard library.getTemplate(named: "layout") != nil else {
      throw LoadError.missingResource("templates/layout.mustache")
    }
    self.library = library
    stylesheet = try text("static", "lookout.css")
    script = try text("static", "lookout.js")
  }

  /// The whole HTML document of a page: `template` rendered with `content`, inside the
  /// layout with `chrome`.
  public func render(template: String, content: Any, chrome: PageChrome) -> String {
    let body = library.render(content, withTemplate: template) ?? "template \(template) missing"
    return library.render(LayoutContext(chrome: chrome, body: body), withTemplate: "layout")
      ?? body
  }

  /// A template rendered alone (the login page has no chrome).
  public func render(template: String, content: Any) -> String {
    library.render(content, withTemplate: template) ?? "template \(template) missing"
  }

  struct LayoutContext {
    var chrome: PageChrome
    var body: String
  }
}
