import ArgumentParser
import Foundation
import Logging
import LookoutServer

/// `lookout serve`: runs the server on the embedded store.
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run the Lookout server (UI, JSON API and every ingest endpoint).")

  @Option(help: "Path of lookout.yml (default: ./lookout.yml when present).")
  var config: String?

  @Option(help: "Folder of the embedded store (default: ./lookout-data).")
  var data: String?

  @Option(help: "Address of the HTTP listener, host:port (default: 0.0.0.0:7700).")
  var http: String?

  @Option(help: "Extra OTLP/HTTP listener, host:port or off (default: 0.0.0.0:4318).")
  var otlpHTTP: String?

  @Option(help: "X-Ray daemon protocol UDP listener, host:port or off (default: 0.0.0.0:2000).")
  var xrayUDP: String?

  @Flag(help: "Also write a stream of generated demo requests.")
  var demo = false

  @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
  var logLevel: String = "info"

  func run() async throws {
    let level = Logger.Level(rawValue: logLevel) ?? .info
    LoggingSystem.bootstrap { label in StandardErrorLogHandler(label: label, logLevel: level) }
    let logger = Logger(label: "lookout")
    var configuration = try LookoutConfiguration.load(path: config)
    if let data { configuration.dataDirectory = data }
    if let http { try configuration.setHTTP(http) }
    if let otlpHTTP {
      configuration.otlpHTTP = try ListenerAddress(parsing: otlpHTTP, key: "otlp-http")
    }
    if let xrayUDP {
      configuration.xrayUDP = try ListenerAddress(parsing: xrayUDP, key: "xray-udp")
    }
    if demo { configuration.demo = true }

    let built = try LookoutApplication.build(configuration: configuration, logger: logger)
    printBanner(configuration: configuration, report: built.report)
    try await built.application.runService()
  }

  private func printBanner(configuration: LookoutConfiguration, report: BootstrapReport) {
    let host = configuration.httpHost == "0.0.0.0" ? "localhost" : configuration.httpHost
    let base = "http://\(host):\(configuration.httpPort)"
    var lines = [
      "Lookout is listening on \(configuration.httpHost):\(configuration.httpPort), data in \(configuration.dataDirectory)/",
      "  project \"default\" (id 1), ingest key: \(report.ingestKey)",
      "  push nginx logs:  curl -H 'Authorization: Bearer \(report.ingestKey)' --data-binary @access.log \(base)/api/ingest/nginx",
      "  Sentry DSN:       \(SentryDSN.make(key: report.ingestKey, baseURL: base, project: 1))",
    ]
    if let password = report.generatedAdminPassword {
      lines.append(
        "  admin login: \(report.adminUser) / \(password)   (shown once; set LOOKOUT_ADMIN_PASSWORD to choose it)"
      )
    } else {
      lines.append("  admin login: \(report.adminUser) (password set earlier)")
    }
    // Written unbuffered, so scripts reading the banner see it before the server blocks.
    FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
  }
}
