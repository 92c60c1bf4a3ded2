import Foundation
import LookoutAnalysis
import LookoutCore
import Synchronization
import Yams

/// Fills the route and domain of decoded requests, with one learning templater per project.
public final class RequestEnricher: Sendable {
  private let routes: [String]
  private let classifier: DomainClassifier
  private let templaters = Mutex<[Int64: RouteTemplater]>([:])

  /// Builds the enricher from the configured routes, OpenAPI file and domain rules.
  /// - Throws: ``ConfigurationError`` for an unreadable OpenAPI file or a bad rule.
  public init(configuration: LookoutConfiguration) throws {
    var routes = configuration.routes
    if let file = configuration.openAPIFile { routes += try OpenAPIRoutes.load(path: file) }
    self.routes = routes
    do {
      self.classifier = try DomainClassifier(rules: configuration.domainRules.map(Self.rule))
    } catch {
      throw ConfigurationError.invalid(key: "domains", detail: "\(error)")
    }
  }

  /// Sets ``RequestRecord/route`` and ``RequestRecord/domain`` of every record.
  public func enrich(_ records: inout [RequestRecord], project: Int64) {
    templaters.withLock { templaters in
      var templater = templaters.removeValue(forKey: project) ?? RouteTemplater(routes: routes)
      for index in records.indices {
        records[index].route = templater.template(
          records[index].path, method: records[index].method)
        // By route, not path: a slug at the root then makes one domain, not one per user.
        records[index].domain = classifier.domain(
          path: records[index].route, host: records[index].host)
      }
      templaters[project] = templater
    }
  }

  /// `route` rewritten with what the project's templater has learned since it was stored.
  public func retemplate(_ route: String, project: Int64) -> String {
    templaters.withLock { $0[project]?.retemplate(route) } ?? route
  }

  static func rule(_ rule: DomainRuleConfiguration) throws -> DomainClassifier.Rule {
    if let prefix = rule.prefix, let domain = rule.domain {
      return .pathPrefix(prefix, domain: domain)
    }
    if let regex = rule.regex, let domain = rule.domain {
      return .pathPattern(regex, domain: domain)
    }
    if rule.host == "*" { return .hostName }
    if let host = rule.host, let domain = rule.domain { return .host(host, domain: domain) }
    throw ConfigurationError.invalid(
      key: "domains",
      detail: "a rule needs prefix, regex or host, and a domain (host: \"*\" needs none)")
  }
}

/// Reads the route templates of an OpenAPI document (YAML or JSON).
enum OpenAPIRoutes {
  /// The keys of `paths`, prefixed with the path of the first server URL when it has one.
  static func load(path: String) throws -> [String] {
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw ConfigurationError.unreadable(path: path, detail: "\(error)")
    }
    guard let document = try? Yams.load(yaml: text) as? [String: Any],
      let paths = document["paths"] as? [String: Any]
    else {
      throw ConfigurationError.invalid(key: "openapi", detail: "\(path) has no paths object")
    }
    var prefix = ""
    if let servers = document["servers"] as? [[String: Any]],
      let url = servers.first?["url"] as? String
    {
      let serverPath = URLComponents(string: url)?.path ?? ""
      prefix = serverPath.hasSuffix("/") ? String(serverPath.dropLast()) : serverPath
    }
    return paths.keys.sorted().map { prefix + $0 }
  }
}
