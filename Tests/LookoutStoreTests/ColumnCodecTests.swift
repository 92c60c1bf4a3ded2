import Foundation
import Testing

@testable import LookoutStore

/// A named column of values for table-driven round trips.
struct BlockCodecCase: Sendable, CustomTestStringConvertible {
  let name: String
  let vector: ColumnVector
  var testDescription: String { name }

  init(_ name: String, _ vector: ColumnVector) {
    self.name = name
    self.vector = vector
  }
}

@Suite("Column codec")
struct ColumnCodecTests {
  static let int64Cases: [BlockCodecCase] = {
    var random = BlockTestRandom(seed: 1)
    var timestamps: [Int64] = []
    var now = BlockTestData.start
    for _ in 0..<10_000 {
      now += Int64(random.exponential(mean: 5_000))
      timestamps.append(now)
    }
    let randomFull = (0..<100_000).map { _ in Int64(bitPattern: random.next()) }
    let randomSmall = (0..<100_000).map { _ in Int64.random(in: -500...500, using: &random) }
    let withNulls = (0..<100_000).map { index in
      index % 10 == 3 ? Int64.min : Int64.random(in: 0...1_000_000, using: &random)
    }
    let longTail = (0..<5_000).map { index -> Int64 in
      let jump: Int64 = index % 500 == 0 ? 1 << 40 : Int64(random.next() % 100)
      return Int64(index) * 10 + jump
    }
    // Log-normal request times in whole milliseconds, as microseconds, some absent: the
    // shape varint offsets with Huffman coding are for.
    let logNormal = (0..<50_000).map { index -> Int64 in
      guard index % 50 != 7 else { return .min }
      let gaussian = (0..<12).reduce(-6.0) { sum, _ in sum + random.unit() }
      return Int64(80 * Foundation.exp(0.6 * gaussian) * (index % 9 == 0 ? 10 : 1)) * 1_000
    }
    let mostly200 = (0..<1_001).map { index -> Int64 in
      index % 97 == 5 ? .min : (index % 9 == 0 ? [404, 500, 201][index / 9 % 3] : 200)
    }
    return [
      BlockCodecCase("dominant value, nulls, odd length", .int64(mostly200)),
      BlockCodecCase("empty", .int64([])),
      BlockCodecCase("one value", .int64([42])),
      BlockCodecCase("one absent", .int64([.min])),
      BlockCodecCase("Int64.max", .int64([.max])),
      BlockCodecCase("extremes", .int64([.min, .max, 0, -1, 1, .max, .min + 1, .min])),
      BlockCodecCase("wrapping deltas", .int64([.max, .min + 1, .max, 0, .min + 1, -1])),
      BlockCodecCase("all absent", .int64(Array(repeating: .min, count: 1_000))),
      BlockCodecCase("constant", .int64(Array(repeating: -7, count: 1_000))),
      BlockCodecCase("constant with nulls", .int64((0..<100).map { $0 % 3 == 0 ? .min : 9 })),
      BlockCodecCase("leading nulls", .int64([.min, .min, 5, 6, .min, 8])),
      BlockCodecCase("negative deltas", .int64((0..<1_000).map { 1_000_000 - Int64($0) * 37 })),
      BlockCodecCase("unsorted", .int64((0..<1_000).map { Int64(($0 * 7_919) % 1_000) - 300 })),
      BlockCodecCase("timestamps", .int64(timestamps)),
      BlockCodecCase("milliseconds", .int64((0..<1_000).map { Int64($0 % 97) * 1_000 + 5_000 })),
      BlockCodecCase(
        "status codes", .int64((0..<1_000).map { [200, 200, 404, 500, 201][$0 % 5] })),
      BlockCodecCase("long-tail deltas", .int64(longTail)),
      BlockCodecCase("100k random full range", .int64(randomFull)),
      BlockCodecCase("100k random small", .int64(randomSmall)),
      BlockCodecCase("100k with 10% nulls", .int64(withNulls)),
      BlockCodecCase("50k log-normal durations with nulls", .int64(logNormal)),
    ]
  }()

  @Test(arguments: int64Cases)
  func int64RoundTrip(_ example: BlockCodecCase) throws {
    try expectRoundTrip(example.vector)
  }

  @Test("bit packing round-trips at every width and at buffer ends")
  func bitPackingWidths() throws {
    var random = BlockTestRandom(seed: 2)
    for width in [1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 48, 55, 56, 57, 63, 64] {
      for count in [1, 2, 7, 8, 9, 63, 64, 65, 1_000] {
        let mask: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) - 1
        let values = (0..<count).map { _ in random.next() & mask }
        var writer = ColumnBlobWriter()
        writer.pack(count: count, width: width) { values[$0] }
        #expect(writer.bytes.count == BitPacking.byteCount(count: count, width: width))
        var unpacked = [UInt64](repeating: 0, count: count)
        writer.bytes.withUnsafeBytes { packed in
          BitPacking.unpack(packed, count: count, width: width) { unpacked[$0] = $1 }
        }
        #expect(unpacked == values, "width \(width), count \(count)")
        // Through the int64 codec as well: offsets of this width from a negative base.
        try expectRoundTrip(.int64(values.map { Int64(bitPattern: $0) &- 12_345 }))
      }
    }
  }

  @Test("the encoder picks the encoding that fits the data")
  func chosenEncodings() throws {
    func tag(_ values: [Int64]) throws -> ColumnCodec.IntegerTag? {
      let described = try ColumnCodec.describe(ColumnCodec.encode(.int64(values)))
      return ColumnCodec.IntegerTag(rawValue: described.tag & ~ColumnCodec.bitmapFlag)
    }
    let timestamps = try #require(Self.int64Cases.first { $0.name == "timestamps" })
    #expect(try tag(timestamps.vector.int64Values!) == .delta)
    var random = BlockTestRandom(seed: 7)
    let millis = (0..<1_000).map { _ in Int64(random.next() % 4_096) * 1_000 }
    #expect(try tag(millis) == .frameOfReference)
    // 5,000 values need 13 bits alone, 12.33 three at a time as base-5000 digits.
    let uneven = (0..<1_000).map { _ in Int64(random.next() % 5_000) * 1_000 }
    #expect(try tag(uneven) == .mixedRadix)
    #expect(try tag((0..<1_000).map { [200, 404, 100_500, -3][$0 % 4] }) == .valueDictionary)
    let longTail = try #require(Self.int64Cases.first { $0.name == "long-tail deltas" })
    #expect(try tag(longTail.vector.int64Values!) == .deltaVarint)
    #expect(try tag([5, 5, 5]) == .constant)
    let mostly200 = try #require(Self.int64Cases.first { $0.name.hasPrefix("dominant") })
    #expect(try tag(mostly200.vector.int64Values!) == .dominant)
    let methods = try #require(Self.dictionaryCases.first { $0.name.hasPrefix("dominant") })
    #expect(try ColumnCodec.describe(ColumnCodec.encode(methods.vector)).tag == 5)
    let durations = try #require(Self.int64Cases.first { $0.name.contains("log-normal") })
    let described = try ColumnCodec.describe(ColumnCodec.encode(durations.vector))
    #expect(described.deflated)
    #expect(try tag(durations.vector.int64Values!) == .varintOffsets)
    let routes = try #require(Self.dictionaryCases.first { $0.name == "100k routes" })
    #expect(try ColumnCodec.describe(ColumnCodec.encode(routes.vector)) == (6, true))
  }

  @Test("Huffman-coded varints store skewed values near their entropy")
  func varintOffsetSizes() throws {
    let durations = try #require(Self.int64Cases.first { $0.name.contains("log-normal") })
    let values = durations.vector.int64Values!
    let packed = ColumnCodec.encode(durations.vector, deflateLevel: 0).count
    let chosen = ColumnCodec.encode(durations.vector).count
    #expect(chosen < packed * 85 / 100)
    // The plug-in entropy of the values is a floor no coding of single values beats.
    var counts: [Int64: Int] = [:]
    for value in values { counts[value, default: 0] += 1 }
    let entropyBits = counts.values.reduce(0.0) { sum, count in
      let share = Double(count) / Double(values.count)
      return sum - share * Foundation.log2(share)
    }
    #expect(Double(chosen * 8) / Double(values.count) < entropyBits + 1.5)
  }

  @Test("scale and null bitmap keep millisecond durations small")
  func compactSizes() {
    let millis = ColumnVector.int64((0..<10_000).map { Int64($0 * 7_919 % 4_096) * 1_000 })
    // 12 bits per value once the factor 1000 is divided out.
    #expect(ColumnCodec.encode(millis).count <= 10_000 * 12 / 8 + 32)
    let sparse = ColumnVector.int64((0..<10_000).map { $0 % 100 == 0 ? .min : 77 })
    #expect(ColumnCodec.encode(sparse).count < 10_000 / 8 + 32)
  }

  static let float64Cases: [BlockCodecCase] = {
    var random = BlockTestRandom(seed: 3)
    var smooth: [Double] = []
    var level = 100.0
    for index in 0..<10_000 {
      level += index % 10 == 0 ? 0.25 : 0
      smooth.append(level)
    }
    return [
      BlockCodecCase("empty", .float64([])),
      BlockCodecCase("one value", .float64([3.25])),
      BlockCodecCase(
        "specials",
        .float64([
          .nan, .infinity, -.infinity, -0.0, 0, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
        ])),
      BlockCodecCase("all NaN", .float64(Array(repeating: .nan, count: 100))),
      BlockCodecCase("constant", .float64(Array(repeating: 0.1, count: 100))),
      BlockCodecCase("smooth gauge", .float64(smooth)),
      BlockCodecCase("integers", .float64((0..<1_000).map { Double($0 % 13) })),
      BlockCodecCase(
        "100k random", .float64((0..<100_000).map { _ in Double(bitPattern: random.next()) })),
      BlockCodecCase(
        "100k percentages",
        .float64((0..<100_000).map { _ in Double(random.next() % 10_000) / 100 })),
    ]
  }()

  @Test(arguments: float64Cases)
  func float64RoundTrip(_ example: BlockCodecCase) throws {
    try expectRoundTrip(example.vector)
  }

  @Test("Gorilla beats raw on a smooth series")
  func gorillaCompresses() throws {
    let smooth = try #require(Self.float64Cases.first { $0.name == "smooth gauge" })
    #expect(ColumnCodec.encode(smooth.vector).count < 10_000 * 2)
  }

  static let dictionaryCases: [BlockCodecCase] = {
    var random = BlockTestRandom(seed: 4)
    let weights = (1...16).map { 1 / Double($0) }
    let routeWeights = (1...24).map { 1 / Double($0 * $0) }
    return [
      BlockCodecCase("empty", .dictionary([])),
      BlockCodecCase("zero", .dictionary([0])),
      BlockCodecCase("extremes", .dictionary([0, .max, 1, .max - 1])),
      BlockCodecCase("constant", .dictionary(Array(repeating: 9, count: 1_000))),
      BlockCodecCase(
        "dominant id, odd length", .dictionary((0..<1_003).map { $0 % 4 == 1 ? UInt32($0 % 7) : 1 })
      ),
      BlockCodecCase(
        "100k skewed", .dictionary((0..<100_000).map { _ in UInt32(random.weighted(weights) + 1) })),
      BlockCodecCase(
        "100k routes", .dictionary((0..<100_000).map { _ in UInt32(random.weighted(routeWeights)) })
      ),
      BlockCodecCase(
        "100k random",
        .dictionary((0..<100_000).map { _ in UInt32(truncatingIfNeeded: random.next()) })),
    ]
  }()

  @Test(arguments: dictionaryCases)
  func dictionaryRoundTrip(_ example: BlockCodecCase) throws {
    try expectRoundTrip(example.vector)
  }

  static let stringCases: [BlockCodecCase] = {
    var random = BlockTestRandom(seed: 5)
    let urls = (0..<100_000).map { _ in
      "/api/v1/users/\(random.next() % 1_000_000)?q=\(random.next() % 7)"
    }
    let words = ["GET", "POST", "", "日本語", "🎉 party", "e\u{301}", "a\u{0}b"]
    return [
      BlockCodecCase("empty", .string([])),
      BlockCodecCase("one empty string", .string([""])),
      BlockCodecCase("all empty", .string(Array(repeating: "", count: 1_000))),
      BlockCodecCase(
        "unicode", .string(["日本語のテキスト", "emoji 🎉👩‍👩‍👧", "e\u{301}", "é", "\u{0}", "", "Ω≈ç√"])),
      BlockCodecCase(
        "low cardinality", .string((0..<10_000).map { _ in words[Int(random.next() % 7)] })),
      BlockCodecCase("one long string", .string([String(repeating: "abc🎉", count: 30_000)])),
      BlockCodecCase("100k urls", .string(urls)),
      BlockCodecCase(
        "canonically equal, different bytes",
        .string((0..<1_000).map { ["é", "e\u{301}", "Å", "A\u{30A}"][$0 % 4] })),
    ]
  }()

  @Test(arguments: stringCases)
  func stringRoundTrip(_ example: BlockCodecCase) throws {
    try expectRoundTrip(example.vector)
  }

  @Test("few distinct strings use a block dictionary, many use deflated or tokenized text")
  func stringEncodings() throws {
    let low = try #require(Self.stringCases.first { $0.name == "low cardinality" })
    #expect(try ColumnCodec.describe(ColumnCodec.encode(low.vector)).tag == 1)
    // Random ids in URLs: cheaper as binary numbers than as deflated digits.
    let urls = try #require(Self.stringCases.first { $0.name == "100k urls" })
    let described = try ColumnCodec.describe(ColumnCodec.encode(urls.vector))
    #expect(described.tag == ColumnCodec.StringTag.tokenized.rawValue)
    // Words without numbers: deflated text.
    var random = BlockTestRandom(seed: 8)
    let syllables = ["ka", "to", "ri", "mu", "se", "na", "po", "lu"]
    let words = ColumnVector.string(
      (0..<20_000).map { _ in
        (0..<6).map { _ in syllables[Int(random.next() % 8)] }.joined()
      })
    let text = try ColumnCodec.describe(ColumnCodec.encode(words))
    #expect(text.tag == 0 && text.deflated)
  }

  @Test("truncated blobs throw instead of trapping")
  func truncation() throws {
    for vector in Self.sample([
      "timestamps", "100k with 10% nulls", "smooth gauge", "100k skewed",
      "low cardinality", "100k urls", "dominant value, nulls, odd length",
      "dominant id, odd length",
    ]) {
      let blob = ColumnCodec.encode(vector)
      for length in Set([0, 1, 2, 3, 4, 5, 8, 16, blob.count / 2, blob.count - 1]) {
        let prefix = Array(blob.prefix(length))
        #expect(throws: BlockStoreError.self) {
          try prefix.withUnsafeBytes {
            try ColumnCodec.decode($0, kind: vector.kind, rowCount: vector.count)
          }
        }
      }
    }
  }

  @Test("damaged blobs never trap")
  func corruption() {
    var random = BlockTestRandom(seed: 6)
    let vectors =
      Self.sample([
        "negative deltas", "status codes", "integers", "constant", "low cardinality",
        "dominant value, nulls, odd length", "dominant id, odd length", "milliseconds",
      ])
      + BlockTestData.batch(rows: 300, seed: 9).columns
    for vector in vectors {
      let blob = ColumnCodec.encode(vector)
      for _ in 0..<300 {
        var damaged = blob
        for _ in 0..<Int(random.next() % 3 + 1) {
          damaged[Int(random.next() % UInt64(damaged.count))] = UInt8(
            truncatingIfNeeded: random.next())
        }
        // Either an error or some values; what matters is that it returns.
        _ = try? damaged.withUnsafeBytes {
          try ColumnCodec.decode($0, kind: vector.kind, rowCount: vector.count)
        }
      }
    }
  }

  @Test("a blob of another kind or row count is refused")
  func mismatch() {
    let blob = ColumnCodec.encode(.int64([1, 2, 3]))
    #expect(throws: BlockStoreError.self) {
      try blob.withUnsafeBytes { try ColumnCodec.decode($0, kind: .string, rowCount: 3) }
    }
    #expect(throws: BlockStoreError.self) {
      try blob.withUnsafeBytes { try ColumnCodec.decode($0, kind: .int64, rowCount: 4) }
    }
  }

  /// The vectors of the cases named `names`, across all kinds.
  static func sample(_ names: [String]) -> [ColumnVector] {
    let all = int64Cases + float64Cases + dictionaryCases + stringCases
    return names.map { name in all.first { $0.name == name }!.vector }
  }

  private func expectRoundTrip(
    _ vector: ColumnVector, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let blob = ColumnCodec.encode(vector)
    let decoded = try blob.withUnsafeBytes {
      try ColumnCodec.decode($0, kind: vector.kind, rowCount: vector.count)
    }
    #expect(blockTestSame(decoded, vector), sourceLocation: sourceLocation)
  }
}

@Suite("Column codec, selected rows")
struct ColumnCodecRowSelectionTests {
  @Test("decoding selected rows equals selecting from the full decode", arguments: [0, 1, 2, 3])
  func selectedRows(_ which: Int) throws {
    let cases = [
      ColumnCodecTests.stringCases, ColumnCodecTests.int64Cases, ColumnCodecTests.dictionaryCases,
      ColumnCodecTests.float64Cases,
    ][which]
    for example in cases where example.vector.count > 0 {
      let count = example.vector.count
      let rows = [count - 1, 0, count / 2, count / 3, count / 2]
      let blob = ColumnCodec.encode(example.vector)
      let selected = try blob.withUnsafeBytes {
        try ColumnCodec.decode($0, kind: example.vector.kind, rowCount: count, rows: rows)
      }
      #expect(blockTestSame(selected, example.vector.selecting(rows)), "\(example.name)")
    }
    let blob = ColumnCodec.encode(.string(["a", "b"]))
    #expect(throws: BlockStoreError.self) {
      try blob.withUnsafeBytes { try ColumnCodec.decode($0, kind: .string, rowCount: 2, rows: [2]) }
    }
  }
}
