import ArgumentParser
import Foundation
import LookoutAnalysis
import LookoutIngest
import LookoutServer

/// `lookout digest`: offline reports from log files, no server and no store.
struct Digest: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Summarise log files offline.",
    subcommands: [
      NginxDigestCommand.self, MySQLSlowDigestCommand.self, PostgresDigestCommand.self,
    ])
}

/// Output formats of the digests.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json, csv
}

/// `lookout digest nginx FILE...`: per-endpoint latency and error figures, a peer of GoAccess.
struct NginxDigestCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nginx",
    abstract: "Per-endpoint counts, error rates and latency percentiles from nginx access logs.")

  @Argument(help: "Access log files (plain or .gz).")
  var files: [String]

  @Option(
    help: "The log_format as in nginx.conf, or combined, timed, json (default: guessed per file).")
  var logFormat: String?

  @Option(help: "table, json or csv.")
  var output: OutputFormat = .table

  @Option(
    help: "Route templates that win over templating (repeatable): --route '/api/v1/users/{id}'.")
  var route: [String] = []

  @Option(help: "Show at most this many routes in the table (0: all).")
  var top: Int = 50

  func run() async throws {
    var format: NginxLogFormat?
    if let logFormat {
      do {
        format = try NginxLogFormat.preset(named: logFormat) ?? NginxLogFormat(logFormat)
      } catch {
        throw ValidationError("--log-format: \(error)")
      }
    }
    let report = try await NginxFileDigest(format: format, routes: route).run(paths: files)
    switch output {
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      FileHandle.standardOutput.write(try encoder.encode(report))
      print()
    case .csv:
      print(DigestRendering.csv(report))
    case .table:
      print(DigestRendering.table(report, top: top))
    }
  }
}
