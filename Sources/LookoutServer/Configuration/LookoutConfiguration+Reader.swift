import Foundation
import LookoutStore
import Yams

/// Errors met while reading the configuration.
public enum ConfigurationError: Error, CustomStringConvertible {
  /// The YAML file could not be read or parsed.
  case unreadable(path: String, detail: String)
  /// A value has the wrong form.
  case invalid(key: String, detail: String)

  public var description: String {
    switch self {
    case .unreadable(let path, let detail): "cannot read \(path): \(detail)"
    case .invalid(let key, let detail): "invalid \(key): \(detail)"
    }
  }
}

/// The shape of `lookout.yml`; every key is optional.
struct ConfigurationFile: Decodable {
  struct Limits: Decodable {
    var maxBodyBytes: Int?
    var maxDecompressedBytes: Int?
    var maxQueuedRows: Int?
    enum CodingKeys: String, CodingKey {
      case maxBodyBytes = "max_body_bytes"
      case maxDecompressedBytes = "max_decompressed_bytes"
      case maxQueuedRows = "max_queued_rows"
    }
  }
  struct Retention: Decodable {
    var rawDays: Int?
    var rollupDays: Int?
    enum CodingKeys: String, CodingKey {
      case rawDays = "raw_days"
      case rollupDays = "rollup_days"
    }
  }
  struct Sources: Decodable {
    var nginx: [NginxSourceConfiguration]?
    var slowlogs: [SlowLogSourceConfiguration]?
    var logs: [LogSourceConfiguration]?
  }
  struct Errors: Decodable {
    var eventsPerSecond: Int?
    var maxEventBytes: Int?
    enum CodingKeys: String, CodingKey {
      case eventsPerSecond = "events_per_second"
      case maxEventBytes = "max_event_bytes"
    }
  }
  struct Alerts: Decodable {
    var webhooks: [String]?
  }

  var http: String?
  var data: String?
  var adminUser: String?
  var adminPassword: String?
  var ingestKey: String?
  var apiToken: String?
  var durability: DatabaseOpener.Durability?
  var demo: Bool?
  var limits: Limits?
  var retention: Retention?
  var routes: [String]?
  var openapi: String?
  var domains: [DomainRuleConfiguration]?
  var sources: Sources?
  var errors: Errors?
  var alerts: Alerts?
  var traces: Traces?

  struct Traces: Decodable {
    var otlpHTTP: String?
    var xrayUDP: String?
    var xrayProject: Int64?
    var xrayEnvironment: String?

    enum CodingKeys: String, CodingKey {
      case otlpHTTP = "otlp_http"
      case xrayUDP = "xray_udp"
      case xrayProject = "xray_project"
      case xrayEnvironment = "xray_environment"
    }
  }

  enum CodingKeys: String, CodingKey {
    case http, data, durability, demo, limits, retention, routes, openapi, domains, sources
    case errors, alerts, traces
    case adminUser = "admin_user"
    case adminPassword = "admin_password"
    case ingestKey = "ingest_key"
    case apiToken = "api_token"
  }
}

extension LookoutConfiguration {
  /// Reads `lookout.yml` (when `path` is given, or `./lookout.yml` exists), then applies
  /// `LOOKOUT_*` variables from `environment` on top.
  ///
  /// Variables: `LOOKOUT_HTTP` (`host:port`), `LOOKOUT_DATA`, `LOOKOUT_ADMIN_USER`,
  /// `LOOKOUT_ADMIN_PASSWORD`, `LOOKOUT_INGEST_KEY`, `LOOKOUT_API_TOKEN`,
  /// `LOOKOUT_DURABILITY` (`full`, `normal`), `LOOKOUT_DEMO` (`1`, `true`),
  /// `LOOKOUT_WEBHOOKS` (comma-separated URLs), `LOOKOUT_ERROR_EVENTS_PER_SECOND`,
  /// `LOOKOUT_OTLP_HTTP` and `LOOKOUT_XRAY_UDP` (`host:port` or `off`; by default
  /// `0.0.0.0:4318` and `0.0.0.0:2000`, left off with a warning when taken).
  /// - Throws: ``ConfigurationError`` for an unreadable file or a malformed value.
  public static func load(
    path: String?, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> LookoutConfiguration {
    var configuration = LookoutConfiguration()
    // `lookout serve` listens where SDKs send by default; explicit settings override.
    configuration.otlpHTTP = ListenerAddress(host: "0.0.0.0", port: 4318, required: false)
    configuration.xrayUDP = ListenerAddress(host: "0.0.0.0", port: 2000, required: false)
    let filePath =
      path ?? (FileManager.default.fileExists(atPath: "lookout.yml") ? "lookout.yml" : nil)
    if let filePath {
      let text: String
      do {
        text = try String(contentsOfFile: filePath, encoding: .utf8)
      } catch {
        throw ConfigurationError.unreadable(path: filePath, detail: "\(error)")
      }
      try configuration.apply(yaml: text, path: filePath)
    }
    try configuration.apply(environment: environment)
    return configuration
  }

  /// Applies the settings of a `lookout.yml` text.
  mutating func apply(yaml text: String, path: String) throws {
    let decoder = YAMLDecoder()
    let file: ConfigurationFile
    do {
      file = try decoder.decode(ConfigurationFile.self, from: text, userInfo: [:])
    } catch {
      throw ConfigurationError.unreadable(path: path, detail: "\(error)")
    }
    if let http = file.http { try setHTTP(http) }
    if let data = file.data { dataDirectory = data }
    if let value = file.adminUser { adminUser = value }
    if let value = file.adminPassword { adminPassword = value }
    if let value = file.ingestKey { ingestKey = value }
    if let value = file.apiToken { apiToken = value }
    if let value = file.durability { durability = value }
    if let value = file.demo { demo = value }
    if let value = file.limits?.maxBodyBytes { maxBodyBytes = value }
    if let value = file.limits?.maxDecompressedBytes { maxDecompressedBytes = value }
    if let value = file.limits?.maxQueuedRows { maxQueuedRows = value }
    if let value = file.retention?.rawDays { rawRetentionDays = value }
    if let value = file.retention?.rollupDays { rollupRetentionDays = value }
    if let value = file.routes { routes = value }
    if let value = file.openapi { openAPIFile = value }
    if let value = file.domains { domainRules = value }
    if let value = file.sources?.nginx { nginxSources = value }
    if let value = file.sources?.slowlogs { slowLogSources = value }
    if let value = file.sources?.logs { logSources = value }
    if let value = file.errors?.eventsPerSecond { errorEventsPerSecond = value }
    if let value = file.errors?.maxEventBytes { maxEventBytes = value }
    if let value = file.alerts?.webhooks { webhooks = value }
    if let value = file.traces?.otlpHTTP {
      otlpHTTP = try ListenerAddress(parsing: value, key: "traces.otlp_http")
    }
    if let value = file.traces?.xrayUDP {
      xrayUDP = try ListenerAddress(parsing: value, key: "traces.xray_udp")
    }
    if let value = file.traces?.xrayProject { xrayContext.project = value }
    if let value = file.traces?.xrayEnvironment { xrayContext.environment = value }
  }

  /// Applies `LOOKOUT_*` variables.
  mutating func apply(environment: [String: String]) throws {
    if let http = environment["LOOKOUT_HTTP"] { try setHTTP(http) }
    if let value = environment["LOOKOUT_DATA"] { dataDirectory = value }
    if let value = environment["LOOKOUT_ADMIN_USER"] { adminUser = value }
    if let value = environment["LOOKOUT_ADMIN_PASSWORD"] { adminPassword = value }
    if let value = environment["LOOKOUT_INGEST_KEY"] { ingestKey = value }
    if let value = environment["LOOKOUT_API_TOKEN"] { apiToken = value }
    if let value = environment["LOOKOUT_DURABILITY"] {
      guard let parsed = DatabaseOpener.Durability(rawValue: value.lowercased()) else {
        throw ConfigurationError.invalid(
          key: "LOOKOUT_DURABILITY", detail: "expected full or normal")
      }
      durability = parsed
    }
    if let value = environment["LOOKOUT_DEMO"] {
      demo = ["1", "true", "yes"].contains(value.lowercased())
    }
    if let value = environment["LOOKOUT_WEBHOOKS"] {
      webhooks = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }
    }
    if let value = environment["LOOKOUT_OTLP_HTTP"] {
      otlpHTTP = try ListenerAddress(parsing: value, key: "LOOKOUT_OTLP_HTTP")
    }
    if let value = environment["LOOKOUT_XRAY_UDP"] {
      xrayUDP = try ListenerAddress(parsing: value, key: "LOOKOUT_XRAY_UDP")
    }
    if let value = environment["LOOKOUT_ERROR_EVENTS_PER_SECOND"] {
      guard let rate = Int(value), rate > 0 else {
        throw ConfigurationError.invalid(
          key: "LOOKOUT_ERROR_EVENTS_PER_SECOND", detail: "expected a positive number")
      }
      errorEventsPerSecond = rate
    }
  }

  /// Sets host and port from `host:port`, `:port` or `port`.
  public mutating func setHTTP(_ address: String) throws {
    let parts = address.split(separator: ":", omittingEmptySubsequences: false)
    guard let portText = parts.last, let port = Int(portText), (0...65535).contains(port) else {
      throw ConfigurationError.invalid(key: "http", detail: "expected host:port, got \(address)")
    }
    httpPort = port
    if parts.count > 1, !parts[0].isEmpty { httpHost = parts.dropLast().joined(separator: ":") }
  }
}
