import GRDB
import LookoutCore
import LookoutStore

/// `source slowqueries`: statements from MySQL/MariaDB slow logs and PostgreSQL logs of one
/// project, from raw blocks.
///
/// Fields: `@timestamp`, `class_id`, `fingerprint` (the normalised statement of the
/// class), `query_time` and `lock_time` (milliseconds), `rows_sent`, `rows_examined`,
/// `rows_affected`, `env`, `db`, `user`, `host` (dictionary), `statement`.
public enum SlowQueriesQuerySource {
  /// The source over `store` for `project`.
  public static func make(_ store: SlowQueryStore, project: Int64) -> BlockQuerySource {
    // Read only when a query names `fingerprint`; an unreadable table shows none.
    let fingerprints = LoadedOnce {
      let rows = try? store.database.read { db in
        try Row.fetchAll(
          db, sql: "SELECT class_id, fingerprint FROM query_class WHERE project = ?",
          arguments: [project])
      }
      return Dictionary(
        (rows ?? []).map { ($0[0] as String, $0[1] as String) },
        uniquingKeysWith: { first, _ in first })
    }
    return BlockQuerySource(
      name: "slowqueries", store: store.blocks, reader: store.database,
      dictionary: store.dictionary, project: project,
      fields: fields(store.dictionary, fingerprints: fingerprints))
  }

  static func fields(_ dictionary: StringDictionary, fingerprints: LoadedOnce<[String: String]>)
    -> [BlockField]
  {
    @Sendable func column(_ column: SlowQueryColumn) -> Int { column.rawValue }
    func dictionaryField(_ name: String, _ queryColumn: SlowQueryColumn) -> BlockField {
      .dictionary(name, queryColumn.rawValue, dictionaryColumn: queryColumn.name)
    }
    let classColumn = column(.classID)
    return [
      .integer("@timestamp", column(.timestamp), type: .timestamp),
      dictionaryField("class_id", .classID),
      BlockField(
        QueryFieldInfo(name: "fingerprint", type: .string), columns: [classColumn],
        .derived { vectors, count in
          guard let ids = vectors[classColumn]?.dictionaryIDs else { return .nulls(count) }
          let byClass = fingerprints.value
          let names = dictionary.values(column: SlowQueryColumn.classID.name).map {
            byClass[$0] ?? ""
          }
          return QueryColumn(
            .dictionary(
              codes: ids.map { Int(exactly: $0).map { $0 < names.count ? Int32($0) : 0 } ?? 0 },
              dictionary: names))
        }),
      .scaled("query_time", column(.queryTime), dividedBy: 1000),
      .scaled("lock_time", column(.lockTime), dividedBy: 1000),
      .integer("rows_sent", column(.rowsSent)),
      .integer("rows_examined", column(.rowsExamined)),
      .integer("rows_affected", column(.rowsAffected)),
      dictionaryField("env", .environment), dictionaryField("db", .database),
      dictionaryField("user", .user), dictionaryField("host", .host),
      .text("statement", column(.statement)),
    ]
  }
}
