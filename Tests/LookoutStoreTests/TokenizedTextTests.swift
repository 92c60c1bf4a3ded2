import Foundation
import Testing

@testable import LookoutStore

@Suite("Column codec, tokenized text")
struct TokenizedTextTests {
  /// Columns whose values mix tokens with text that must stay text.
  static let cases: [BlockCodecCase] = {
    var random = BlockTestRandom(seed: 11)
    func hex(_ bytes: Int) -> String {
      (0..<bytes).map { _ in String(format: "%02x", Int(random.next() % 256)) }.joined()
    }
    func uuid() -> String {
      "\(hex(4))-\(hex(2))-\(hex(2))-\(hex(2))-\(hex(6))"
    }
    let placeholderValues = (0..<5_000).map { index -> String in
      switch index % 5 {
      case 0: "\(random.next() % 4_194_304)"
      case 1: uuid()
      case 2: hex(6)
      case 3: ""
      default: "\(random.next() % 1_000)\u{1F}\(random.next() % 50)"
      }
    }
    let edges = [
      "0", "00", "007", "/a/0/b", "123456789012345678", "1234567890123456789",
      "99999999999999999999", "0123456789", "deadbeef", "DEADBEEF", "deadbee", "cafe",
      "6E19CE13-5AC5-1CC8-83E9-DB776D2B653F", "6e19ce13-5ac5-1cc8-83e9-db776d2b653f",
      "6e19ce13-5ac5-1cc8-83e9-db776d2b653fa", "6e19ce13-5ac5-1cc8-83e9-db776d2b653f-7",
      "x6e19ce13-5ac5-1cc8-83e9-db776d2b653f", "6e19ce13-5ac5-1cc8-83e9-db776d2b65",
      "app.f0bea104a795.js", "v1/users/42/orders", "a\u{0}1234", "翻訳/12", "🎉0🎉",
      String(repeating: "ab", count: 255), String(repeating: "ab", count: 256), "1-2-3", "",
    ]
    return [
      BlockCodecCase("placeholder values", .string(placeholderValues)),
      BlockCodecCase("edge cases", .string(edges + placeholderValues.prefix(200))),
      BlockCodecCase(
        "urls with several numbers",
        .string(
          (0..<3_000).map { _ in
            "/api/v1/users/\(random.next() % 1_000_000)?q=\(random.next() % 7)"
          })),
      BlockCodecCase(
        "a marker byte in one value",
        .string(placeholderValues.prefix(500) + ["12\u{1}34", "\u{2}", "\u{3}ff"])),
    ]
  }()

  @Test("values read back byte for byte", arguments: cases)
  func roundTrip(_ example: BlockCodecCase) throws {
    let blob = ColumnCodec.encode(example.vector)
    let decoded = try blob.withUnsafeBytes {
      try ColumnCodec.decode($0, kind: .string, rowCount: example.vector.count)
    }
    #expect(blockTestSame(decoded, example.vector))
    let count = example.vector.count
    let rows = [count - 1, 0, count / 2, 7, count / 3, count / 2]
    let selected = try blob.withUnsafeBytes {
      try ColumnCodec.decode($0, kind: .string, rowCount: count, rows: rows)
    }
    #expect(blockTestSame(selected, example.vector.selecting(rows)))
  }

  @Test("every edge case round-trips through the tokenized body itself")
  func tokenizedBodyRoundTrip() throws {
    for example in Self.cases.prefix(3) {
      guard case .string(let values) = example.vector else { continue }
      let body = try #require(ColumnCodec.encodeTokenizedBody(values, deflateLevel: 6))
      let decoded = try body.withUnsafeBytes { bytes in
        var reader = ColumnBlobReader(bytes)
        return try ColumnCodec.decodeStringBody(&reader, count: values.count)
      }
      #expect(decoded.map { Array($0.utf8) } == values.map { Array($0.utf8) }, "\(example.name)")
    }
  }

  @Test("placeholder values are stored as binary, well under their text")
  func placeholderSizes() throws {
    let example = try #require(Self.cases.first)
    let blob = ColumnCodec.encode(example.vector)
    #expect(try ColumnCodec.describe(blob).tag == ColumnCodec.StringTag.tokenized.rawValue)
    // Per 5 rows: 22 bits, 16 bytes, 6 bytes, nothing, 10 + 6 bits, and the skeleton
    // (2.3 bits per row): 5.6 bytes per row.
    let bytesPerRow = Double(blob.count) / Double(example.vector.count)
    #expect(bytesPerRow < 5.7)
    let text = ColumnCodec.encode(example.vector, tokenize: false)
    #expect(blob.count * 100 < text.count * 85)
  }

  @Test("skeletons given a context column cost almost nothing and read back exactly")
  func skeletonsInContext() throws {
    var random = BlockTestRandom(seed: 13)
    // Route 1 has an id, route 2 a hex digest, route 3 nothing, route 4 mostly an id.
    let context = (0..<20_000).map { _ in UInt32(random.next() % 4 + 1) }
    let values = context.map { route -> String in
      switch route {
      case 1: "\(random.next() % 5_000_000)"
      case 2: String(format: "%012llx", random.next() % (1 << 48))
      case 3: ""
      default: random.next() % 10 == 0 ? "slug-\(random.next() % 9)" : "\(random.next() % 1000)"
      }
    }
    let vector = ColumnVector.string(values)
    let blob = ColumnCodec.encode(vector, context: context)
    #expect(try ColumnCodec.describe(blob).tag == ColumnCodec.StringTag.tokenizedInContext.rawValue)
    let alone = ColumnCodec.encode(vector)
    // Of the 1.7 bits of skeleton choice per row, at least 1 saved.
    #expect(blob.count + values.count / 8 < alone.count)
    let decoded = try blob.withUnsafeBytes {
      try ColumnCodec.decode($0, kind: .string, rowCount: values.count, context: context)
    }
    #expect(blockTestSame(decoded, vector))
    let rows = [19_999, 0, 3, 3, 10_000]
    let selected = try blob.withUnsafeBytes {
      try ColumnCodec.decode(
        $0, kind: .string, rowCount: values.count, rows: rows, context: context)
    }
    #expect(blockTestSame(selected, vector.selecting(rows)))
    #expect(throws: BlockStoreError.self) {
      try blob.withUnsafeBytes { try ColumnCodec.decode($0, kind: .string, rowCount: values.count) }
    }
  }

  @Test("a block store decodes a column's context column for it")
  func contextInBlockStore() async throws {
    let store = BlockStore(
      schema: BlockSchema(
        table: "paths",
        columns: [
          ColumnSpec("ts", .int64), ColumnSpec("route", .dictionary),
          ColumnSpec("path", .string, context: 1),
        ]))
    let database = try BlockTestDatabase([store])
    var random = BlockTestRandom(seed: 14)
    let routes = (0..<5_000).map { _ in UInt32(random.next() % 3) }
    let paths = routes.map { $0 == 0 ? "" : "\($0 * 1_000_000 + UInt32(random.next() % 1_000))" }
    let batch = ColumnBatch(
      columns: [.int64((0..<5_000).map { Int64($0) }), .dictionary(routes), .string(paths)])
    try await database.pool.write { db in _ = try store.append(batch, project: 1, in: db) }
    try await database.pool.read { db in
      let block = try #require(try store.blocks(project: 1, range: .all, in: db).first)
      let all = try store.read(block, columns: [2], in: db)
      #expect(all[2]?.stringValues == paths)
      let some = try store.read(block, columns: [2, 1], rows: [4_999, 7], in: db)
      #expect(some[2]?.stringValues == [paths[4_999], paths[7]])
      #expect(some[1]?.dictionaryIDs == [routes[4_999], routes[7]])
    }
  }

  @Test("a column with a marker byte is not tokenized")
  func markerByteFallsBack() throws {
    let example = try #require(Self.cases.first { $0.name == "a marker byte in one value" })
    guard case .string(let values) = example.vector else { return }
    #expect(ColumnCodec.encodeTokenizedBody(values, deflateLevel: 6) == nil)
    #expect(try ColumnCodec.describe(ColumnCodec.encode(example.vector)).tag != 2)
  }

  @Test("damaged tokenized blobs never trap")
  func corruption() throws {
    var random = BlockTestRandom(seed: 12)
    let example = try #require(Self.cases.first { $0.name == "placeholder values" })
    let blob = ColumnCodec.encode(example.vector)
    #expect(try ColumnCodec.describe(blob).tag == ColumnCodec.StringTag.tokenized.rawValue)
    for _ in 0..<300 {
      var damaged = blob
      for _ in 0..<Int(random.next() % 3 + 1) {
        damaged[Int(random.next() % UInt64(damaged.count))] = UInt8(
          truncatingIfNeeded: random.next())
      }
      _ = try? damaged.withUnsafeBytes {
        try ColumnCodec.decode($0, kind: .string, rowCount: example.vector.count)
      }
      _ = try? damaged.withUnsafeBytes {
        try ColumnCodec.decode($0, kind: .string, rowCount: example.vector.count, rows: [3, 1])
      }
    }
    for length in [0, 3, 8, blob.count / 3, blob.count / 2, blob.count - 1] {
      let prefix = Array(blob.prefix(length))
      #expect(throws: BlockStoreError.self) {
        try prefix.withUnsafeBytes {
          try ColumnCodec.decode($0, kind: .string, rowCount: example.vector.count)
        }
      }
    }
  }
}
