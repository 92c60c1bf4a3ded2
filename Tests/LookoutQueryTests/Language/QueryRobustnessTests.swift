import LookoutCore
import Testing

@testable import LookoutQuery

/// A source that breaks its contract: a batch whose columns differ in length.
struct RaggedSource: QuerySource {
  let name = "ragged"
  let fields: [QueryFieldInfo] = [
    .init(name: "@timestamp", type: .timestamp), .init(name: "n", type: .int),
  ]
  func scan(_ request: ScanRequest, _ body: @Sendable (QueryBatch) throws -> Bool) async throws {
    _ = try body(
      QueryBatch(
        rowCount: 3,
        columns: [("@timestamp", QueryColumn(.int([0]))), ("n", QueryColumn(.int([1, 2])))]))
  }
}

@Suite("Query robustness")
struct QueryRobustnessTests {
  static let range = TimeRange(from: 0, to: 86_400_000_000)

  @Test func malformedBatchesFailTheQuery() async {
    let engine = QueryEngine(sources: ["ragged": RaggedSource()], patterns: nil)
    do {
      _ = try await engine.run(
        "source ragged | stats sum(n)", range: QueryRobustnessTests.range,
        budget: QueryBudget(maxWallTime: .seconds(3600)))
      Issue.record("a ragged batch was accepted")
    } catch let error as QueryError {
      #expect(error.kind == .execution)
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  /// Mangled queries give a result or a ``QueryError``, never a crash or another error.
  @Test func mutatedQueriesNeverCrash() async throws {
    let source = InMemoryQuerySource(
      name: "logs",
      fields: [
        .init(name: "@timestamp", type: .timestamp), .init(name: "@message", type: .string),
        .init(name: "route", type: .string, isDictionary: true), .init(name: "n", type: .int),
        .init(name: "x", type: .double),
      ],
      columns: [
        "@timestamp": QueryColumn(.int([0, 60_000_000, 120_000_000, -5, .max])),
        "@message": QueryColumn(.string(["a=1 b=x", "", "ünïcode \u{0} é", "a=2", "(((("])),
        "route": QueryColumn(.dictionary(codes: [0, 1, 0, 7, -1], dictionary: ["/a", "/b"])),
        "n": QueryColumn(.int([.min, -1, 0, 1, .max])),
        "x": QueryColumn(
          .double([.nan, -.infinity, 0, 1e300, -0.0]), present: [true, true, false, true, true]),
      ], batchSize: 2, partitionCount: 2)
    let engine = QueryEngine(sources: ["logs": source], patterns: DigitMaskingMiner())
    let seeds = [
      #"source logs | parse @message "a=* " as v | filter v > 0 or route like /(?i)^\/A/ | stats count(*), pct(n, 50) by route, bin(1m) | sort route desc | limit 3"#,
      #"source logs | fields n * x as p, n / 0, n % -1, abs(n), -n, substr(@message, n, x), bin(n, 1ms) | dedup p"#,
      #"source logs | filter n in [1, 2, "3"] and not ispresent(x) | stats count_distinct(@message), stddev(x), earliest(n), sortsLast(x) | diff previousWeek"#,
      #"source logs | pattern @message | filter @ratio > 0.1 | parse @pattern /(?<w>\w+)/ | display w"#,
    ]
    let alphabet = Array(
      "|()[],=!<>~*/+-%^\"'`@. \n\\ab5mzsource filter stats by fields limit sort parse in like not and or count( pct("
    )
    var random = SplitMix64(seed: 2024)
    for seed in seeds {
      _ = try await engine.run(
        seed, range: QueryRobustnessTests.range, budget: QueryBudget(maxWallTime: .seconds(3600)))
    }
    var outcomes = (results: 0, errors: 0)
    for seed in seeds {
      for _ in 0..<150 {
        var characters = Array(seed)
        for _ in 0..<Int(random.next() % 4 + 1) {
          let position = Int(random.next() % UInt64(characters.count + 1))
          let character = alphabet[Int(random.next() % UInt64(alphabet.count))]
          switch random.next() % 3 {
          case 0 where position < characters.count: characters.remove(at: position)
          case 1 where position < characters.count: characters[position] = character
          default: characters.insert(character, at: position)
          }
        }
        do {
          _ = try await engine.run(
            String(characters), range: QueryRobustnessTests.range,
            budget: QueryBudget(maxRowsScanned: 4, maxWallTime: .seconds(3600)))
          outcomes.results += 1
        } catch is QueryError {
          outcomes.errors += 1
        } catch {
          Issue.record("\(String(characters)) threw \(error)")
        }
      }
    }
    // Both outcomes occur: the mutations are neither all harmless nor all fatal.
    #expect(outcomes.results > 10)
    #expect(outcomes.errors > 20)
  }
}
