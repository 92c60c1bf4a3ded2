import ArgumentParser
import Foundation
import LookoutAnalysis
import LookoutCore
import LookoutIngest
import LookoutQuery
import LookoutStore

/// `lookout bench-store`: loads an access log into a fresh block store and times the
/// per-route query from raw blocks (docs/benchmarks.md compares it with DuckDB).
struct BenchStore: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench-store",
    abstract: "Benchmark the request block store (see docs/benchmarks.md).",
    shouldDisplay: false)

  @Argument(help: "An access log in the timed format (scripts/bench/gen_nginx.sh makes one).")
  var log: String

  @Option(help: "Folder of the store to create.")
  var data: String = "bench-data/store"

  @Option(help: "Also write the rows as CSV (ts_us,method,route,status,duration_us) for DuckDB.")
  var csv: String?

  @Option(help: "Load the log this many times, each pass shifted in time past the one before.")
  var passes: Int = 1

  @Option(help: "Query repetitions.")
  var repeats: Int = 5

  @Option(help: "The query range as fractions of the data's time span: from,to.")
  var span: String = "0.1,0.9"

  func run() async throws {
    try? FileManager.default.removeItem(atPath: data)
    let store = try RequestStore(path: data + "/requests.sqlite", durability: .normal)
    var templater = RouteTemplater()
    let csvHandle = try csv.map { path -> FileHandle in
      _ = FileManager.default.createFile(
        atPath: path, contents: Data("ts_us,method,route,status,duration_us\n".utf8))
      let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
      try handle.seekToEnd()
      return handle
    }
    var rows = 0
    var minTs = Int64.max
    var maxTs = Int64.min
    var shift: Int64 = 0
    let loadStart = ContinuousClock.now
    for _ in 0..<max(1, passes) {
      let before = maxTs
      try load(
        store: store, templater: &templater, csv: csvHandle, shift: shift, rows: &rows,
        minTs: &minTs, maxTs: &maxTs)
      shift += (maxTs - (before == .min ? minTs : before)) + 1_000_000
    }
    try csvHandle?.close()
    let loadTime = ContinuousClock.now - loadStart
    try await store.database.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
    }
    let summary = try await store.database.read { db in try store.blocks.summary(in: db) }
    let fileBytes =
      (try FileManager.default.attributesOfItem(atPath: data + "/requests.sqlite")[.size] as? Int)
      ?? 0
    // Pages per table, from SQLite's dbstat table (Debian's SQLite has it; skipped if not).
    let pages = try await store.database.read { db in
      StorageFootprint.pageBytesByTable(in: db)
    }
    let perRow = { (bytes: Int64) in Double(bytes) / Double(max(rows, 1)) }
    print("rows: \(rows), blocks: \(summary.blockCount), load: \(loadTime)")
    print(
      String(
        format: "bytes/row: %.2f raw blocks, %.2f whole requests.sqlite (with rollups and indexes)",
        summary.bytesPerRow, Double(fileBytes) / Double(max(rows, 1))))
    if let pages {
      let blockTables = ["requests_columns", "requests_blocks", "requests_dictionary"]
      let blockBytes = blockTables.compactMap { pages[$0] }.reduce(0, +)
      print(
        String(
          format: "pages/row: %.2f block store (column blobs, block index, dictionary), "
            + "%.2f minute rollups",
          perRow(blockBytes), perRow(pages["request_rollup"] ?? 0)))
    }
    let fractions = span.split(separator: ",").compactMap { Double($0) }
    let from = minTs + Int64(Double(maxTs - minTs) * (fractions.first ?? 0.1)) + 12_345
    let to = minTs + Int64(Double(maxTs - minTs) * (fractions.last ?? 0.9)) + 678
    print("range: \(from) ..< \(to) (µs)")
    var times: [Duration] = []
    var result: [RouteStats] = []
    for _ in 0..<repeats {
      let start = ContinuousClock.now
      result = try await EndpointQuery.fromBlocks(
        store, filter: RequestFilter(project: 1, range: TimeRange(from: from, to: to)))
      times.append(ContinuousClock.now - start)
    }
    times.sort()
    print(
      "query from raw blocks: min \(times.first!), median \(times[times.count / 2]) over \(repeats) runs"
    )
    for row in result.prefix(5) {
      print(
        String(
          format: "  %@ %@ count=%d err=%.4f avg=%.3fms p95=%.3fms", row.method, row.route,
          row.count,
          row.errorRate, row.avgMs ?? 0, row.p95Ms ?? 0))
    }
  }

  /// Reads the log once, timestamps moved by `shift`, and writes it in 64k-row blocks.
  private func load(
    store: RequestStore, templater: inout RouteTemplater, csv: FileHandle?, shift: Int64,
    rows: inout Int,
    minTs: inout Int64, maxTs: inout Int64
  ) throws {
    guard let input = FileHandle(forReadingAtPath: log) else {
      throw ValidationError("cannot read \(log)")
    }
    let decoder = NginxBatchDecoder(format: .timed)
    var splitter = LineSplitter()
    var carry: [UInt8] = []
    var pending: [RequestRecord] = []
    while true {
      let chunk = input.readData(ofLength: 8 << 20)
      carry += chunk
      let batch = carry.withUnsafeBytes {
        decoder.decode($0, firstLineNumber: 1, isFinal: chunk.isEmpty, splitter: &splitter)
      }
      carry.removeFirst(batch.consumedBytes)
      for var record in batch.records {
        record.timestamp += shift
        record.route = templater.template(record.path, method: record.method)
        record.domain = ""
        minTs = min(minTs, record.timestamp)
        maxTs = max(maxTs, record.timestamp)
        pending.append(record)
      }
      if pending.count >= 65_536 || (chunk.isEmpty && !pending.isEmpty) {
        rows += pending.count
        try write(pending, store: store, csv: csv)
        pending.removeAll(keepingCapacity: true)
      }
      if chunk.isEmpty { break }
    }
  }

  private func write(_ records: [RequestRecord], store: RequestStore, csv: FileHandle?) throws {
    try store.database.write { db in
      try store.write([RequestBatch(records: records, context: SourceContext())], in: db)
    }
    guard let csv else { return }
    var text = ""
    text.reserveCapacity(records.count * 48)
    for r in records {
      text +=
        "\(r.timestamp),\(r.method),\(r.route),\(r.status),\(r.requestTime.map(String.init) ?? "")\n"
    }
    csv.write(Data(text.utf8))
  }
}
