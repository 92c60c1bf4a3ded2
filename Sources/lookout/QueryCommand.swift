import ArgumentParser
import Foundation
import LookoutCore
import LookoutQuery
import LookoutStore

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `lookout query 'QUERY'`: the query language from the command line, over a running server
/// (`--server`) or straight over a data folder (`--data`, the default `./lookout-data`).
struct QueryCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "query",
    abstract: "Run a query (source requests | stats count(*) by route) and print the table.",
    discussion: """
      Sources: requests, slowqueries, errors, spans, logs. Times: now, now-1h, epoch seconds,
      RFC 3339. Over --server the API token comes from --token or LOOKOUT_API_TOKEN.
      """)

  @Argument(help: "The query, for example: source requests | filter status >= 500 | limit 20")
  var query: String

  @Option(help: "Start of the range (default now-1h).")
  var from: String = "now-1h"

  @Option(help: "End of the range (default now).")
  var to: String = "now"

  @Option(help: "A running Lookout to ask, e.g. http://127.0.0.1:7700.")
  var server: String?

  @Option(help: "A data folder to read directly (default ./lookout-data).")
  var data: String = "lookout-data"

  @Option(help: "The project id.")
  var project: Int64 = 1

  @Option(help: "API token for --server (default: LOOKOUT_API_TOKEN).")
  var token: String?

  @Option(help: "table, json or csv.")
  var output: OutputFormat = .table

  @Flag(help: "Read raw blocks even where minute rollups would answer (exact percentiles).")
  var noRollups = false

  func run() async throws {
    let result: QueryResult
    if let server {
      result = try await remote(server)
    } else {
      result = try await local()
    }
    switch output {
    case .table: print(QueryResultFormatter.table(result), terminator: "")
    case .csv: print(QueryResultFormatter.csv(result), terminator: "")
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }
    if result.partial {
      FileHandle.standardError.write(
        Data("partial result: \(result.partialReason ?? "budget exceeded")\n".utf8))
    }
  }

  /// Runs the query over the stores of `data`, opened here.
  private func local() async throws -> QueryResult {
    let range: TimeRange
    do {
      range = try QueryRange.resolve(
        from: from, to: to, now: Int64(Date().timeIntervalSince1970 * 1e6))
    } catch {
      throw ValidationError("\(error)")
    }
    guard FileManager.default.fileExists(atPath: data) else {
      throw ValidationError("no data folder at \(data) (use --data or --server)")
    }
    func file(_ name: String) -> String? {
      let path = "\(data)/\(name)"
      return FileManager.default.fileExists(atPath: path) ? path : nil
    }
    var catalog = QueryCatalog(
      requests: try file("requests.sqlite").map { try RequestStore(path: $0, durability: .normal) },
      spans: try file("traces.sqlite").map { try SpanStore(path: $0, durability: .normal) },
      slowQueries: try file("queries.sqlite").map {
        try SlowQueryStore(path: $0, durability: .normal)
      },
      errors: try file("errors.sqlite").map { try ErrorStore(path: $0, durability: .normal) },
      logs: try file("logs.sqlite").map { try LogStore(path: $0, durability: .normal) })
    catalog.useRollups = !noRollups
    do {
      return try await catalog.engine(project: project).run(
        query, range: range, budget: QueryBudget())
    } catch let error as QueryError {
      throw Self.fail(error.description)
    }
  }

  /// Asks a running server: `GET /api/v1/query`.
  private func remote(_ base: String) async throws -> QueryResult {
    guard var components = URLComponents(string: base) else {
      throw ValidationError("--server must be a URL such as http://127.0.0.1:7700")
    }
    components.path =
      components.path.hasSuffix("/")
      ? components.path + "api/v1/query" : components.path + "/api/v1/query"
    components.queryItems =
      [
        URLQueryItem(name: "q", value: query), URLQueryItem(name: "from", value: from),
        URLQueryItem(name: "to", value: to), URLQueryItem(name: "project", value: String(project)),
      ] + (noRollups ? [URLQueryItem(name: "rollups", value: "off")] : [])
    guard let url = components.url else { throw ValidationError("bad --server URL") }
    var request = URLRequest(url: url)
    if let token = token ?? ProcessInfo.processInfo.environment["LOOKOUT_API_TOKEN"] {
      request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
    }
    let (body, response) = try await URLSession.shared.data(for: request)
    let status = (response as? HTTPURLResponse)?.statusCode ?? 0
    guard status == 200 else {
      struct Failure: Decodable {
        var detail: String?
        var position: SourcePosition?
      }
      let failure = try? JSONDecoder().decode(Failure.self, from: body)
      throw Self.fail(
        "server answered \(status): \(failure?.detail ?? String(decoding: body.prefix(500), as: UTF8.self))"
      )
    }
    struct Answer: Decodable { var result: QueryResult }
    return try JSONDecoder().decode(Answer.self, from: body).result
  }

  /// Prints `message` and ends with status 1, without the usage text a `ValidationError`
  /// adds (the query, not the command line, was wrong).
  private static func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return ExitCode.failure
  }
}
