import Foundation
import LookoutCore
import LookoutQuery
import Testing

/// Runs every `.test` file in `Golden/`: data in, query in, expected table (or error) out.
@Suite("Query language golden files")
struct GoldenTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden")

  static var files: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
      .filter { $0.hasSuffix(".test") }.sorted()
  }

  @Test func goldenDirectoryHasFiles() {
    #expect(GoldenTests.files.count >= 10)
  }

  @Test(arguments: GoldenTests.files)
  func golden(_ file: String) async throws {
    let text = try String(
      contentsOf: GoldenTests.directory.appendingPathComponent(file), encoding: .utf8)
    let golden = try GoldenFile(text)
    #expect(!golden.cases.isEmpty, "\(file) has no queries")
    let engine = QueryEngine(sources: golden.sources, patterns: DigitMaskingMiner())
    for item in golden.cases {
      let where_ = "\(file):\(item.line)"
      do {
        let result = try await engine.run(item.query, range: item.range, budget: item.budget)
        if let expectedError = item.expectedError {
          Issue.record("\(where_): expected error \(expectedError), got a result")
          continue
        }
        if let expected = item.expectedCSV {
          #expect(QueryResultFormatter.csv(result) == expected, "\(where_)")
        }
        if let partial = item.expectedPartial {
          #expect(result.partial, "\(where_): expected a partial result")
          #expect(result.partialReason == partial, "\(where_)")
        } else {
          #expect(
            !result.partial, "\(where_): unexpected partial result \(result.partialReason ?? "")")
        }
        if let rollups = item.expectedRollups {
          #expect(result.statistics.usedRollups == rollups, "\(where_)")
        }
      } catch let error as QueryError {
        guard let expectedError = item.expectedError else {
          Issue.record("\(where_): unexpected error \(error)")
          continue
        }
        #expect(error.description == expectedError, "\(where_)")
      }
    }
  }
}
