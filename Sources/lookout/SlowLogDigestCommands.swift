import ArgumentParser
import Foundation
import LookoutIngest
import LookoutServer

/// Output formats of the slow-log digests.
enum SlowLogOutput: String, ExpressibleByArgument, CaseIterable {
  case table, json
}

/// Options shared by the two slow-log digests.
struct SlowLogDigestOptions: ParsableArguments {
  @Argument(help: "Log files (plain or .gz).")
  var files: [String]

  @Option(help: "table (a pt-query-digest style report) or json.")
  var output: SlowLogOutput = .table

  @Option(help: "Classes detailed in the table report (the profile lists all).")
  var limit: Int = 20

  func run(_ format: SlowLogFormat) async throws {
    let report = try await SlowLogFileDigest(format: format).run(paths: files)
    switch output {
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      FileHandle.standardOutput.write(try encoder.encode(report))
      print()
    case .table:
      print(SlowLogDigestRendering.table(report, limit: limit), terminator: "")
    }
  }
}

/// `lookout digest mysql-slow FILE...`.
struct MySQLSlowDigestCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mysql-slow",
    abstract: "Query classes ranked by total time from MySQL/MariaDB slow query logs.")

  @OptionGroup var options: SlowLogDigestOptions

  func run() async throws { try await options.run(.mysql) }
}

/// `lookout digest postgres FILE...`.
struct PostgresDigestCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "postgres",
    abstract:
      "Query classes ranked by total time from PostgreSQL logs (log_min_duration_statement).")

  @OptionGroup var options: SlowLogDigestOptions

  @Option(help: "The server's log_line_prefix (default: Debian's '%m [%p] %q%u@%d ').")
  var logLinePrefix: String?

  @Flag(help: "The files are csvlog (log_destination = csvlog).")
  var csv = false

  func run() async throws {
    try await options.run(
      csv
        ? .postgresCSV
        : SlowLogFormat.postgres(logLinePrefix.map(PostgresLinePrefix.init) ?? .debian))
  }
}
