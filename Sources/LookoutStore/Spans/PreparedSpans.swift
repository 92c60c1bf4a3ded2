import LookoutCore

/// A batch's spans in the form the store writes them: columns, operation rollups and
/// trace summaries, with the batch's own numbering of its services, names and
/// environments.
///
/// Made where the batch is made (the request's task, on any core): the store's single
/// writer thread then only maps the few distinct strings to dictionary ids, joins the
/// columns and commits. Building rows there (attribute text, outcomes, rollups) held
/// the writer at 100% of a core while the request threads waited.
struct PreparedSpans: Sendable {
  /// Distinct strings of one dictionary column, numbered in order of appearance.
  ///
  /// Values are told apart by their bytes, as the stored dictionary does (String equality
  /// would make "é" and "e\u{301}" one value).
  struct LocalDictionary: Sendable {
    private(set) var values: [String] = []
    private var ids: [ColumnCodec.UTF8Key: UInt32] = [:]
    private var last: (value: String, id: UInt32)?

    /// The batch's number of `value`.
    mutating func id(_ value: String) -> UInt32 {
      // Spans of one export share their service and environment: usually the last one.
      if let last, ColumnCodec.sameBytes(last.value, value) { return last.id }
      let id: UInt32
      if let known = ids[ColumnCodec.UTF8Key(value)] {
        id = known
      } else {
        id = UInt32(values.count)
        values.append(value)
        ids[ColumnCodec.UTF8Key(value)] = id
      }
      last = (value, id)
      return id
    }
  }

  /// An operation rollup's key, strings as the batch's numbers.
  struct OperationKey: Hashable, Sendable {
    var minute: Int64
    var environment: UInt32
    var service: UInt32
    var name: UInt32
    var kind: Int64
  }

  /// The rows, dictionary columns holding the batch's numbers.
  private(set) var columns = SpanColumnBuilder()
  private(set) var services = LocalDictionary()
  private(set) var names = LocalDictionary()
  private(set) var environments = LocalDictionary()
  private(set) var operations: [OperationKey: SpanRollupTable.Measures] = [:]
  private(set) var traces: [TraceKey: TraceSummaryTable.Update] = [:]

  /// Prepares `spans`; those whose trace or span id is not hex of the right length are
  /// left out (the decoders refuse them before). `environment` is for spans without one.
  init(_ spans: [SpanRecord], environment batchEnvironment: String) {
    for span in spans {
      guard let trace = TraceKey(hex: span.traceID), let spanID = SpanHex.spanID(span.spanID)
      else { continue }
      let environment = span.environment.isEmpty ? batchEnvironment : span.environment
      let ids = SpanColumnBuilder.IDs(
        service: services.id(span.service), name: names.id(span.name),
        environment: environments.id(environment))
      let httpStatus = span.httpStatusCode
      let outcome = SpanOutcome(span, httpStatus: httpStatus)
      columns.append(
        span, trace: trace, spanID: spanID, ids: ids, httpStatus: httpStatus, outcome: outcome)
      let key = OperationKey(
        minute: Micros.floor(span.start, to: Micros.perMinute), environment: ids.environment,
        service: ids.service, name: ids.name, kind: SpanCodes.kind(span.kind))
      operations[key, default: .init()].add(
        duration: span.duration, isFault: outcome == .fault,
        isClientError: outcome == .clientError)
      traces[trace, default: .init()].add(span, environment: environment, outcome: outcome)
    }
  }
}
