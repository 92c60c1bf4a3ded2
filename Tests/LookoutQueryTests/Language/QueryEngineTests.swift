import Foundation
import LookoutCore
import Synchronization
import Testing

@testable import LookoutQuery

/// A source whose rollups answer any request with one fixed row, recording the request.
final class RollupSource: QuerySource, Sendable {
  let name = "requests"
  let fields: [QueryFieldInfo] = [
    .init(name: "@timestamp", type: .timestamp),
    .init(name: "route", type: .string, isDictionary: true),
    .init(name: "duration", type: .double),
  ]
  let requests = Mutex<[RollupStatsRequest]>([])

  func scan(_ request: ScanRequest, _ body: @Sendable (QueryBatch) throws -> Bool) async throws {
    _ = try body(
      QueryBatch(
        rowCount: 1,
        columns: request.fields.map { field in
          switch field {
          case "@timestamp": (field, QueryColumn(.int([0])))
          case "route": (field, QueryColumn(.string(["/scanned"])))
          default: (field, QueryColumn(.double([1])))
          }
        }))
  }

  func answerFromRollups(_ request: RollupStatsRequest) async throws -> QueryBatch? {
    requests.withLock { $0.append(request) }
    // Columns in the request's order; the engine reorders them to the query's.
    return QueryBatch(
      rowCount: 1,
      columns: [
        ("route", QueryColumn(.string(["/rolled"]))), ("bin(5m)", QueryColumn(.int([0]))),
        ("count(*)", QueryColumn(.int([42]))), ("pct(duration, 95)", QueryColumn(.double([9.5]))),
      ])
  }
}

final class FailingSource: QuerySource, Sendable {
  struct Broken: Error {}
  let name = "broken"
  let fields: [QueryFieldInfo] = [.init(name: "@timestamp", type: .timestamp)]
  func scan(_ request: ScanRequest, _ body: @Sendable (QueryBatch) throws -> Bool) async throws {
    throw Broken()
  }
}

/// Rows of two environments, scanned whole (no pushdown, no rollups).
final class EnvironmentRowsSource: QuerySource, Sendable {
  let name: String
  let fields: [QueryFieldInfo]
  let environments = ["production", "staging", "production", "dev", "production"]

  init(name: String, withEnvironment: Bool) {
    self.name = name
    fields =
      [.init(name: "@timestamp", type: .timestamp), .init(name: "n", type: .double)]
      + (withEnvironment ? [.init(name: "env", type: .string)] : [])
  }

  func scan(_ request: ScanRequest, _ body: @Sendable (QueryBatch) throws -> Bool) async throws {
    _ = try body(
      QueryBatch(
        rowCount: environments.count,
        columns: request.fields.map { field in
          switch field {
          case "@timestamp": (field, QueryColumn(.int(environments.map { _ in 1 })))
          case "env": (field, QueryColumn(.string(environments)))
          default: (field, QueryColumn(.double(environments.map { _ in 1 })))
          }
        }))
  }
}

@Suite("Query engine")
struct QueryEngineTests {
  @Test func theEnvironmentPickerScopesSourcesThatHaveAnEnvironment() async throws {
    let engine = QueryEngine(
      sources: [
        "logs": EnvironmentRowsSource(name: "logs", withEnvironment: true),
        "metrics": EnvironmentRowsSource(name: "metrics", withEnvironment: false),
      ], patterns: nil)
    func count(_ source: String, _ environment: String?) async throws -> [[QueryValue]] {
      try await engine.run(
        "source \(source) | stats count(*) as n", range: Self.range,
        // A busy test machine must not cut the scan short (a partial result).
        budget: QueryBudget(maxWallTime: .seconds(3600)), environment: environment
      ).rows
    }
    #expect(try await count("logs", nil) == [[.int(5)]])
    #expect(try await count("logs", "") == [[.int(5)]])
    #expect(try await count("logs", "production") == [[.int(3)]])
    #expect(try await count("logs", "dev") == [[.int(1)]])
    #expect(try await count("logs", "nowhere") == [[.int(0)]])
    // A source without an environment is not scoped.
    #expect(try await count("metrics", "production") == [[.int(5)]])
  }

  static let range = TimeRange(from: 0, to: 86_400_000_000)

  @Test func rollupsAnswerSimpleStatsAndColumnsFollowTheQuery() async throws {
    let source = RollupSource()
    let engine = QueryEngine(sources: ["requests": source], patterns: nil)
    let result = try await engine.run(
      "source requests | stats pct(duration, 95), count(*) by bin(5m), route",
      range: QueryEngineTests.range,
      budget: QueryBudget(maxWallTime: .seconds(3600)))
    #expect(result.statistics.usedRollups)
    #expect(result.columns == ["bin(5m)", "route", "pct(duration, 95)", "count(*)"])
    #expect(result.rows == [[.int(0), .string("/rolled"), .double(9.5), .int(42)]])
    #expect(source.requests.withLock { $0.count } == 1)

    let scanned = try await engine.run(
      "source requests | filter duration > 0 | stats count(*) by route",
      range: QueryEngineTests.range,
      budget: QueryBudget(maxWallTime: .seconds(3600)))
    #expect(!scanned.statistics.usedRollups)
    #expect(scanned.rows == [[.string("/scanned"), .int(1)]])
  }

  @Test func resultEncodesToPlainJSON() async throws {
    let result = QueryResult(
      columns: ["a", "b"], rows: [[.string("x"), .int(3)], [.null, .double(.infinity)]],
      partial: true,
      partialReason: "budget",
      statistics: QueryStatistics(rowsScanned: 7, elapsedSeconds: 0.5, usedRollups: false))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = String(decoding: try encoder.encode(result), as: UTF8.self)
    #expect(
      json
        == #"{"columns":["a","b"],"partial":true,"partialReason":"budget","rows":[["x",3],[null,null]],"statistics":{"elapsedSeconds":0.5,"rowsScanned":7,"usedRollups":false}}"#
    )
    let decoded = try JSONDecoder().decode(QueryResult.self, from: Data(json.utf8))
    #expect(decoded.rows[0] == [.string("x"), .int(3)])
  }

  @Test func formatsTablesAndCSV() {
    let result = QueryResult(
      columns: ["route", "n"], rows: [[.string("/a, /b"), .int(3)], [.null, .double(2.5)]])
    #expect(QueryResultFormatter.csv(result) == "route,n\n\"/a, /b\",3\n,2.5\n")
    #expect(QueryResultFormatter.table(result) == "route   n\n/a, /b  3\n        2.5\n")
  }

  @Test func tablesCanPrintTimeColumnsAsUTC() {
    let result = QueryResult(
      columns: ["bin(5m)", "n"],
      rows: [[.int(1_717_578_000_000_000), .int(1)], [.int(-1_500), .int(2)]])
    #expect(
      QueryResultFormatter.table(result, readableTimes: true)
        == "bin(5m)                   n\n2024-06-05 09:00:00Z      1\n1969-12-31 23:59:59.998Z  2\n"
    )
    #expect(QueryResultFormatter.utcTime(951_782_400_000_000) == "2000-02-29 00:00:00Z")
  }

  @Test func sourceFailuresPropagate() async {
    let engine = QueryEngine(sources: ["broken": FailingSource()], patterns: nil)
    await #expect(throws: FailingSource.Broken.self) {
      _ = try await engine.run(
        "source broken | limit 1", range: QueryEngineTests.range,
        budget: QueryBudget(maxWallTime: .seconds(3600)))
    }
  }

  @Test func patternWithoutAMinerIsAnError() async {
    let source = InMemoryQuerySource(
      name: "logs", fields: [.init(name: "@message", type: .string)],
      columns: ["@message": QueryColumn(.string(["a"]))])
    let engine = QueryEngine(sources: ["logs": source], patterns: nil)
    do {
      _ = try await engine.run(
        "source logs | pattern @message", range: QueryEngineTests.range,
        budget: QueryBudget(maxWallTime: .seconds(3600)))
      Issue.record("pattern ran without a miner")
    } catch let error as QueryError {
      #expect(error.description == "pattern is not available on this server at 1:15")
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func partitionedScanMatchesSingleScanOnManyRows() async throws {
    let count = 50_000
    var random = SplitMix64(seed: 7)
    let routes = (0..<count).map { _ in Int32(random.next() % 50) }
    let durations = (0..<count).map { _ in Double(random.next() % 1000) }
    let stamps = (0..<count).map { Int64($0) * 1_000_000 }
    let users = (0..<count).map { _ in "u\(random.next() % 3000)" }
    func source(_ partitions: Int) -> InMemoryQuerySource {
      InMemoryQuerySource(
        name: "requests",
        fields: [
          .init(name: "@timestamp", type: .timestamp),
          .init(name: "route", type: .string, isDictionary: true),
          .init(name: "duration", type: .double), .init(name: "user", type: .string),
        ],
        columns: [
          "@timestamp": QueryColumn(.int(stamps)),
          "route": QueryColumn(.dictionary(codes: routes, dictionary: (0..<50).map { "/r\($0)" })),
          "duration": QueryColumn(.double(durations)), "user": QueryColumn(.string(users)),
        ], batchSize: 4096, partitionCount: partitions)
    }
    let query =
      "source requests | stats count(*), sum(duration), pct(duration, 99), count_distinct(user), stddev(duration), earliest(user) by route, bin(1h) | sort route, bin(1h)"
    let one = try await QueryEngine(sources: ["requests": source(1)], patterns: nil).run(
      query, range: QueryEngineTests.range, budget: QueryBudget(maxWallTime: .seconds(3600)))
    let four = try await QueryEngine(sources: ["requests": source(4)], patterns: nil).run(
      query, range: QueryEngineTests.range, budget: QueryBudget(maxWallTime: .seconds(3600)))
    #expect(one.rows.count == 50 * 14)
    #expect(one.columns == four.columns)
    #expect(one.rows.count == four.rows.count)
    for (a, b) in zip(one.rows, four.rows) {
      // stddev merges in a different order: equal to rounding.
      #expect(Array(a.prefix(6)) == Array(b.prefix(6)))
      #expect(abs((a[6].doubleValue ?? 0) - (b[6].doubleValue ?? 0)) < 1e-9)
      #expect(a[7] == b[7])
    }
  }

  @Test func countDistinctIsExactBelowTheCapAndCloseAbove() {
    var small = DistinctCounter()
    for i in 0..<5000 { small.insert(DistinctCounter.hash(.int(Int64(i % 2500)))) }
    #expect(small.count == 2500)
    var large = DistinctCounter()
    for i in 0..<200_000 { large.insert(DistinctCounter.hash(.string("user-\(i)"))) }
    #expect(abs(Double(large.count) - 200_000) / 200_000 < 0.05)
  }
}
