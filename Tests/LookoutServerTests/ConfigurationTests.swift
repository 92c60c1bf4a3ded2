import Foundation
import LookoutStore
import Testing

@testable import LookoutServer

enum LookoutStoreAccess {
  static func meta(_ configuration: LookoutConfiguration) throws -> MetaStore {
    try MetaStore(path: configuration.dataDirectory + "/meta.sqlite")
  }
}

@Suite("Configuration")
struct ConfigurationTests {
  @Test("defaults need nothing")
  func defaults() {
    let configuration = LookoutConfiguration()
    #expect(configuration.httpHost == "0.0.0.0")
    #expect(configuration.httpPort == 7700)
    #expect(configuration.dataDirectory == "lookout-data")
  }

  @Test("lookout.yml, then LOOKOUT_* variables on top")
  func yamlThenEnvironment() throws {
    let yaml = """
      http: 127.0.0.1:9000
      data: /tmp/somewhere
      admin_password: from-yaml
      ingest_key: key-from-yaml
      api_token: token-from-yaml
      durability: normal
      routes:
        - /api/v1/users/{userId}
      domains:
        - prefix: /api/v1/pay
          domain: payments
        - host: "*"
      retention:
        raw_days: 3
      sources:
        nginx:
          - path: /var/log/nginx/access.log
            format: combined
            environment: dev
      """
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lookout-\(UUID().uuidString).yml"
    ).path
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let configuration = try LookoutConfiguration.load(
      path: path, environment: ["LOOKOUT_INGEST_KEY": "key-from-env", "LOOKOUT_HTTP": ":7800"])
    #expect(configuration.httpHost == "127.0.0.1")
    #expect(configuration.httpPort == 7800)
    #expect(configuration.dataDirectory == "/tmp/somewhere")
    #expect(configuration.adminPassword == "from-yaml")
    #expect(configuration.ingestKey == "key-from-env")
    #expect(configuration.apiToken == "token-from-yaml")
    #expect(configuration.durability == .normal)
    #expect(configuration.routes == ["/api/v1/users/{userId}"])
    #expect(configuration.domainRules.count == 2)
    #expect(configuration.rawRetentionDays == 3)
    #expect(
      configuration.nginxSources == [
        NginxSourceConfiguration(
          path: "/var/log/nginx/access.log", format: "combined", environment: "dev")
      ])
  }

  @Test("malformed values are reported, not ignored")
  func invalid() throws {
    #expect(throws: ConfigurationError.self) {
      try LookoutConfiguration.load(path: "/nonexistent/lookout.yml", environment: [:])
    }
    #expect(throws: ConfigurationError.self) {
      try LookoutConfiguration.load(path: nil, environment: ["LOOKOUT_HTTP": "host:notaport"])
    }
  }
}
