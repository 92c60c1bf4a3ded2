import Foundation
import GRDB
import LookoutCore
import Testing

@testable import LookoutStore

/// A block of 48 requests as the code before block format 2 (column blobs of version 1)
/// wrote it, taken byte for byte from a store it wrote; ``OldRequestBlock/records`` made
/// the rows.
enum OldRequestBlock {
  /// The records written, rebuilt by the same rules.
  static let records: [RequestRecord] = (0..<48).map { i in
    let (path, route): (String, String) =
      switch i % 6 {
      case 0: ("/api/v1/users/\(1_000_003 * (i + 1) % 4_194_304)", "/api/v1/users/{id}")
      case 1:
        ("/api/v1/orders/6e19ce13-5ac5-1cc8-83e9-db776d2b65\(10 + i)", "/api/v1/orders/{uuid}")
      case 2: ("/static/js/app.f0bea104a7\(10 + i).js", "/static/js/app.{hex}.js")
      case 3: ("/health", "/health")
      case 4: ("/api/v1/users/00\(i)", "/api/v1/users/{id}")
      default: ("/api/v1/search", "/api/v1/search")
      }
    return RequestRecord(
      timestamp: 1_717_545_600_000_000 + Int64(i) * 3_517, method: i % 7 == 3 ? "POST" : "GET",
      path: path, query: i % 5 == 0 ? "q=logo&page=\(i % 9)" : "",
      status: i % 11 == 4 ? 404 : 200, requestTime: Int64(1000 * (i % 13 + 2)),
      upstreamTime: Int64(1000 * (i % 13 + 1)), bytesSent: Int64(80 + i * 811 % 39_000),
      remoteAddress: i == 7 ? "2001:db8::1" : "10.0.\(i).\(i * 7 % 256)",
      userAgent: i % 3 == 0 ? "curl/8.4.0" : "okhttp/4.12.0", route: route)
  }

  /// `requests_blocks` row: min_ts, max_ts, row_count, stats (hex), version.
  static let block = (
    minTs: Int64(1717545600000000), maxTs: Int64(1717545600165299), rows: 48,
    stats: "0110038080FDF5A7868D06E69691F6A7868D060702020200000000000000070000010000000000000007"
      + "0204060000000000000007020A3E00000000000000039003A80603A01FE0DA0103D00FD00F03A001EAD4"
      + "040000000000070000010000000000000003808080A00192BD81A001", version: 1
  )
  /// `requests_columns` data per column, hex.
  static let columns = [
    "010130028080FDF5A7868D06FA360100",
    "0103300001",
    "0103300000",
    "010330010101080402814020",
    "0103300101038806221A886820A2818806221A886820A281",
    "010130019003CC0101108000042000",
    "01013002A01FBFBB01C86501FFEFFFFDBF7F",
    "01013000D00F",
    "01013002A001D60C0100",
    "0184308A04789C8DD0BB0DC3301004D135E07604ECFD8FE548345D8AEB76CA9005CC0B06AFDF5B489286"
      + "5C32E612BBE29E71C99C7DB5AD717D9EAAFCE89321822F9F750BFD2E518074409B5152277DED7D03A410"
      + "7029D1935E6DEBD501521250556D9713606C8011205501A776441C00163B9000A90D48DA187902F8BED0"
      + "1520CD01738FAC7102EC0FBD01D20908A3D82740EC13C301D213F8030974783B",
    "018430B601789C6360DCC458689B939F9EAF5690989E6A6BC0C0C0C0C0802C628A216288216286216284"
      + "21628E21628C2162812162822162C0C0C00000D1562E6F",
    "0104300102010D00323030313A6462383A3A310001800000000000",
    "010430010201196375726C2F382E342E30006F6B687474702F342E31322E300001B66DDBB66DDB",
    "010430010101010000",
    "0103300000",
    "01013082800000000000808080A00100010A071D74D041071D048083071D74D041071D74D041071D74D0"
      + "41071D74D041071D74D041071D74D041071D74D041071C74D041071D74D041071D7410",
  ]
  /// `requests_dictionary` rows.
  static let dictionary: [(column: String, id: Int64, value: String)] = [
    ("env", 1, "production"),
    ("method", 1, "GET"),
    ("method", 2, "POST"),
    ("route", 1, "/api/v1/users/{id}"),
    ("route", 2, "/api/v1/orders/{uuid}"),
    ("route", 3, "/static/js/app.{hex}.js"),
    ("route", 4, "/health"),
    ("route", 5, "/api/v1/search"),
  ]
  /// Inserts the block `copies` times into `store`, as the old code left it.
  static func insert(into store: RequestStore, copies: Int = 1) throws {
    try store.database.write { db in
      for entry in dictionary {
        try db.execute(
          sql: "INSERT INTO requests_dictionary (col, id, value) VALUES (?, ?, ?)",
          arguments: [entry.column, entry.id, entry.value])
      }
      for _ in 0..<copies {
        try db.execute(
          sql: """
            INSERT INTO requests_blocks (project, min_ts, max_ts, row_count, stats, version)
            VALUES (1, ?, ?, ?, ?, ?)
            """,
          arguments: [block.minTs, block.maxTs, block.rows, bytes(block.stats), block.version])
        let id = db.lastInsertedRowID
        for (column, hex) in columns.enumerated() {
          try db.execute(
            sql: "INSERT INTO requests_columns (block_id, col, data) VALUES (?, ?, ?)",
            arguments: [id, column, bytes(hex)])
        }
      }
    }
    try store.database.read { db in try store.dictionary.load(from: db) }
  }

  private static func bytes(_ hex: String) -> Data {
    let digits = Array(hex.utf8)
    return Data(
      stride(from: 0, to: digits.count, by: 2).map { index in
        UInt8(String(decoding: digits[index..<(index + 2)], as: UTF8.self), radix: 16) ?? 0
      })
  }
}

@Suite("Block format versions")
struct BlockFormatVersionTests {
  @Test("a block written with format 1 reads back every request field")
  func oldBlockReads() async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "bfv-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let store = try RequestStore(path: dir + "/requests.sqlite", durability: .normal)
    try OldRequestBlock.insert(into: store)
    let rows = try await Self.readRows(store)
    #expect(rows == OldRequestBlock.records.map(Self.fields))
  }

  @Test("compacting format 1 blocks rewrites them in format 2 with the same rows")
  func oldBlocksCompact() async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "bfv-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let store = try RequestStore(path: dir + "/requests.sqlite", durability: .normal)
    try OldRequestBlock.insert(into: store, copies: 2)
    let merged = try await store.compact(project: 1, now: .max / 2)
    #expect(merged == 1)
    let versions = try await store.database.read { db in
      try Int.fetchAll(db, sql: "SELECT version FROM requests_blocks")
    }
    #expect(versions == [BlockStore.formatVersion])
    let blobVersions = try await store.database.read { db in
      try Data.fetchAll(db, sql: "SELECT data FROM requests_columns").map { $0.first }
    }
    #expect(blobVersions.allSatisfy { $0 == ColumnCodec.version })
    let rows = try await Self.readRows(store)
    let expected = OldRequestBlock.records.map(Self.fields)
    // Equal timestamps keep their order: the copies interleave row by row.
    #expect(rows == zip(expected, expected).flatMap { [$0, $1] })
  }

  @Test("blocks and blobs of a later format are refused, not misread")
  func laterVersionsRefused() async throws {
    let blob = ColumnCodec.encode(.int64([1, 2, 3]))
    var later = blob
    later[0] = ColumnCodec.version + 1
    #expect(throws: BlockStoreError.self) {
      try later.withUnsafeBytes { try ColumnCodec.decode($0, kind: .int64, rowCount: 3) }
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "bfv-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let store = try RequestStore(path: dir + "/requests.sqlite", durability: .normal)
    try OldRequestBlock.insert(into: store)
    try await store.database.write { db in
      try db.execute(
        sql: "UPDATE requests_blocks SET version = ?", arguments: [BlockStore.formatVersion + 1])
    }
    await #expect(throws: BlockStoreError.self) {
      try await store.database.read { db in try store.blocks.blocks(project: 1, range: .all, in: db)
      }
    }
  }

  /// Every field of a record as the store gives it back, comparable as text.
  static func fields(_ record: RequestRecord) -> [String] {
    [
      "\(record.timestamp)", record.method, record.route, "\(record.status)",
      "\(record.requestTime ?? -1)", "\(record.upstreamTime ?? -1)", "\(record.bytesSent ?? -1)",
      record.path, record.query, record.remoteAddress, record.userAgent,
    ]
  }

  /// The rows of every block of project 1, each as ``fields(_:)`` of its record.
  static func readRows(_ store: RequestStore) async throws -> [[String]] {
    try await store.database.read { db in
      var rows: [[String]] = []
      for block in try store.blocks.blocks(project: 1, range: .all, in: db) {
        let vectors = try store.blocks.read(
          block, columns: Array(RequestColumn.schema.columns.indices), in: db)
        func ints(_ column: RequestColumn) -> [Int64] {
          vectors[column.rawValue]?.int64Values ?? []
        }
        func ids(_ column: RequestColumn) -> [UInt32] {
          vectors[column.rawValue]?.dictionaryIDs ?? []
        }
        func texts(_ column: RequestColumn) -> [String] {
          vectors[column.rawValue]?.stringValues ?? []
        }
        let methods = store.dictionary.values(column: RequestColumn.method.name)
        let routes = store.dictionary.values(column: RequestColumn.route.name)
        for row in 0..<block.rowCount {
          let route = routes[Int(ids(.route)[row])]
          let duration = ints(.duration)[row]
          let upstream = RequestColumn.upstreamTime(
            duration: duration, stored: ints(.upstream)[row])
          let ipv4 = ints(.remoteIPv4)[row]
          rows.append([
            "\(ints(.timestamp)[row])", methods[Int(ids(.method)[row])], route,
            "\(ints(.status)[row])", "\(duration == .min ? -1 : duration)",
            "\(upstream == .min ? -1 : upstream)", "\(ints(.bytes)[row])",
            RoutePathCodec.decode(texts(.path)[row], route: route), texts(.query)[row],
            ipv4 == .min ? texts(.remoteAddress)[row] : RequestColumn.ipv4Text(ipv4),
            texts(.userAgent)[row],
          ])
        }
      }
      return rows
    }
  }
}

@Suite("Column codec, version 2 encodings")
struct ColumnCodecVersion2Tests {
  @Test("sizes spread evenly over an uneven range pack as mixed-radix digits")
  func mixedRadix() throws {
    var random = BlockTestRandom(seed: 21)
    let sizes = (0..<10_001).map { index -> Int64 in
      index % 97 == 0 ? .min : 80 + Int64(random.next() % 39_921)
    }
    let blob = ColumnCodec.encode(.int64(sizes))
    let tag = try ColumnCodec.describe(blob).tag & ~ColumnCodec.bitmapFlag
    #expect(tag == ColumnCodec.IntegerTag.mixedRadix.rawValue)
    // 15.33 bits per value where plain packing takes 16.
    let present = sizes.filter { $0 != .min }
    let dense = ColumnCodec.encode(.int64(present))
    #expect(Double(dense.count) / Double(present.count) < 1.92)
    let decoded = try blob.withUnsafeBytes {
      try ColumnCodec.decode($0, kind: .int64, rowCount: sizes.count)
    }
    #expect(blockTestSame(decoded, .int64(sizes)))
    let rows = [10_000, 0, 5_000, 97, 3]
    let selected = try blob.withUnsafeBytes {
      try ColumnCodec.decode($0, kind: .int64, rowCount: sizes.count, rows: rows)
    }
    #expect(blockTestSame(selected, .int64(rows.map { sizes[$0] })))
  }

  @Test("skewed dictionaries of many values store indices as varints, few as nibbles")
  func dictionaryIndexLayouts() throws {
    var random = BlockTestRandom(seed: 22)
    // Two common values and 300 rare ones, like path skeletons.
    let skewed = (0..<20_000).map { _ -> String in
      let draw = random.next() % 100
      return draw < 60 ? "" : draw < 90 ? "\u{1}" : "rare-\(random.next() % 300)"
    }
    let blob = ColumnCodec.encode(.string(skewed), tokenize: false)
    #expect(try ColumnCodec.describe(blob).tag == ColumnCodec.StringTag.varintDictionary.rawValue)
    // Entropy 2.1 bits per row, plus 0.13 byte per row for the 300 rare values' text;
    // 9-bit packed indices would take 1.1 bytes before deflate.
    #expect(Double(blob.count) / Double(skewed.count) < 0.42)
    let words = ["a", "bb", "ccc", "dddd", "eeeee", "ffffff"]
    let few = (0..<20_000).map { _ in words[random.weighted([50, 20, 10, 10, 5, 5])] }
    for vector in [ColumnVector.string(skewed), .string(few)] {
      let encoded = ColumnCodec.encode(vector)
      let decoded = try encoded.withUnsafeBytes {
        try ColumnCodec.decode($0, kind: .string, rowCount: vector.count)
      }
      #expect(blockTestSame(decoded, vector))
      let selected = try encoded.withUnsafeBytes {
        try ColumnCodec.decode($0, kind: .string, rowCount: vector.count, rows: [19_999, 4, 4])
      }
      #expect(blockTestSame(selected, vector.selecting([19_999, 4, 4])))
    }
  }
}
