import LookoutCore

/// The columns of one log block, filled record by record.
struct LogColumnBuilder {
  /// Dictionary ids of one record's strings.
  struct IDs {
    var severity: UInt32
    var service: UInt32
    var environment: UInt32
    var source: UInt32
  }

  var timestamps: [Int64] = []
  var observed: [Int64] = []
  var severityNumbers: [Int64] = []
  var severities: [UInt32] = []
  var services: [UInt32] = []
  var environments: [UInt32] = []
  var sources: [UInt32] = []
  var bodies: [String] = []
  var attributes: [String] = []
  var traceHighs: [Int64] = []
  var traceLows: [Int64] = []
  var spanIDs: [Int64] = []
  var patternIDs: [Int64] = []
  var flags: [Int64] = []

  var rowCount: Int { timestamps.count }

  mutating func append(_ record: LogRecord, ids: IDs, patternID: Int64 = 0) {
    timestamps.append(record.timestamp)
    observed.append(record.observedTimestamp)
    severityNumbers.append(Int64(record.severityNumber))
    severities.append(ids.severity)
    services.append(ids.service)
    environments.append(ids.environment)
    sources.append(ids.source)
    bodies.append(record.body)
    attributes.append(LogAttributeText.encode(record.attributes))
    let trace = record.traceID.flatMap { TraceKey(hex: $0) } ?? TraceKey(high: 0, low: 0)
    traceHighs.append(trace.high)
    traceLows.append(trace.low)
    spanIDs.append(record.spanID.flatMap { SpanHex.spanID($0) } ?? 0)
    patternIDs.append(patternID)
    flags.append(record.bodyTruncated ? LogColumn.bodyTruncatedFlag : 0)
  }

  func batch() -> ColumnBatch {
    ColumnBatch(columns: [
      .int64(timestamps), .int64(observed), .int64(severityNumbers), .dictionary(severities),
      .dictionary(services), .dictionary(environments), .dictionary(sources), .string(bodies),
      .string(attributes), .int64(traceHighs), .int64(traceLows), .int64(spanIDs),
      .int64(patternIDs), .int64(flags),
    ])
  }
}
