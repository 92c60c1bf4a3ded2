import Foundation
import GRDB
import LookoutAnalysis
import LookoutCore

extension SpanStore {
  /// The summary of one trace, nil when unknown.
  public func summary(project: Int64, traceID: String) throws -> TraceSummary? {
    guard let key = TraceKey(hex: traceID) else { return nil }
    return try database.read { db in
      try Row.fetchOne(
        db,
        sql: "SELECT * FROM trace_summary WHERE project = ? AND trace_hi = ? AND trace_lo = ?",
        arguments: [project, key.high, key.low]
      ).map(TraceSummary.init(row:))
    }
  }

  /// The summaries of `traceIDs` that exist, in the order asked.
  public func summaries(project: Int64, traceIDs: [String]) throws -> [TraceSummary] {
    try database.read { db in
      try traceIDs.compactMap { id in
        guard let key = TraceKey(hex: id) else { return nil }
        return try Row.fetchOne(
          db,
          sql: "SELECT * FROM trace_summary WHERE project = ? AND trace_hi = ? AND trace_lo = ?",
          arguments: [project, key.high, key.low]
        ).map(TraceSummary.init(row:))
      }
    }
  }

  /// The newest traces that started in `range`, newest first.
  public func recentTraces(
    project: Int64, range: TimeRange, environment: String? = nil, limit: Int = 100
  ) throws -> [TraceSummary] {
    try database.read { db in
      var sql = "SELECT * FROM trace_summary WHERE project = ? AND start_us >= ? AND start_us < ?"
      var arguments: StatementArguments = [project, range.from, range.to]
      if let environment {
        sql += " AND env = ?"
        arguments += [environment]
      }
      sql += " ORDER BY start_us DESC LIMIT ?"
      arguments += [limit]
      return try Row.fetchAll(db, sql: sql, arguments: arguments).map(TraceSummary.init(row:))
    }
  }

  /// The spans of one trace, in start order; a span stored twice (a retried export, an
  /// X-Ray segment sent again) appears once, as last written.
  public func trace(project: Int64, traceID: String) async throws -> [SpanRecord] {
    guard let key = TraceKey(hex: traceID),
      let summary = try summary(project: project, traceID: traceID)
    else { return [] }
    let range = TimeRange(from: summary.start, to: summary.end + 1)
    return try await spans(project: project, traces: [key], range: range)[key] ?? []
  }

  /// The spans of `traces` that started in `range`, per trace, in start order.
  public func spans(project: Int64, traces: Set<TraceKey>, range: TimeRange) async throws
    -> [TraceKey: [SpanRecord]]
  {
    guard !traces.isEmpty else { return [:] }
    let highs = Set(traces.map(\.high))
    let found = try await matchingRows(
      project: project, range: range,
      columns: [
        SpanColumn.start.rawValue, SpanColumn.traceHigh.rawValue, SpanColumn.traceLow.rawValue,
      ]
    ) { vectors, row in
      guard let starts = vectors[SpanColumn.start.rawValue]?.int64Values,
        let high = vectors[SpanColumn.traceHigh.rawValue]?.int64Values,
        let low = vectors[SpanColumn.traceLow.rawValue]?.int64Values
      else { return false }
      return range.contains(starts[row]) && highs.contains(high[row])
        && traces.contains(TraceKey(high: high[row], low: low[row]))
    }
    var byTrace: [TraceKey: [String: SpanRecord]] = [:]
    for (key, span) in try await records(found) {
      byTrace[key, default: [:]][span.spanID] = span
    }
    return byTrace.mapValues { spans in
      spans.values.sorted { ($0.start, $0.spanID) < ($1.start, $1.spanID) }
    }
  }

  /// The newest spans in `range` that pass `filter`, newest first, at most `limit`.
  public func search(project: Int64, range: TimeRange, filter: SpanFilter, limit: Int = 100)
    async throws -> [SpanRecord]
  {
    guard let compiled = CompiledSpanFilter(filter, dictionary: dictionary) else { return [] }
    var columns = [
      SpanColumn.start, .duration, .parentID, .service, .name, .kind, .outcome, .httpStatus,
      .environment,
    ].map(\.rawValue)
    if !filter.attributes.isEmpty { columns.append(SpanColumn.attributes.rawValue) }
    let perBlock = try await blocks.scan(
      database, project: project, range: range, columns: columns, where: compiled.mayMatch
    ) { info, vectors -> (BlockInfo, [(start: Int64, row: Int)]) in
      let starts = vectors[SpanColumn.start.rawValue]?.int64Values ?? []
      var hits: [(start: Int64, row: Int)] = []
      for row in starts.indices where range.contains(starts[row]) {
        if compiled.matches(vectors, row) { hits.append((starts[row], row)) }
      }
      hits.sort { $0.start > $1.start }
      return (info, Array(hits.prefix(limit)))
    }
    let newest = perBlock.flatMap { info, hits in hits.map { (info, $0.start, $0.row) } }
      .sorted { $0.1 > $1.1 }.prefix(limit)
    var rowsByBlock: [Int64: (BlockInfo, [Int])] = [:]
    for (info, _, row) in newest { rowsByBlock[info.id, default: (info, [])].1.append(row) }
    return try await records(Array(rowsByBlock.values)).map(\.1)
      .sorted { ($0.start, $0.spanID) > ($1.start, $1.spanID) }
  }

  /// Rows of the blocks in `range` for which `matches` holds, per block.
  private func matchingRows(
    project: Int64, range: TimeRange, columns: [Int],
    where matches: @escaping @Sendable ([Int: ColumnVector], Int) -> Bool
  ) async throws -> [(BlockInfo, [Int])] {
    try await blocks.scan(database, project: project, range: range, columns: columns) {
      info, vectors in
      let count = vectors[columns[0]]?.count ?? 0
      return (info, (0..<count).filter { matches(vectors, $0) })
    }.filter { !$0.1.isEmpty }
  }

  /// The spans at `rows` of each block, with their trace keys.
  private func records(_ rows: [(BlockInfo, [Int])]) async throws -> [(TraceKey, SpanRecord)] {
    let all = SpanColumn.allCases.map(\.rawValue)
    return try await database.read { db in
      var records: [(TraceKey, SpanRecord)] = []
      for (info, indices) in rows.sorted(by: { $0.0.id < $1.0.id }) where !indices.isEmpty {
        // A block compacted since the scan listed it holds its rows elsewhere now; the
        // caller sees them missing rather than an error.
        guard let vectors = try self.blocks.readIfPresent(info, columns: all, rows: indices, in: db)
        else { continue }
        for position in indices.indices {
          records.append(self.record(vectors, position))
        }
      }
      return records
    }
  }

  /// The span at `row` of decoded full-width `vectors`.
  private func record(_ vectors: [Int: ColumnVector], _ row: Int) -> (TraceKey, SpanRecord) {
    func int(_ column: SpanColumn) -> Int64 { vectors[column.rawValue]?.int64Values?[row] ?? .min }
    func text(_ column: SpanColumn) -> String {
      vectors[column.rawValue]?.stringValues?[row] ?? ""
    }
    func word(_ column: SpanColumn) -> String {
      dictionary.value(vectors[column.rawValue]?.dictionaryIDs?[row] ?? 0, column: column.name)
    }
    let key = TraceKey(high: int(.traceHigh), low: int(.traceLow))
    let span = SpanRecord(
      traceID: key.hex, spanID: SpanHex.spanHex(int(.spanID)),
      parentSpanID: SpanHex.spanHex(int(.parentID)), service: word(.service), name: word(.name),
      kind: SpanCodes.kind(code: int(.kind)), start: int(.start), duration: int(.duration),
      status: SpanCodes.status(code: int(.status)), statusMessage: text(.statusMessage),
      attributes: SpanAttributeText.decode(text(.attributes)), environment: word(.environment),
      events: SpanDetailJSON.events(text(.events)), links: SpanDetailJSON.links(text(.links)))
    return (key, span)
  }
}

/// A ``SpanFilter`` with its strings resolved to dictionary ids and its needles built.
struct CompiledSpanFilter: Sendable {
  let environment: UInt32?
  let services: Set<UInt32>?
  let operations: Set<UInt32>?
  let kinds: Set<Int64>?
  let minDuration: Int64
  let maxDuration: Int64
  let outcomes: Set<Int64>?
  let httpStatus: ClosedRange<Int64>?
  let attributes: [CompiledAttributeCondition]
  let rootsOnly: Bool

  /// Nil when a string the filter asks for was never stored: nothing can match.
  init?(_ filter: SpanFilter, dictionary: StringDictionary) {
    func ids(_ values: Set<String>?, _ column: SpanColumn) -> Set<UInt32>?? {
      guard let values else { return .some(nil) }
      let found = Set(values.compactMap { dictionary.existingID($0, column: column.name) })
      return found.isEmpty ? nil : .some(found)
    }
    if let environment = filter.environment {
      guard let id = dictionary.existingID(environment, column: SpanColumn.environment.name)
      else { return nil }
      self.environment = id
    } else {
      environment = nil
    }
    guard let services = ids(filter.services, .service),
      let operations = ids(filter.operations, .name)
    else { return nil }
    self.services = services
    self.operations = operations
    kinds = filter.kinds.map { Set($0.map(SpanCodes.kind)) }
    minDuration = filter.minDuration ?? .min
    maxDuration = filter.maxDuration ?? .max
    outcomes = filter.outcomes.map { Set($0.map(\.rawValue)) }
    httpStatus = filter.httpStatus
    attributes = filter.attributes.map(\.compiled)
    rootsOnly = filter.rootsOnly
  }

  /// Whether a block may hold a match, from its statistics.
  func mayMatch(_ info: BlockInfo) -> Bool {
    func stats(_ column: SpanColumn) -> ColumnStats? {
      info.stats.indices.contains(column.rawValue) ? info.stats[column.rawValue] : nil
    }
    if let services, let stats = stats(.service), !stats.mayContainAny(of: services) {
      return false
    }
    if let operations, let stats = stats(.name), !stats.mayContainAny(of: operations) {
      return false
    }
    if let environment, let stats = stats(.environment), !stats.mayContainAny(of: [environment]) {
      return false
    }
    if minDuration > .min || maxDuration < .max, let stats = stats(.duration),
      !stats.mayOverlap(minDuration...maxDuration)
    {
      return false
    }
    return true
  }

  /// Whether the span at `row` matches.
  func matches(_ vectors: [Int: ColumnVector], _ row: Int) -> Bool {
    func int(_ column: SpanColumn) -> Int64 { vectors[column.rawValue]?.int64Values?[row] ?? .min }
    func id(_ column: SpanColumn) -> UInt32 {
      vectors[column.rawValue]?.dictionaryIDs?[row] ?? 0
    }
    let duration = int(.duration)
    guard duration >= minDuration, duration <= maxDuration else { return false }
    if rootsOnly, int(.parentID) != 0 { return false }
    if let services, !services.contains(id(.service)) { return false }
    if let operations, !operations.contains(id(.name)) { return false }
    if let environment, id(.environment) != environment { return false }
    if let kinds, !kinds.contains(int(.kind)) { return false }
    if let outcomes, !outcomes.contains(int(.outcome)) { return false }
    if let httpStatus, !httpStatus.contains(int(.httpStatus)) { return false }
    if !attributes.isEmpty {
      let text = vectors[SpanColumn.attributes.rawValue]?.stringValues?[row] ?? ""
      for condition in attributes where !condition.matches(storedText: text) { return false }
    }
    return true
  }
}
