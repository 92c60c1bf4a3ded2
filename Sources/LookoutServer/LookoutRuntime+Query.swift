import LookoutQuery

extension LookoutRuntime {
  /// The stores the query language reads.
  var queryCatalog: QueryCatalog {
    QueryCatalog(
      requests: requests, spans: spans, slowQueries: slowQueries, errors: errors, logs: logs)
  }
}
