import Foundation
import GRDB
import LookoutCore
import Testing

@testable import LookoutStore

/// The seeded generator of randomized tests (SplitMix64), with the draws they need.
typealias BlockTestRandom = SplitMix64

extension SplitMix64 {
  /// Exponential with the given mean.
  mutating func exponential(mean: Double) -> Double {
    -mean * Foundation.log(unit())
  }

  /// Index drawn with probability proportional to `weights[index]`.
  mutating func weighted(_ weights: [Double]) -> Int {
    var target = unit() * weights.reduce(0, +)
    for (index, weight) in weights.enumerated() {
      target -= weight
      if target <= 0 { return index }
    }
    return weights.count - 1
  }
}

/// A temporary WAL database, deleted at deinit.
final class BlockTestDatabase: Sendable {
  let pool: DatabasePool
  private let directory: URL

  init(_ stores: [BlockStore] = [], dictionaries: [StringDictionary] = []) throws {
    directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("lookout-blocks-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    pool = try DatabasePool(path: directory.appendingPathComponent("test.sqlite").path)
    var migrator = DatabaseMigrator()
    for store in stores { store.registerMigrations(in: &migrator) }
    for dictionary in dictionaries { dictionary.registerMigrations(in: &migrator) }
    try migrator.migrate(pool)
  }

  deinit {
    try? FileManager.default.removeItem(at: directory)
  }
}

/// Request-like synthetic rows: what nginx logs of a busy API look like once enriched.
enum BlockTestData {
  static let schema = BlockSchema(
    table: "requests",
    columns: [
      ColumnSpec("ts", .int64), ColumnSpec("route", .dictionary),
      ColumnSpec("method", .dictionary), ColumnSpec("status", .int64),
      ColumnSpec("duration", .int64), ColumnSpec("upstream", .int64),
      ColumnSpec("bytes", .int64), ColumnSpec("url", .string),
    ])

  static let start: Int64 = 1_717_545_600_000_000
  static let routes = [
    "/api/v1/users/{id}", "/api/v1/orders/{id}", "/api/v1/search", "/api/v1/cart",
    "/api/v1/products/{id}", "/health", "/api/v1/login", "/api/v1/orders",
    "/api/v1/users/{id}/avatar", "/static/{file}", "/api/v1/payments/{id}", "/api/v2/feed",
    "/api/v1/reviews/{id}", "/api/v1/inventory", "/admin/reports/{id}", "/api/v1/logout",
  ]
  static let statuses: [(Int64, Double)] = [
    (200, 88), (201, 2), (204, 1), (301, 0.5), (302, 0.5), (304, 2), (400, 1), (401, 0.5),
    (403, 0.3), (404, 1.5), (429, 0.2), (500, 0.3), (502, 0.1), (503, 0.1),
  ]

  /// `rows` requests at ~200 per second from `from`, time-ordered.
  static func batch(rows: Int, from: Int64 = start, seed: UInt64) -> ColumnBatch {
    var random = BlockTestRandom(seed: seed)
    var ts: [Int64] = []
    var route: [UInt32] = []
    var method: [UInt32] = []
    var status: [Int64] = []
    var duration: [Int64] = []
    var upstream: [Int64] = []
    var bytes: [Int64] = []
    var url: [String] = []
    let routeWeights = (1...16).map { 1 / Double($0) }
    let statusWeights = statuses.map(\.1)
    var now = from
    for _ in 0..<rows {
      now += Int64(random.exponential(mean: 5_000))
      ts.append(now)
      let routeIndex = random.weighted(routeWeights)
      route.append(UInt32(routeIndex + 1))
      method.append(UInt32(random.weighted([70, 20, 5, 3, 2]) + 1))
      status.append(statuses[random.weighted(statusWeights)].0)
      let millis = max(1, (40 * Foundation.exp(random.gaussian())).rounded())
      duration.append(Int64(millis) * 1_000)
      upstream.append(routeIndex == 9 ? .min : Int64(millis * 0.9) * 1_000)
      bytes.append(Int64(80 * Foundation.pow(500, random.unit())))
      let path = routes[routeIndex].replacingOccurrences(
        of: "{id}", with: String(random.next() % 100_000)
      ).replacingOccurrences(of: "{file}", with: "app.\(random.next() % 50).js")
      url.append(random.next() % 4 == 0 ? path + "?page=\(random.next() % 20)" : path)
    }
    return ColumnBatch(columns: [
      .int64(ts), .dictionary(route), .dictionary(method), .int64(status), .int64(duration),
      .int64(upstream), .int64(bytes), .string(url),
    ])
  }

  /// Random rows for a small schema (ts, group id, value, text), timestamps in `span`.
  static let smallSchema = BlockSchema(
    table: "events",
    columns: [
      ColumnSpec("ts", .int64), ColumnSpec("group", .dictionary), ColumnSpec("value", .int64),
      ColumnSpec("text", .string), ColumnSpec("score", .float64),
    ])

  static func smallBatch(rows: Int, span: ClosedRange<Int64>, random: inout BlockTestRandom)
    -> ColumnBatch
  {
    var ts: [Int64] = []
    var group: [UInt32] = []
    var value: [Int64] = []
    var text: [String] = []
    var score: [Double] = []
    for row in 0..<rows {
      ts.append(Int64.random(in: span, using: &random))
      group.append(UInt32.random(in: 0...6, using: &random))
      value.append(row % 17 == 0 ? .min : Int64.random(in: -1_000...1_000_000, using: &random))
      text.append(row % 5 == 0 ? "" : "item-\(random.next() % 1_000)-é")
      score.append(row % 11 == 0 ? .nan : Double(random.next() % 10_000) / 100)
    }
    return ColumnBatch(columns: [
      .int64(ts), .dictionary(group), .int64(value), .string(text), .float64(score),
    ])
  }
}

/// Rows of column vectors as comparable tuples-in-strings, for multiset comparisons.
func blockTestRows(_ columns: [ColumnVector]) -> [String] {
  guard let count = columns.first?.count else { return [] }
  return (0..<count).map { row in
    columns.map { column -> String in
      switch column {
      case .int64(let values): "\(values[row])"
      case .float64(let values): "\(values[row].bitPattern)"
      case .dictionary(let values): "\(values[row])"
      case .string(let values): values[row].utf8.map(String.init).joined(separator: ".")
      }
    }.joined(separator: "|")
  }
}

/// Whether two vectors hold the same values, bit for bit (NaN equals NaN; strings by bytes).
func blockTestSame(_ left: ColumnVector, _ right: ColumnVector) -> Bool {
  switch (left, right) {
  case (.int64(let a), .int64(let b)): a == b
  case (.float64(let a), .float64(let b)): a.map(\.bitPattern) == b.map(\.bitPattern)
  case (.dictionary(let a), .dictionary(let b)): a == b
  case (.string(let a), .string(let b)): a.map { Array($0.utf8) } == b.map { Array($0.utf8) }
  default: false
  }
}
