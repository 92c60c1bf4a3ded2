import LookoutCore
import LookoutStore

/// `source errors`: the error events of one project (Sentry SDK events), one row each.
///
/// Fields: `@timestamp`, `event_id`, `issue_id`, `title` and `culprit` (of the issue),
/// `env`, `release`, `level`, `@message` (the event's message or exception value),
/// `trace_id`, `user`.
public struct ErrorsQuerySource: QuerySource {
  public let name = "errors"
  private let store: ErrorStore
  private let project: Int64

  /// The source over `store` for `project`.
  public init(_ store: ErrorStore, project: Int64) {
    self.store = store
    self.project = project
  }

  public var fields: [QueryFieldInfo] {
    [
      QueryFieldInfo(name: "@timestamp", type: .timestamp),
      QueryFieldInfo(name: "event_id", type: .string),
      QueryFieldInfo(name: "issue_id", type: .int),
      QueryFieldInfo(name: "title", type: .string),
      QueryFieldInfo(name: "culprit", type: .string),
      QueryFieldInfo(name: "env", type: .string),
      QueryFieldInfo(name: "release", type: .string),
      QueryFieldInfo(name: "level", type: .string),
      QueryFieldInfo(name: "@message", type: .string),
      QueryFieldInfo(name: "trace_id", type: .string),
      QueryFieldInfo(name: "user", type: .string),
    ]
  }

  public func scan(_ request: ScanRequest, _ body: @Sendable (QueryBatch) throws -> Bool)
    async throws
  {
    try store.scanEvents(project: project, range: request.range) { rows in
      var batch = QueryBatch(rowCount: rows.count, columns: [])
      for field in request.fields {
        batch.set(field, Self.column(field, rows))
      }
      return try body(batch)
    }
  }

  private static func column(_ field: String, _ rows: [ErrorEventRow]) -> QueryColumn {
    func text(_ value: (ErrorEventRow) -> String) -> QueryColumn {
      let values = rows.map(value)
      return QueryColumn(
        .string(values), present: values.contains("") ? values.map { !$0.isEmpty } : nil)
    }
    switch field {
    case "@timestamp": return QueryColumn(.int(rows.map(\.timestamp)))
    case "issue_id": return QueryColumn(.int(rows.map(\.issueID)))
    case "event_id": return text(\.eventID)
    case "title": return text(\.title)
    case "culprit": return text(\.culprit)
    case "env": return text(\.environment)
    case "release": return text(\.release)
    case "level": return text(\.level)
    case "@message": return text(\.message)
    case "trace_id": return text(\.traceID)
    case "user": return text(\.userKey)
    default: return .nulls(rows.count)
    }
  }
}
