import Foundation
import LookoutAnalysis
import LookoutIngest
import Testing

@testable import LookoutServer

/// Real servers writing real logs: `Tests/Clients/slowlog_workload.py` starts a private
/// MariaDB (Debian's mariadb-server, `slow_query_log=1`, `long_query_time=0`) or
/// PostgreSQL 15 (`log_min_duration_statement=0`, pg_stat_statements), runs a known
/// workload of 17 statement shapes with varying literals, and writes the truth. The logs
/// are digested here and compared with the workload and with pg_stat_statements.
@Suite("Slow logs of real MariaDB and PostgreSQL", .serialized)
struct RealDatabaseSlowLogTests {
  struct Truth: Decodable {
    struct Shape: Decodable {
      var name: String
      var calls: Int
      var example: String
      var loggedAs: String?
      var minQueryTimeS: Double?

      enum CodingKeys: String, CodingKey {
        case name, calls, example
        case loggedAs = "logged_as"
        case minQueryTimeS = "min_query_time_s"
      }
    }
    struct Statement: Decodable {
      var query: String
      var calls: Int
    }
    var shapes: [Shape]
    var setup: [Shape]
    var logFiles: [String: String]
    var pgStatStatements: [Statement]?

    enum CodingKeys: String, CodingKey {
      case shapes, setup
      case logFiles = "log_files"
      case pgStatStatements = "pg_stat_statements"
    }
  }

  /// Runs the workload against `engine`; returns its truth and the folder to delete.
  static func workload(_ engine: String) async throws -> (Truth, URL) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "\(engine)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let script = BrowserTests.repository.appendingPathComponent(
      "Tests/Clients/slowlog_workload.py"
    ).path
    let (status, output) = try await BrowserTests.run(
      "/usr/bin/env", ["python3", script, engine, directory.path], timeout: 120)
    try #require(status == 0, "slowlog_workload.py \(engine) failed:\n\(output)")
    let truth = try JSONDecoder().decode(
      Truth.self, from: Data(contentsOf: directory.appendingPathComponent("truth.json")))
    return (truth, directory)
  }

  @Test("MariaDB: one class per statement shape, with the calls the workload made")
  func mariadb() async throws {
    let (truth, directory) = try await Self.workload("mariadb")
    defer { try? FileManager.default.removeItem(at: directory) }
    let log = try #require(truth.logFiles["slow"])
    let report = try await SlowLogFileDigest(format: .mysql).run(paths: [log])
    #expect(report.badEntries == 0)
    let shapes = truth.shapes + truth.setup
    #expect(report.queries == shapes.reduce(0) { $0 + $1.calls })
    #expect(report.classes.count == shapes.count)
    var fingerprinter = MySQLFingerprinter()
    let byID = Dictionary(uniqueKeysWithValues: report.classes.map { ($0.id, $0) })
    for shape in shapes {
      let id = fingerprinter.fingerprint(shape.loggedAs ?? shape.example).classID
      let found = byID[id]
      #expect(found?.calls == shape.calls, "\(shape.name): \(found?.fingerprint ?? "no class")")
      if let floor = shape.minQueryTimeS { #expect((found?.minS ?? 0) >= floor, "\(shape.name)") }
    }
  }

  @Test("PostgreSQL: the workload's classes from stderr and csvlog, and pg_stat_statements' calls")
  func postgres() async throws {
    let (truth, directory) = try await Self.workload("postgres")
    defer { try? FileManager.default.removeItem(at: directory) }
    let stderr = try await SlowLogFileDigest(format: .postgres(.debian)).run(
      paths: [try #require(truth.logFiles["stderr"])])
    let csv = try await SlowLogFileDigest(format: .postgresCSV).run(
      paths: [try #require(truth.logFiles["csv"])])
    var fingerprinter = PostgresFingerprinter()
    for report in [stderr, csv] {
      #expect(report.badEntries == 0)
      #expect(report.queries == truth.shapes.reduce(0) { $0 + $1.calls })
      #expect(report.classes.count == truth.shapes.count)
      let byID = Dictionary(uniqueKeysWithValues: report.classes.map { ($0.id, $0) })
      for shape in truth.shapes {
        let found = byID[fingerprinter.fingerprint(shape.example).classID]
        #expect(found?.calls == shape.calls, "\(shape.name): \(found?.fingerprint ?? "no class")")
        if let floor = shape.minQueryTimeS {
          #expect((found?.minS ?? 0) >= floor, "\(shape.name)")
        }
      }
    }
    // pg_stat_statements counts one entry per IN-list length and VALUES row count; we keep
    // one class for each, so its calls add up into ours. It files EXECUTE under the
    // PREPARE text, where the log shows both: those two are left out.
    let statements = try #require(truth.pgStatStatements)
    var expected: [String: Int] = [:]
    for statement in statements {
      let upper = statement.query.uppercased()
      if upper.hasPrefix("PREPARE") || upper.hasPrefix("EXECUTE") { continue }
      expected[fingerprinter.fingerprint(statement.query).classID, default: 0] += statement.calls
    }
    let ours = Dictionary(uniqueKeysWithValues: stderr.classes.map { ($0.id, $0.calls) })
    #expect(expected.count == truth.shapes.count - 2)
    for (id, calls) in expected {
      #expect(ours[id] == calls, "pg_stat_statements class \(id)")
    }
  }
}
