import ArgumentParser
import Foundation
import LookoutAnalysis
import LookoutCore
import LookoutQuery
import LookoutServer
import LookoutStore

/// `lookout bench-spans`: fills a fresh span store with demo traces, then times opening a
/// 10,000-span trace and searching every span (docs/benchmarks.md, "Traces").
struct BenchSpans: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench-spans",
    abstract: "Benchmark the span store (see docs/benchmarks.md).",
    shouldDisplay: false)

  @Option(help: "Spans to load.")
  var spans: Int = 10_000_000

  @Option(help: "Folder of the store to create.")
  var data: String = "bench-data/spans"

  @Option(help: "Query repetitions.")
  var repeats: Int = 5

  func run() async throws {
    try? FileManager.default.removeItem(atPath: data)
    try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
    let store = try SpanStore(path: data + "/traces.sqlite", durability: .normal)
    var generator = DemoTraceGenerator(seed: 5)
    let day = 86_400.0
    let start = Date().timeIntervalSince1970 - day
    // Traces are spread evenly over a day, written 64k spans at a time, as a busy server's
    // writer would after compaction.
    let tracesPerSecond = Double(spans) / 9.0 / day
    var loaded = 0
    var second = 0.0
    var pending: [SpanRecord] = []
    let loadStart = ContinuousClock.now
    while loaded + pending.count < spans {
      let count = max(1, Int(tracesPerSecond * 60))
      pending += generator.traces(count: count, from: start + second, span: 60)
      second += 60
      if pending.count >= 65_536 {
        loaded += pending.count
        try await write(pending, store)
        pending.removeAll(keepingCapacity: true)
      }
    }
    if !pending.isEmpty {
      loaded += pending.count
      try await write(pending, store)
    }
    let loadTime = ContinuousClock.now - loadStart
    let big = Self.bigTrace(at: Int64((start + day / 2) * 1e6))
    try await write(big, store)
    try await store.database.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
    }
    let fileBytes =
      (try FileManager.default.attributesOfItem(atPath: data + "/traces.sqlite")[.size] as? Int)
      ?? 0
    print(
      "spans: \(loaded) in \(loadTime) (\(Int(Double(loaded) / loadTime.seconds)) spans/s), "
        + String(format: "%.1f bytes/span on disk", Double(fileBytes) / Double(loaded)))

    let traceID = big[0].traceID
    let opened = try await timed("open the 10,000-span trace (store)") {
      try await store.trace(project: 1, traceID: traceID)
    }
    precondition(opened.count == big.count, "read \(opened.count) of \(big.count) spans")
    _ = try await timed("  and build its tree, self times, critical path, waterfall") {
      var classifier = SpanClassifier()
      return TraceWaterfall(tree: TraceTree(spans: opened), classifier: &classifier).rows.count
    }
    let everything = TimeRange(
      from: Int64(start * 1e6) - Micros.perMinute, to: Int64((start + day) * 1e6) + Micros.perMinute
    )
    for query in [
      #"service("payments") AND duration > 700ms"#,
      #"http.status = 502 AND fault"#,
      #"db.statement CONTAINS "SUM(amount)""#,
      #"annotation.customer = "nobody""#,
    ] {
      let filter = try TraceFilterExpression.parse(query)
      let hits = try await timed("search all \(loaded) spans: \(query)") {
        try await TraceSearchQuery.run(
          store, project: 1, range: everything, filter: filter, limit: 100)
      }
      print("    \(hits.count) traces")
    }
  }

  private func write(_ spans: [SpanRecord], _ store: SpanStore) async throws {
    try await store.database.write { db in
      try store.write([SpanBatch(project: 1, environment: "production", spans: spans)], in: db)
    }
  }

  /// Times `body` `repeats` times and prints the minimum and median.
  private func timed<T>(_ label: String, _ body: () async throws -> T) async throws -> T {
    var times: [Duration] = []
    var result: T?
    for _ in 0..<max(1, repeats) {
      let start = ContinuousClock.now
      result = try await body()
      times.append(ContinuousClock.now - start)
    }
    times.sort()
    print("\(label): min \(times[0]), median \(times[times.count / 2])")
    return result!
  }

  /// One trace of 10,000 spans: a root fanning out to 100 calls of 99 spans each, nested
  /// up to ten deep.
  static func bigTrace(at start: Int64) -> [SpanRecord] {
    let traceID = "0000000000000000000000000000b16b"
    var spans = [
      SpanRecord(
        traceID: traceID, spanID: SpanHex.format(1), service: "batch", name: "POST /import",
        kind: .server, start: start, duration: 60_000_000)
    ]
    var next: UInt64 = 2
    for call in 0..<100 {
      var parent = spans[0].spanID
      for index in 0..<99 {
        let id = SpanHex.format(next)
        next += 1
        spans.append(
          SpanRecord(
            traceID: traceID, spanID: id, parentSpanID: parent, service: "worker-\(call % 5)",
            name: index % 3 == 0 ? "SELECT items" : "process item",
            kind: index % 3 == 0 ? .client : .internal,
            start: start + Int64(call) * 500_000 + Int64(index) * 1_000, duration: 400_000,
            attributes: index % 3 == 0
              ? ["db.system": "postgresql", "db.statement": "SELECT * FROM items WHERE id = $1"]
              : [:]))
        if index % 10 == 9 { parent = spans[0].spanID } else { parent = id }
      }
    }
    return spans
  }
}

extension Duration {
  fileprivate var seconds: Double {
    Double(components.seconds) + Double(components.attoseconds) / 1e18
  }
}
