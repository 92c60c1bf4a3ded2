import LookoutCore
import LookoutStore

/// `source spans`: the spans of one project, from raw span blocks.
///
/// Fields: `@timestamp` (start), `duration` (milliseconds), `trace_id`, `span_id`,
/// `parent_span_id` (hex; null for roots), `service`, `name`, `env` (dictionary), `kind`
/// (`server`, `client`...), `status` (`unset`, `ok`, `error`), `outcome` (`ok`,
/// `client_error`, `fault`), `http.status`, `status_message`; and any span attribute by its
/// key (`db.system`, `annotation.customer`), null where a span lacks it.
public enum SpansQuerySource {
  /// The source over `store` for `project`.
  public static func make(_ store: SpanStore, project: Int64) -> BlockQuerySource {
    BlockQuerySource(
      name: "spans", store: store.blocks, reader: store.database, dictionary: store.dictionary,
      project: project, fields: fields,
      undeclared: { key in .attribute(key, column: SpanColumn.attributes.rawValue) })
  }

  static let fields: [BlockField] = {
    @Sendable func column(_ column: SpanColumn) -> Int { column.rawValue }
    func dictionaryField(_ name: String, _ spanColumn: SpanColumn) -> BlockField {
      .dictionary(name, spanColumn.rawValue, dictionaryColumn: spanColumn.name)
    }
    return [
      .integer("@timestamp", column(.start), type: .timestamp),
      .scaled("duration", column(.duration), dividedBy: 1000),
      BlockField(
        QueryFieldInfo(name: "trace_id", type: .string),
        columns: [column(.traceHigh), column(.traceLow)],
        .derived { vectors, count in
          guard let highs = vectors[column(.traceHigh)]?.int64Values,
            let lows = vectors[column(.traceLow)]?.int64Values
          else { return .nulls(count) }
          return QueryColumn(
            .string(zip(highs, lows).map { TraceKey(high: $0, low: $1).hex }))
        }),
      hex("span_id", column(.spanID)),
      hex("parent_span_id", column(.parentID)),
      dictionaryField("service", .service), dictionaryField("name", .name),
      dictionaryField("env", .environment),
      coded("kind", column(.kind), names: SpanRecord.Kind.allCases.map(\.rawValue)) {
        Int(SpanCodes.kind(SpanCodes.kind(code: $0)))
      },
      coded("status", column(.status), names: ["unset", "ok", "error"]) {
        Int(SpanCodes.status(SpanCodes.status(code: $0)))
      },
      coded("outcome", column(.outcome), names: ["ok", "client_error", "fault"]) {
        (0...2).contains($0) ? Int($0) : 0
      },
      .integer("http.status", column(.httpStatus)),
      .text("status_message", column(.statusMessage)),
    ]
  }()

  /// An id column as 16 hex digits; 0 (no parent) is null.
  private static func hex(_ name: String, _ column: Int) -> BlockField {
    BlockField(
      QueryFieldInfo(name: name, type: .string), columns: [column],
      .derived { vectors, count in
        guard let ids = vectors[column]?.int64Values else { return .nulls(count) }
        return QueryColumn(
          .string(ids.map { $0 == 0 ? "" : SpanHex.format(UInt64(bitPattern: $0)) }),
          present: ids.contains(0) ? ids.map { $0 != 0 } : nil)
      })
  }

  /// A small integer code shown by name; `index` maps a stored code to a position in
  /// `names` (unknown codes map to the first).
  private static func coded(
    _ name: String, _ column: Int, names: [String], index: @escaping @Sendable (Int64) -> Int
  ) -> BlockField {
    BlockField(
      QueryFieldInfo(name: name, type: .string, isDictionary: true), columns: [column],
      .derived { vectors, count in
        guard let codes = vectors[column]?.int64Values else { return .nulls(count) }
        return QueryColumn(
          .dictionary(
            codes: codes.map { Int32(min(max(index($0), 0), names.count - 1)) }, dictionary: names))
      })
  }
}
