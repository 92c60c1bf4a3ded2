import Foundation
import GRDB
import LookoutCore
import Testing

@testable import LookoutStore

@Suite("Log store")
struct LogStoreTests {
  static func store() throws -> LogStore {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "logs-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return try LogStore(path: dir + "/logs.sqlite", durability: .normal)
  }

  static let base: Int64 = 1_717_545_600_000_000

  static func write(_ store: LogStore, _ batches: [LogBatch]) async throws {
    try await store.database.write { db in try store.write(batches, in: db) }
  }

  static func sample() -> [LogRecord] {
    [
      LogRecord(
        timestamp: base + 1_000, observedTimestamp: base + 2_000, severityNumber: 17,
        severity: .error, body: "payment failed\nTraceback: …", service: "checkout",
        environment: "staging", source: "otlp",
        attributes: [
          LogAttribute("order.id", "42"), LogAttribute("label.job", "api"),
          LogAttribute("order.id", "repeated\u{1E}key"),
        ],
        traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7"),
      LogRecord(
        timestamp: base + 61_000_000, severity: .info, body: "ok", bodyTruncated: true,
        service: "web", source: "/var/log/web.log"),
      LogRecord(
        timestamp: base + 62_000_000, severity: .info, body: "ok again", service: "web",
        source: "/var/log/web.log", attributes: [LogAttribute("path", "/")]),
    ]
  }

  @Test func recordsReadBackAsWrittenNewestFirst() async throws {
    let store = try Self.store()
    let records = Self.sample()
    try await Self.write(store, [LogBatch(project: 1, environment: "production", records: records)])
    let read = try await store.records(
      project: 1, range: TimeRange(from: Self.base, to: Self.base + 3_600_000_000))
    var expected = records.reversed().map { $0 }
    // Records without an environment take the batch's.
    expected[0].environment = "production"
    expected[1].environment = "production"
    // A separator inside a value cannot be stored: it becomes U+FFFD.
    expected[2].attributes[2].value = "repeated\u{FFFD}key"
    #expect(read == expected)
    #expect(try await store.records(project: 2, range: .all).isEmpty)
    let limited = try await store.records(project: 1, range: .all, limit: 1)
    #expect(limited.map(\.body) == ["ok again"])
  }

  @Test func scanHandsOutTheColumnsAsked() async throws {
    let store = try Self.store()
    try await Self.write(store, [LogBatch(project: 1, records: Self.sample())])
    let range = TimeRange(from: Self.base, to: Self.base + 61_500_000)
    let error = try #require(
      store.dictionary.existingID("ERROR", column: LogColumn.severity.name))
    let counts = try await store.scan(
      project: 1, range: range, columns: [.timestamp, .severity, .body]
    ) { _, vectors -> (inRange: Int, errors: Int, bodies: [String]) in
      let times = vectors[LogColumn.timestamp.rawValue]?.int64Values ?? []
      let levels = vectors[LogColumn.severity.rawValue]?.dictionaryIDs ?? []
      let bodies = vectors[LogColumn.body.rawValue]?.stringValues ?? []
      let rows = times.indices.filter { range.contains(times[$0]) }
      return (rows.count, rows.filter { levels[$0] == error }.count, rows.map { bodies[$0] })
    }
    #expect(counts.reduce(0) { $0 + $1.inRange } == 2)
    #expect(counts.reduce(0) { $0 + $1.errors } == 1)
    #expect(counts.flatMap(\.bodies).sorted() == ["ok", "payment failed\nTraceback: …"])
  }

  @Test func rollupsCountPerMinuteAndDimension() async throws {
    let store = try Self.store()
    try await Self.write(
      store, [LogBatch(project: 1, environment: "production", records: Self.sample())])
    try await Self.write(
      store, [LogBatch(project: 1, environment: "production", records: [Self.sample()[2]])])
    let rows = try store.counts(
      project: 1, range: TimeRange(from: Self.base, to: Self.base + 3_600_000_000))
    #expect(
      rows == [
        LogCountRow(
          time: Self.base, environment: "staging", service: "checkout", source: "otlp",
          severity: .error, count: 1),
        LogCountRow(
          time: Self.base + 60_000_000, environment: "production", service: "web",
          source: "/var/log/web.log", severity: .info, count: 3),
      ])
    let hourly = try store.counts(
      project: 1, range: TimeRange(from: Self.base, to: Self.base + 3_600_000_000),
      step: 3_600_000_000, environment: "production")
    #expect(hourly.map(\.count) == [3])
    #expect(try store.counts(project: 1, range: .all, environment: "nowhere").isEmpty)
  }

  @Test func fieldNamesListColumnsThenAttributeKeys() async throws {
    let store = try Self.store()
    try await Self.write(store, [LogBatch(project: 1, records: Self.sample())])
    let names = try store.fieldNames(project: 1)
    #expect(Array(names.prefix(3)) == ["ts", "observed_ts", "severity_number"])
    #expect(Array(names.suffix(3)) == ["label.job", "order.id", "path"])
    #expect(try store.fieldNames(project: 2).contains("order.id") == false)
    #expect(store.services() == ["checkout", "web"])
    #expect(store.sources() == ["/var/log/web.log", "otlp"])
  }

  @Test func retentionDropsOldBlocksRollupsAndFields() async throws {
    let store = try Self.store()
    try await Self.write(store, [LogBatch(project: 1, records: Self.sample())])
    try await store.enforceRetention(rawBefore: Self.base + 60_000_000, rollupsBefore: Self.base)
    // The first block holds rows before and after the cut: a block goes only when all of
    // it is older.
    #expect(try await store.records(project: 1, range: .all).count == 3)
    #expect(try store.counts(project: 1, range: .all).count == 2)
    try await store.enforceRetention(
      rawBefore: Self.base + 3_600_000_000, rollupsBefore: Self.base + 3_600_000_000)
    #expect(try await store.records(project: 1, range: .all).isEmpty)
    #expect(try store.counts(project: 1, range: .all).isEmpty)
    #expect(try store.fieldNames(project: 1).contains("order.id") == false)
  }

  @Test func compactionMergesBlocksAndKeepsEveryRow() async throws {
    let store = try Self.store()
    for index in 0..<5 {
      var records = Self.sample()
      for position in records.indices { records[position].body += " #\(index)" }
      try await Self.write(store, [LogBatch(project: 1, records: records)])
    }
    let before = try await store.database.read { db in
      try store.blocks.blocks(project: 1, range: .all, in: db).count
    }
    #expect(before == 5)
    try await store.compact(project: 1, now: Self.base + 3_600_000_000)
    let after = try await store.database.read { db in
      try store.blocks.blocks(project: 1, range: .all, in: db).count
    }
    #expect(after == 1)
    let read = try await store.records(project: 1, range: .all, limit: 100)
    #expect(read.count == 15)
    #expect(Set(read.map(\.body)).count == 15)
  }

  @Test func storesTheTailOffsetWithTheRows() async throws {
    let store = try Self.store()
    let offset = SourceOffset(source: "file-logs:/var/log/app.log", state: Data("{}".utf8))
    try await Self.write(store, [LogBatch(project: 1, records: [], offset: offset)])
    #expect(try store.offset(source: offset.source) == offset)
  }

  @Test func attributeTextKeepsOrderAndRepeatedKeys() {
    let attributes = [LogAttribute("b", "1"), LogAttribute("a", ""), LogAttribute("b", "2")]
    let text = LogAttributeText.encode(attributes)
    #expect(LogAttributeText.decode(text) == attributes)
    #expect(LogAttributeText.keys(text) == ["b", "a", "b"])
    #expect(SpanAttributeText.value(of: "b", in: text) == "1")
    #expect(
      SpanAttributeText.contains(
        Array(SpanAttributeText.needle(key: "b", value: "2").utf8), in: text))
    #expect(LogAttributeText.encode([]) == "")
  }
}
