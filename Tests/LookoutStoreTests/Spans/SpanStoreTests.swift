import Foundation
import GRDB
import LookoutCore
import Testing

@testable import LookoutStore

@Suite("Span store")
struct SpanStoreTests {
  static func store() throws -> SpanStore {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "traces-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return try SpanStore(path: dir + "/traces.sqlite", durability: .normal)
  }

  static let base: Int64 = 1_717_545_600_000_000
  static let traceA = "4bf92f3577b34da6a3ce929d0e0e4736"
  static let traceB = "0000000000000000a3ce929d0e0e4737"

  /// A three-service trace: frontend -> orders -> postgres, with a 500 from orders.
  static func checkoutTrace(_ trace: String = traceA, at offset: Int64 = 0, slow: Bool = false)
    -> [SpanRecord]
  {
    let start = base + offset
    return [
      SpanRecord(
        traceID: trace, spanID: "00000000000000a1", service: "frontend", name: "GET /checkout",
        kind: .server, start: start, duration: 120_000, status: .error,
        attributes: ["http.response.status_code": "500", "annotation.customer": "acme"],
        environment: "production"),
      SpanRecord(
        traceID: trace, spanID: "00000000000000a2", parentSpanID: "00000000000000a1",
        service: "frontend", name: "POST orders", kind: .client, start: start + 5_000,
        duration: 100_000, attributes: ["http.response.status_code": "500"],
        environment: "production"),
      SpanRecord(
        traceID: trace, spanID: "00000000000000a3", parentSpanID: "00000000000000a2",
        service: "orders", name: "POST /orders", kind: .server, start: start + 6_000,
        duration: slow ? 2_000_000 : 95_000, status: .error, statusMessage: "boom",
        attributes: ["http.response.status_code": "500", "http.route": "/orders"],
        environment: "production",
        events: [
          .init(
            time: start + 90_000, name: "exception",
            attributes: ["exception.type": "ValueError", "exception.message": "bad\u{1E}id"])
        ]),
      SpanRecord(
        traceID: trace, spanID: "00000000000000a4", parentSpanID: "00000000000000a3",
        service: "orders", name: "SELECT shop.orders", kind: .client, start: start + 10_000,
        duration: 40_000,
        attributes: [
          "db.system": "postgresql", "db.statement": "SELECT * FROM orders WHERE id = $1",
        ],
        environment: "production",
        links: [.init(traceID: traceB, spanID: "00000000000000b1")]),
    ]
  }

  static func write(_ store: SpanStore, _ batches: [SpanBatch]) async throws {
    try await store.database.write { db in try store.write(batches, in: db) }
  }

  @Test func aTraceReadsBackWhole() async throws {
    let store = try Self.store()
    let spans = Self.checkoutTrace()
    try await Self.write(store, [SpanBatch(project: 1, spans: spans)])
    let read = try await store.trace(project: 1, traceID: Self.traceA)
    #expect(read.count == 4)
    #expect(read.map(\.spanID) == spans.map(\.spanID))
    // Events are stored as JSON: even a separator byte inside a value survives.
    #expect(read == spans)
    #expect(try await store.trace(project: 2, traceID: Self.traceA).isEmpty)
    #expect(try await store.trace(project: 1, traceID: "nothex").isEmpty)
  }

  @Test func summariesKnowTheRootAndTheCounts() async throws {
    let store = try Self.store()
    let spans = Self.checkoutTrace()
    // The root arrives in a later batch than its children, as it does from real SDKs.
    try await Self.write(store, [SpanBatch(project: 1, spans: Array(spans.dropFirst()))])
    var summary = try #require(try store.summary(project: 1, traceID: Self.traceA))
    #expect(summary.rootService == nil)
    try await Self.write(store, [SpanBatch(project: 1, spans: [spans[0]])])
    summary = try #require(try store.summary(project: 1, traceID: Self.traceA))
    #expect(summary.rootService == "frontend")
    #expect(summary.rootName == "GET /checkout")
    #expect(summary.duration == 120_000)
    #expect(summary.spanCount == 4)
    #expect(summary.faults == 3)
    #expect(summary.start == Self.base)
    #expect(summary.end == Self.base + 120_000)
    #expect(summary.environment == "production")
  }

  @Test func aSpanWrittenTwiceReadsOnceAsLastWritten() async throws {
    let store = try Self.store()
    var spans = Self.checkoutTrace()
    try await Self.write(store, [SpanBatch(project: 1, spans: spans)])
    spans[3].duration = 41_000
    try await Self.write(store, [SpanBatch(project: 1, spans: [spans[3]])])
    let read = try await store.trace(project: 1, traceID: Self.traceA)
    #expect(read.count == 4)
    #expect(read.first { $0.spanID == "00000000000000a4" }?.duration == 41_000)
  }

  @Test func searchFiltersAndOrdersNewestFirst() async throws {
    let store = try Self.store()
    try await Self.write(
      store,
      [
        SpanBatch(project: 1, spans: Self.checkoutTrace(Self.traceA, at: 0)),
        SpanBatch(project: 1, spans: Self.checkoutTrace(Self.traceB, at: 60_000_000, slow: true)),
      ])
    let range = TimeRange(from: Self.base, to: Self.base + 3_600_000_000)
    let slow = try await store.search(
      project: 1, range: range, filter: SpanFilter(minDuration: 1_000_000))
    #expect(slow.map(\.spanID) == ["00000000000000a3"])
    #expect(slow.first?.traceID == Self.traceB)

    let orders = try await store.search(
      project: 1, range: range, filter: SpanFilter(services: ["orders"]))
    #expect(orders.count == 4)
    #expect(orders.first?.traceID == Self.traceB)
    #expect(orders.allSatisfy { $0.service == "orders" })

    let annotated = try await store.search(
      project: 1, range: range,
      filter: SpanFilter(attributes: [
        .init(key: "annotation.customer", comparison: .equals, value: "acme")
      ]))
    #expect(annotated.count == 2)
    let notAcme = try await store.search(
      project: 1, range: range,
      filter: SpanFilter(
        attributes: [.init(key: "annotation.customer", comparison: .equals, value: "acm")]))
    #expect(notAcme.isEmpty)

    let db = try await store.search(
      project: 1, range: range,
      filter: SpanFilter(
        kinds: [.client],
        attributes: [.init(key: "db.statement", comparison: .contains, value: "FROM orders")]))
    #expect(db.count == 2)

    let faults = try await store.search(
      project: 1, range: range, filter: SpanFilter(outcomes: [.fault], rootsOnly: true))
    #expect(faults.map(\.name) == ["GET /checkout", "GET /checkout"])

    let status = try await store.search(
      project: 1, range: range, filter: SpanFilter(httpStatus: 500...599), limit: 1)
    #expect(status.count == 1)
    #expect(status.first?.traceID == Self.traceB)

    #expect(
      try await store.search(project: 1, range: range, filter: SpanFilter(services: ["nope"]))
        .isEmpty)
    let outside = TimeRange(from: Self.base + 30_000_000, to: Self.base + 40_000_000)
    #expect(try await store.search(project: 1, range: outside, filter: SpanFilter()).isEmpty)
  }

  @Test func rollupsCountCallsFaultsAndEdges() async throws {
    let store = try Self.store()
    let edges = [
      ServiceEdgeSample(
        time: Self.base, environment: "production", from: "service:frontend",
        to: "service:orders", duration: 100_000, isFault: true, isClientError: false),
      ServiceEdgeSample(
        time: Self.base + 1_000, environment: "production", from: "service:orders",
        to: "database:postgresql", duration: 40_000, isFault: false, isClientError: false),
    ]
    try await Self.write(
      store,
      [
        SpanBatch(project: 1, spans: Self.checkoutTrace(), edges: edges),
        SpanBatch(project: 1, spans: Self.checkoutTrace(Self.traceB, at: 30_000_000)),
      ])
    let range = TimeRange(from: Self.base, to: Self.base + 3_600_000_000)
    let operations = try store.operations(project: 1, range: range)
    let orders = try #require(operations.first { $0.name == "POST /orders" })
    #expect(orders.service == "orders")
    #expect(orders.kind == .server)
    #expect(orders.red.calls == 2)
    #expect(orders.red.faults == 2)
    #expect(orders.red.maxMicros == 95_000)
    let p95 = try #require(orders.red.sketch.quantile(0.95))
    #expect(abs(p95 - 95_000) / 95_000 < 0.01)
    let stored = try store.edges(project: 1, range: range)
    #expect(stored.map(\.source) == ["service:frontend", "service:orders"])
    #expect(stored.map(\.target) == ["service:orders", "database:postgresql"])
    #expect(stored[0].red.faults == 1)
    #expect(try store.edges(project: 1, range: range, environment: "dev").isEmpty)
    let series = try store.series(
      project: 1, range: TimeRange(from: Self.base, to: Self.base + 2 * Micros.perMinute),
      step: Micros.perMinute, service: "orders", operation: "POST /orders")
    #expect(series.map(\.red.calls) == [2, 0])
  }

  /// Batches are prepared apart and merged by the writer: one batch or one batch per span
  /// in one write must store the same summaries and rollups (the root is the earliest
  /// parentless span, the environment the first one given).
  @Test func batchesMergeAsOneWouldStore() async throws {
    var spans = Self.checkoutTrace() + Self.checkoutTrace(Self.traceB, at: 61_000_000)
    spans[1].environment = ""
    spans[4].environment = ""
    // A second parentless span, sent last but started first: the trace's root.
    spans.append(
      SpanRecord(
        traceID: Self.traceA, spanID: "00000000000000c1", service: "cron", name: "sweep",
        start: Self.base - 1_000, duration: 1_000, environment: "staging"))
    let whole = try Self.store()
    try await Self.write(whole, [SpanBatch(project: 1, environment: "dev", spans: spans)])
    let split = try Self.store()
    try await Self.write(
      split, spans.map { SpanBatch(project: 1, environment: "dev", spans: [$0]) })
    let range = TimeRange(from: Self.base, to: Self.base + 5 * Micros.perMinute)
    let traces = [Self.traceA, Self.traceB]
    #expect(
      try whole.summaries(project: 1, traceIDs: traces)
        == split.summaries(project: 1, traceIDs: traces))
    #expect(try whole.summary(project: 1, traceID: Self.traceA)?.rootName == "sweep")
    #expect(try whole.summary(project: 1, traceID: Self.traceB)?.rootName == "GET /checkout")
    for environment in [nil, "dev", "production", "staging"] {
      #expect(
        try whole.operations(project: 1, range: range, environment: environment).map {
          String(describing: $0)
        }
          == split.operations(project: 1, range: range, environment: environment).map {
            String(describing: $0)
          })
    }
    #expect(try whole.operations(project: 1, range: range, environment: "dev").count == 2)
  }

  @Test func servicesSpelledWithDifferentBytesStayApart() async throws {
    let store = try Self.store()
    var spans = Self.checkoutTrace()
    spans[0].service = "caf\u{E9}"
    spans[2].service = "cafe\u{301}"
    try await Self.write(store, [SpanBatch(project: 1, spans: spans)])
    #expect(store.services().count == 4)
    let read = try await store.trace(project: 1, traceID: Self.traceA)
    #expect(read.map { Array($0.service.utf8) } == spans.map { Array($0.service.utf8) })
  }

  @Test func spansWithBadIdsAreSkippedAndTheRestKept() async throws {
    let store = try Self.store()
    var spans = Self.checkoutTrace()
    spans[1].spanID = "xyz"
    try await Self.write(store, [SpanBatch(project: 1, spans: spans)])
    #expect(try await store.trace(project: 1, traceID: Self.traceA).count == 3)
  }

  @Test func attributeTextRoundTripsAndFindsExactValues() {
    let attributes = ["a": "1", "b.c": "x y", "empty": "", "unicode": "é\u{1F}"]
    let text = SpanAttributeText.encode(attributes)
    #expect(
      SpanAttributeText.decode(text) == [
        "a": "1", "b.c": "x y", "empty": "", "unicode": "é\u{FFFD}",
      ])
    #expect(SpanAttributeText.value(of: "b.c", in: text) == "x y")
    #expect(SpanAttributeText.value(of: "c", in: text) == nil)
    #expect(
      SpanAttributeText.contains(
        Array(SpanAttributeText.needle(key: "a", value: "1").utf8), in: text))
    #expect(
      !SpanAttributeText.contains(
        Array(SpanAttributeText.needle(key: "a", value: "").utf8), in: text))
    #expect(SpanAttributeText.encode([:]) == "")
  }

  @Test func attributeTextSortsKeysByBytesWhateverTheirNumber() {
    var generator = SplitMix64(seed: 11)
    for count in [1, 2, 7, 20, 64] {
      var attributes: [String: String] = [:]
      while attributes.count < count {
        let key = (0..<Int(generator.next() % 12 + 1)).map { _ in
          ["a", "b", ".", "_", "Z", "é", "0"][Int(generator.next() % 7)]
        }.joined()
        attributes[key] = String(generator.next() % 1000) + (count == 7 ? "\u{1F}" : "")
      }
      // The reference: clean, then sort by UTF-8 bytes.
      func clean(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1E}", with: "\u{FFFD}")
          .replacingOccurrences(of: "\u{1F}", with: "\u{FFFD}")
      }
      let expected =
        "\u{1E}"
        + attributes.map { (clean($0.key), clean($0.value)) }
        .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        .map { "\($0.0)\u{1F}\($0.1)\u{1E}" }.joined()
      #expect(SpanAttributeText.encode(attributes) == expected)
    }
    #expect(SpanAttributeText.encode(["k\u{1E}": "v"]) == "\u{1E}k\u{FFFD}\u{1F}v\u{1E}")
    // Keys equal once cleaned are ordered by value, whatever the dictionary's order.
    #expect(
      SpanAttributeText.encode(["a\u{1F}": "2", "a\u{1E}": "1"])
        == "\u{1E}a\u{FFFD}\u{1F}1\u{1E}a\u{FFFD}\u{1F}2\u{1E}")
    // A key that is a prefix of another sorts first.
    #expect(
      SpanAttributeText.encode(["ab": "2", "a": "1"]) == "\u{1E}a\u{1F}1\u{1E}ab\u{1F}2\u{1E}")
  }

  @Test func idsConvertBothWays() {
    let key = try! #require(TraceKey(hex: "FFFFFFFFFFFFFFFF0000000000000001"))
    #expect(key.hex == "ffffffffffffffff0000000000000001")
    #expect(key.high == -1)
    #expect(TraceKey(hex: "abc") == nil)
    #expect(TraceKey(hex: "zz" + String(repeating: "0", count: 30)) == nil)
    #expect(SpanHex.spanID("000000000000000a") == 10)
    #expect(SpanHex.spanHex(10) == "000000000000000a")
    #expect(SpanHex.spanHex(0) == "")
  }
}
